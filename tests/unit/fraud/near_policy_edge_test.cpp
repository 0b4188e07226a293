#include <catch2/catch.hpp>

#include "fraud/rule_settings.hpp"
#include "fraud/rules/rules.hpp"
#include "tests/unit/fraud/pool_fixtures.hpp"

using namespace crossclaim::fraud_fixtures;
using crossclaim::fraud::rule_settings;
using crossclaim::fraud::rules::near_policy_edge;

namespace {

// The accident is on 2026-11-20, Shanghai time.
screening_input with_cover(const char* start, const char* end) {
    auto in = two_party_input();
    in.claim.parties[1].policy_periods = {{day(start), day(end)}};
    return in;
}

}  // namespace

TEST_CASE("NEAR_POLICY_EDGE fires 7 days after a cover's start", "[unit][fraud]") {
    const auto in = with_cover("2026-11-13", "2027-11-12");
    const auto hit = near_policy_edge(in, rule_settings{});
    REQUIRE(hit);
    CHECK(hit->code == "NEAR_POLICY_EDGE");
    CHECK(hit->weight == 10);
    CHECK(hit->claims == claim_ids{"c-0"});
    CHECK(has_evidence(*hit, "c-0", id_kind::vin, "vin-2"));
    CHECK(hit->explanation ==
          "Party B's accident day is 7 days after the start of a cover on 2026-11-13 "
          "(within 7 days).");
}

TEST_CASE("NEAR_POLICY_EDGE stays quiet 8 days after a cover's start", "[unit][fraud]") {
    CHECK_FALSE(near_policy_edge(with_cover("2026-11-12", "2027-11-11"), rule_settings{}));
}

TEST_CASE("NEAR_POLICY_EDGE fires on the start day itself", "[unit][fraud]") {
    const auto hit = near_policy_edge(with_cover("2026-11-20", "2027-11-19"), rule_settings{});
    REQUIRE(hit);
    CHECK(explains(*hit, "0 days after the start"));
}

TEST_CASE("NEAR_POLICY_EDGE fires 7 days before a cover's end and not 8", "[unit][fraud]") {
    const auto hit = near_policy_edge(with_cover("2025-11-28", "2026-11-27"), rule_settings{});
    REQUIRE(hit);
    CHECK(explains(*hit, "7 days before the end of a cover on 2026-11-27"));
    CHECK_FALSE(near_policy_edge(with_cover("2025-11-29", "2026-11-28"), rule_settings{}));
}

TEST_CASE("NEAR_POLICY_EDGE leaves accidents outside the cover to other checks", "[unit][fraud]") {
    // Before the start or after the end is not "after the start" or "before the end".
    CHECK_FALSE(near_policy_edge(with_cover("2026-11-21", "2027-11-20"), rule_settings{}));
    CHECK_FALSE(near_policy_edge(with_cover("2025-11-19", "2026-11-19"), rule_settings{}));
}

TEST_CASE("NEAR_POLICY_EDGE counts days in Shanghai time, not UTC", "[unit][fraud]") {
    auto in = with_cover("2026-11-13", "2027-11-12");
    // 00:30 on the 21st in Shanghai is still the 20th in UTC: 8 local days after the start.
    in.claim.occurred_at = at("2026-11-21T00:30:00+08:00");
    CHECK_FALSE(near_policy_edge(in, rule_settings{}));
    in.claim.occurred_at = at("2026-11-20T23:59:59+08:00");
    CHECK(near_policy_edge(in, rule_settings{}));
}

TEST_CASE("NEAR_POLICY_EDGE reports the nearest edge of a party's covers once", "[unit][fraud]") {
    auto in = two_party_input();
    in.claim.parties[0].policy_periods = {{day("2026-11-15"), day("2027-11-14")},
                                          {day("2026-11-18"), day("2027-11-17")}};
    const auto hit = near_policy_edge(in, rule_settings{});
    REQUIRE(hit);
    CHECK(hit->explanation ==
          "Party A's accident day is 2 days after the start of a cover on 2026-11-18 "
          "(within 7 days).");
}

TEST_CASE("NEAR_POLICY_EDGE stays quiet for covers far from their edges", "[unit][fraud]") {
    CHECK_FALSE(near_policy_edge(two_party_input(), rule_settings{}));
}
