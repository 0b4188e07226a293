#include <catch2/catch.hpp>

#include "fraud/rule_settings.hpp"
#include "fraud/rules/rules.hpp"
#include "tests/unit/fraud/pool_fixtures.hpp"

using namespace crossclaim::fraud_fixtures;
using crossclaim::fraud::rule_settings;
using crossclaim::fraud::rules::double_report;

// The screened claim is PICC's; its party B drives vin-2.

TEST_CASE("DOUBLE_REPORT fires when another member reports the vehicle 23 hours apart",
          "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(-hours(23)), "vin-2", "id-9", "", "PAIC")};
    const auto hit = double_report(in, rule_settings{});
    REQUIRE(hit);
    CHECK(hit->code == "DOUBLE_REPORT");
    CHECK(hit->weight == 30);
    CHECK(hit->claims == claim_ids{"c-0", "c-1"});
    CHECK(has_evidence(*hit, "c-0", id_kind::vin, "vin-2"));
    CHECK(has_evidence(*hit, "c-1", id_kind::vin, "vin-2"));
    CHECK(hit->explanation ==
          "Party B's vehicle is in claims of 2 different members within 24 hours, the nearest "
          "23 hours apart.");
    // No member learns from a hit which other member holds the vehicle.
    CHECK_FALSE(explains(*hit, "PAIC"));
    CHECK_FALSE(explains(*hit, "PICC"));
}

TEST_CASE("DOUBLE_REPORT stays quiet at 25 hours and fires at exactly 24", "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(hours(25)), "vin-2", "id-2", "", "PAIC")};
    CHECK_FALSE(double_report(in, rule_settings{}));
    in.matches[0].occurred_at = shifted(hours(24));
    CHECK(double_report(in, rule_settings{}));
}

TEST_CASE("DOUBLE_REPORT stays quiet when one member reports the vehicle twice", "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(-hours(1)), "vin-2", "id-2", "", "PICC")};
    CHECK_FALSE(double_report(in, rule_settings{}));
}

TEST_CASE("DOUBLE_REPORT ignores other vehicles and the screened claim's own rows",
          "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(-hours(1)), "vin-9", "id-2", "", "PAIC"),
                  row("c-0", accident_time(), "vin-2", "id-2", "", "PAIC")};
    CHECK_FALSE(double_report(in, rule_settings{}));
}

TEST_CASE("DOUBLE_REPORT with three members required needs two other members", "[unit][fraud]") {
    auto in = two_party_input();
    rule_settings s;
    s.double_report.min_members = 3;
    in.matches = {row("c-1", shifted(-hours(2)), "vin-1", "id-1", "", "PAIC"),
                  row("c-2", shifted(-hours(3)), "vin-1", "id-1", "", "PAIC")};
    CHECK_FALSE(double_report(in, s));
    in.matches[1].member = "CPIC";
    const auto hit = double_report(in, s);
    REQUIRE(hit);
    CHECK(hit->claims == claim_ids{"c-0", "c-2", "c-1"});
}
