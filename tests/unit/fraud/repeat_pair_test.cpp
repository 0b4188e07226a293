#include <catch2/catch.hpp>

#include "fraud/rule_settings.hpp"
#include "fraud/rules/rules.hpp"
#include "tests/unit/fraud/pool_fixtures.hpp"

using namespace crossclaim::fraud_fixtures;
using crossclaim::fraud::rule_settings;
using crossclaim::fraud::rules::repeat_pair;

// The screened claim has A (vin-1, id-1) and B (vin-2, id-2).

TEST_CASE("REPEAT_PAIR fires when the same two vehicles were in another accident together",
          "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(-days(120)), "vin-1", "id-8"),
                  row("c-1", shifted(-days(120)), "vin-2", "id-9")};
    const auto hit = repeat_pair(in, rule_settings{});
    REQUIRE(hit);
    CHECK(hit->code == "REPEAT_PAIR");
    CHECK(hit->weight == 30);
    CHECK(hit->claims == claim_ids{"c-0", "c-1"});
    for (const char* c : {"c-0", "c-1"}) {
        CHECK(has_evidence(*hit, c, id_kind::vin, "vin-1"));
        CHECK(has_evidence(*hit, c, id_kind::vin, "vin-2"));
    }
    CHECK(hit->evidence.size() == 4);
    CHECK(hit->evidence[0].claim_id == "c-0");
    CHECK(hit->explanation ==
          "The vehicles of parties A and B were together in another accident within 365 days, "
          "the nearest 120 days apart.");
}

TEST_CASE("REPEAT_PAIR fires when the same two drivers were in another accident together",
          "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(days(30)), "vin-7", "id-1"),
                  row("c-1", shifted(days(30)), "vin-8", "id-2")};
    const auto hit = repeat_pair(in, rule_settings{});
    REQUIRE(hit);
    CHECK(has_evidence(*hit, "c-1", id_kind::id_number, "id-1"));
    CHECK(has_evidence(*hit, "c-1", id_kind::id_number, "id-2"));
    CHECK(explains(*hit, "The drivers of parties A and B"));
}

TEST_CASE("REPEAT_PAIR stays quiet when only one vehicle and one driver are in common",
          "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(-days(10)), "vin-1", "id-9"),
                  row("c-1", shifted(-days(10)), "vin-9", "id-2")};
    CHECK_FALSE(repeat_pair(in, rule_settings{}));
}

TEST_CASE("REPEAT_PAIR stays quiet when the two vehicles were in different accidents",
          "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(-days(10)), "vin-1", "id-8"),
                  row("c-2", shifted(-days(10)), "vin-2", "id-9")};
    CHECK_FALSE(repeat_pair(in, rule_settings{}));
}

TEST_CASE("REPEAT_PAIR does not look back further than 365 days", "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(-days(366)), "vin-1", "id-8"),
                  row("c-1", shifted(-days(366)), "vin-2", "id-9")};
    CHECK_FALSE(repeat_pair(in, rule_settings{}));
    for (auto& m : in.matches) m.occurred_at = shifted(-days(365));
    CHECK(repeat_pair(in, rule_settings{}));
}

TEST_CASE("REPEAT_PAIR needs two parties and never matches the screened claim itself",
          "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-0", accident_time(), "vin-1", "id-1"),
                  row("c-0", accident_time(), "vin-2", "id-2")};
    CHECK_FALSE(repeat_pair(in, rule_settings{}));
    auto single = single_party_input();
    single.matches = {row("c-1", shifted(-days(1)), "vin-1", "id-1")};
    CHECK_FALSE(repeat_pair(single, rule_settings{}));
}
