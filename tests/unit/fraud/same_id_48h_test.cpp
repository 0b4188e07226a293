#include <catch2/catch.hpp>

#include "fraud/rule_settings.hpp"
#include "fraud/rules/rules.hpp"
#include "tests/unit/fraud/pool_fixtures.hpp"

using namespace crossclaim::fraud_fixtures;
using crossclaim::fraud::rule_settings;
using crossclaim::fraud::rules::same_id_48h;

TEST_CASE("SAME_ID_48H fires on the same driver ID in another accident 47 hours before",
          "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(-hours(47)), "vin-7", "id-2")};
    const auto hit = same_id_48h(in, rule_settings{});
    REQUIRE(hit);
    CHECK(hit->code == "SAME_ID_48H");
    CHECK(hit->weight == 25);
    CHECK(hit->claims == claim_ids{"c-0", "c-1"});
    CHECK(has_evidence(*hit, "c-0", id_kind::id_number, "id-2"));
    CHECK(has_evidence(*hit, "c-1", id_kind::id_number, "id-2"));
    CHECK(hit->evidence.front().claim_id == "c-0");
    CHECK(hit->explanation ==
          "Party B's driver ID is in another accident within 48 hours, the nearest 47 hours "
          "apart.");
}

TEST_CASE("SAME_ID_48H fires at exactly 48 hours, before or after", "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(hours(48)), "vin-7", "id-1")};
    CHECK(same_id_48h(in, rule_settings{}));
    in.matches = {row("c-1", shifted(-hours(48)), "vin-7", "id-1")};
    CHECK(same_id_48h(in, rule_settings{}));
}

TEST_CASE("SAME_ID_48H stays quiet at 49 hours and just over 48", "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(-hours(49)), "vin-7", "id-1")};
    CHECK_FALSE(same_id_48h(in, rule_settings{}));
    in.matches = {row("c-1", shifted(hours(48) + std::chrono::seconds(1)), "vin-7", "id-1")};
    CHECK_FALSE(same_id_48h(in, rule_settings{}));
}

TEST_CASE("SAME_ID_48H counts several accidents and reports the nearest", "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(-hours(30)), "vin-7", "id-1"),
                  row("c-2", shifted(hours(2) + minutes(30)), "vin-8", "id-1")};
    const auto hit = same_id_48h(in, rule_settings{});
    REQUIRE(hit);
    CHECK(hit->claims == claim_ids{"c-0", "c-1", "c-2"});
    CHECK(explains(*hit, "in 2 other accidents within 48 hours, the nearest 2 hours 30 minutes"));
}

TEST_CASE("SAME_ID_48H ignores other IDs, absent IDs and the screened claim's own rows",
          "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(-hours(1)), "vin-7", "id-9"),
                  row("c-0", shifted(-hours(1)), "vin-7", "id-1")};
    CHECK_FALSE(same_id_48h(in, rule_settings{}));
    in.claim.parties[0].driver.clear();
    in.matches = {row("c-1", shifted(-hours(1)), "vin-7", "")};
    CHECK_FALSE(same_id_48h(in, rule_settings{}));
}
