#include <catch2/catch.hpp>

#include "fraud/rule_settings.hpp"
#include "fraud/rules/rules.hpp"
#include "tests/unit/fraud/pool_fixtures.hpp"

using namespace crossclaim::fraud_fixtures;
using crossclaim::fraud::rule_settings;
using crossclaim::fraud::rules::frequent_vehicle;

TEST_CASE("FREQUENT_VEHICLE fires on a vehicle's 4th claim within 180 days", "[unit][fraud]") {
    auto in = two_party_input();
    const auto& a = in.claim.parties[0];
    in.matches = {row("c-1", shifted(-days(10)), a), row("c-2", shifted(-days(50)), a),
                  row("c-3", shifted(-days(180)), a)};
    const auto hit = frequent_vehicle(in, rule_settings{});
    REQUIRE(hit);
    CHECK(hit->code == "FREQUENT_VEHICLE");
    CHECK(hit->weight == 20);
    // This claim first, then the others by time of accident.
    CHECK(hit->claims == claim_ids{"c-0", "c-3", "c-2", "c-1"});
    for (const char* c : {"c-0", "c-1", "c-2", "c-3"})
        CHECK(has_evidence(*hit, c, id_kind::vin, "vin-1"));
    REQUIRE(hit->evidence.size() == 4);
    CHECK(hit->evidence.front().claim_id == "c-0");
    CHECK(hit->evidence.front().occurred_at == accident_time());
    CHECK(hit->explanation == "Party A's vehicle is in 4 claims within 180 days (more than 3).");
}

TEST_CASE("FREQUENT_VEHICLE stays quiet on a vehicle's 3rd claim within 180 days",
          "[unit][fraud]") {
    auto in = two_party_input();
    const auto& a = in.claim.parties[0];
    in.matches = {row("c-1", shifted(-days(10)), a), row("c-2", shifted(-days(50)), a)};
    CHECK_FALSE(frequent_vehicle(in, rule_settings{}));
}

TEST_CASE("FREQUENT_VEHICLE does not count a claim 181 days old", "[unit][fraud]") {
    auto in = two_party_input();
    const auto& a = in.claim.parties[0];
    in.matches = {row("c-1", shifted(-days(10)), a), row("c-2", shifted(-days(50)), a),
                  row("c-3", shifted(-days(181)), a)};
    CHECK_FALSE(frequent_vehicle(in, rule_settings{}));
}

TEST_CASE("FREQUENT_VEHICLE counts claims of a late report whose accidents came after it",
          "[unit][fraud]") {
    // This accident is reported after three later ones of the same vehicle were pooled.
    auto in = two_party_input();
    const auto& b = in.claim.parties[1];
    in.matches = {row("c-1", shifted(days(5)), b), row("c-2", shifted(days(20)), b),
                  row("c-3", shifted(-days(30)), b)};
    const auto hit = frequent_vehicle(in, rule_settings{});
    REQUIRE(hit);
    CHECK(hit->claims == claim_ids{"c-0", "c-3", "c-1", "c-2"});
    CHECK(hit->explanation.rfind("Party B's vehicle is in 4 claims", 0) == 0);
}

TEST_CASE("FREQUENT_VEHICLE needs the claims in one 180-day window, not 180 days either side",
          "[unit][fraud]") {
    auto in = two_party_input();
    const auto& a = in.claim.parties[0];
    in.matches = {row("c-1", shifted(-days(170)), a), row("c-2", shifted(-days(100)), a),
                  row("c-3", shifted(days(100)), a)};
    CHECK_FALSE(frequent_vehicle(in, rule_settings{}));
}

TEST_CASE("FREQUENT_VEHICLE never counts rows of the screened claim itself", "[unit][fraud]") {
    auto in = two_party_input();
    const auto& a = in.claim.parties[0];
    in.matches = {row("c-0", shifted(-days(1)), a), row("c-0", shifted(-days(2)), a),
                  row("c-1", shifted(-days(10)), a), row("c-2", shifted(-days(50)), a)};
    CHECK_FALSE(frequent_vehicle(in, rule_settings{}));
}

TEST_CASE("FREQUENT_VEHICLE counts another claim once however many of its rows match",
          "[unit][fraud]") {
    auto in = two_party_input();
    const auto& a = in.claim.parties[0];
    auto second_row = row("c-1", shifted(-days(10)), a);
    second_row.role = "B";
    in.matches = {row("c-1", shifted(-days(10)), a), second_row, row("c-2", shifted(-days(50)), a)};
    CHECK_FALSE(frequent_vehicle(in, rule_settings{}));
}

TEST_CASE("FREQUENT_VEHICLE names a plate as the evidence when the vehicle has no VIN",
          "[unit][fraud]") {
    auto in = two_party_input();
    auto& a = in.claim.parties[0];
    a.vin.clear();
    a.vehicle = a.plate;
    in.matches = {row("c-1", shifted(-days(1)), a), row("c-2", shifted(-days(2)), a),
                  row("c-3", shifted(-days(3)), a)};
    const auto hit = frequent_vehicle(in, rule_settings{});
    REQUIRE(hit);
    CHECK(has_evidence(*hit, "c-0", id_kind::plate, "plate-1"));
    CHECK(has_evidence(*hit, "c-3", id_kind::plate, "plate-1"));
}

TEST_CASE("FREQUENT_VEHICLE never matches an absent vehicle", "[unit][fraud]") {
    auto in = two_party_input();
    auto& a = in.claim.parties[0];
    a.vin.clear();
    a.plate.clear();
    a.vehicle.clear();
    in.matches = {row("c-1", shifted(-days(1)), a), row("c-2", shifted(-days(2)), a),
                  row("c-3", shifted(-days(3)), a)};
    CHECK_FALSE(frequent_vehicle(in, rule_settings{}));
}

TEST_CASE("FREQUENT_VEHICLE follows its configured threshold and window", "[unit][fraud]") {
    auto in = two_party_input();
    const auto& a = in.claim.parties[0];
    in.matches = {row("c-1", shifted(-days(10)), a), row("c-2", shifted(-days(50)), a)};
    rule_settings s;
    s.frequent_vehicle.max_claims = 2;
    s.frequent_vehicle.weight = 33;
    const auto hit = frequent_vehicle(in, s);
    REQUIRE(hit);
    CHECK(hit->weight == 33);
    CHECK(hit->explanation == "Party A's vehicle is in 3 claims within 180 days (more than 2).");
    s.frequent_vehicle.window_days = 30;
    CHECK_FALSE(frequent_vehicle(in, s));
}
