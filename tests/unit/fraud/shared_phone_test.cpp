#include <catch2/catch.hpp>

#include "fraud/rule_settings.hpp"
#include "fraud/rules/rules.hpp"
#include "tests/unit/fraud/pool_fixtures.hpp"

using namespace crossclaim::fraud_fixtures;
using crossclaim::fraud::rule_settings;
using crossclaim::fraud::rules::shared_phone;

TEST_CASE("SHARED_PHONE fires when 3 different people use one phone", "[unit][fraud]") {
    auto in = two_party_input();
    in.people_per_phone = {{"phone-1", 3}, {"phone-2", 1}};
    in.matches = {row("c-1", shifted(-days(40)), "vin-7", "id-7", "phone-1"),
                  row("c-2", shifted(-days(20)), "vin-8", "id-8", "phone-9")};
    const auto hit = shared_phone(in, rule_settings{});
    REQUIRE(hit);
    CHECK(hit->code == "SHARED_PHONE");
    CHECK(hit->weight == 15);
    // The claims through which the phone can be followed; c-2 shares something else.
    CHECK(hit->claims == claim_ids{"c-0", "c-1"});
    CHECK(has_evidence(*hit, "c-0", id_kind::phone, "phone-1"));
    CHECK(has_evidence(*hit, "c-1", id_kind::phone, "phone-1"));
    CHECK(hit->explanation == "Party A's phone is used by 3 different people (3 or more).");
}

TEST_CASE("SHARED_PHONE stays quiet when 2 people use one phone", "[unit][fraud]") {
    auto in = two_party_input();
    in.people_per_phone = {{"phone-1", 2}, {"phone-2", 2}};
    CHECK_FALSE(shared_phone(in, rule_settings{}));
}

TEST_CASE("SHARED_PHONE stays quiet for a phone storage has no count of", "[unit][fraud]") {
    auto in = two_party_input();
    in.people_per_phone = {{"phone-9", 5}};
    CHECK_FALSE(shared_phone(in, rule_settings{}));
}

TEST_CASE("SHARED_PHONE reports a phone both parties give once", "[unit][fraud]") {
    auto in = two_party_input();
    in.claim.parties[1].phone = "phone-1";
    in.people_per_phone = {{"phone-1", 4}};
    in.matches = {row("c-0", accident_time(), "vin-1", "id-1", "phone-1")};
    const auto hit = shared_phone(in, rule_settings{});
    REQUIRE(hit);
    CHECK(hit->claims == claim_ids{"c-0"});
    CHECK(hit->evidence.size() == 1);
    CHECK(hit->explanation == "Party A's phone is used by 4 different people (3 or more).");
}
