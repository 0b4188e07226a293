#include <catch2/catch.hpp>

#include "fraud/rule_settings.hpp"
#include "fraud/rules/rules.hpp"
#include "tests/unit/fraud/pool_fixtures.hpp"

using namespace crossclaim::fraud_fixtures;
using crossclaim::fraud::rule_settings;
using crossclaim::fraud::rules::duplicate_evidence;

TEST_CASE("DUPLICATE_EVIDENCE fires on a photo hash another claim already has", "[unit][fraud]") {
    auto in = two_party_input();  // evidence ev-1, ev-2
    auto m = row("c-1", shifted(-days(400)), "vin-7", "id-7");
    m.evidence = {"ev-2"};
    in.matches = {m};
    const auto hit = duplicate_evidence(in, rule_settings{});
    REQUIRE(hit);
    CHECK(hit->code == "DUPLICATE_EVIDENCE");
    CHECK(hit->weight == 40);
    CHECK(hit->claims == claim_ids{"c-0", "c-1"});
    REQUIRE(hit->evidence.size() == 2);
    CHECK(hit->evidence[0].claim_id == "c-0");
    CHECK(has_evidence(*hit, "c-0", id_kind::evidence, "ev-2"));
    CHECK(has_evidence(*hit, "c-1", id_kind::evidence, "ev-2"));
    CHECK_FALSE(has_evidence(*hit, "c-0", id_kind::evidence, "ev-1"));
    CHECK(hit->explanation == "1 evidence hash of this claim already appears in 1 other claim.");
}

TEST_CASE("DUPLICATE_EVIDENCE stays quiet when every hash is distinct", "[unit][fraud]") {
    auto in = two_party_input();
    auto m = row("c-1", shifted(-days(1)), "vin-1", "id-1");
    m.evidence = {"ev-3", ""};
    in.matches = {m};
    CHECK_FALSE(duplicate_evidence(in, rule_settings{}));
}

TEST_CASE("DUPLICATE_EVIDENCE never matches the screened claim's own evidence", "[unit][fraud]") {
    auto in = two_party_input();
    auto m = row("c-0", accident_time(), "vin-1", "id-1");
    m.evidence = {"ev-1", "ev-2"};
    in.matches = {m};
    CHECK_FALSE(duplicate_evidence(in, rule_settings{}));
}

TEST_CASE("DUPLICATE_EVIDENCE gathers every shared hash and claim into one hit", "[unit][fraud]") {
    auto in = two_party_input();
    auto m1 = row("c-1", shifted(-days(3)), "vin-7", "id-7");
    m1.evidence = {"ev-1", "ev-2"};
    auto m1b = m1;  // c-1's other party row repeats the claim's matched evidence
    m1b.role = "B";
    auto m2 = row("c-2", shifted(-days(9)), "vin-8", "id-8");
    m2.evidence = {"ev-2"};
    in.matches = {m1, m1b, m2};
    const auto hit = duplicate_evidence(in, rule_settings{});
    REQUIRE(hit);
    CHECK(hit->claims == claim_ids{"c-0", "c-2", "c-1"});
    CHECK(hit->evidence.size() == 5);
    CHECK(hit->explanation == "2 evidence hashes of this claim already appear in 2 other claims.");
}
