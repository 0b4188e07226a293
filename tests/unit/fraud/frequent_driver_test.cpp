#include <catch2/catch.hpp>

#include "fraud/rule_settings.hpp"
#include "fraud/rules/rules.hpp"
#include "tests/unit/fraud/pool_fixtures.hpp"

using namespace crossclaim::fraud_fixtures;
using crossclaim::fraud::rule_settings;
using crossclaim::fraud::rules::frequent_driver;

TEST_CASE("FREQUENT_DRIVER fires when a driver has a 3rd different vehicle within 365 days",
          "[unit][fraud]") {
    auto in = two_party_input();  // A: driver id-1 in vin-1
    in.matches = {row("c-1", shifted(-days(100)), "vin-7", "id-1"),
                  row("c-2", shifted(-days(365)), "vin-8", "id-1")};
    const auto hit = frequent_driver(in, rule_settings{});
    REQUIRE(hit);
    CHECK(hit->code == "FREQUENT_DRIVER");
    CHECK(hit->weight == 20);
    CHECK(hit->claims == claim_ids{"c-0", "c-2", "c-1"});
    for (const char* c : {"c-0", "c-1", "c-2"})
        CHECK(has_evidence(*hit, c, id_kind::id_number, "id-1"));
    CHECK(hit->explanation ==
          "Party A's driver was in accidents with 3 different vehicles within 365 days "
          "(3 or more).");
}

TEST_CASE("FREQUENT_DRIVER stays quiet on 2 different vehicles", "[unit][fraud]") {
    auto in = two_party_input();
    // Three claims, but c-2 is in this claim's vehicle again.
    in.matches = {row("c-1", shifted(-days(100)), "vin-7", "id-1"),
                  row("c-2", shifted(-days(200)), "vin-1", "id-1")};
    CHECK_FALSE(frequent_driver(in, rule_settings{}));
}

TEST_CASE("FREQUENT_DRIVER does not count a vehicle driven 366 days before", "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(-days(100)), "vin-7", "id-1"),
                  row("c-2", shifted(-days(366)), "vin-8", "id-1")};
    CHECK_FALSE(frequent_driver(in, rule_settings{}));
}

TEST_CASE("FREQUENT_DRIVER ignores other drivers and the screened claim's own rows",
          "[unit][fraud]") {
    auto in = two_party_input();
    in.matches = {row("c-1", shifted(-days(100)), "vin-7", "id-1"),
                  row("c-2", shifted(-days(10)), "vin-8", "id-5"),
                  row("c-0", accident_time(), "vin-9", "id-1")};
    CHECK_FALSE(frequent_driver(in, rule_settings{}));
}
