#include <catch2/catch.hpp>

#include "fraud/rule_settings.hpp"
#include "fraud/rules/rules.hpp"
#include "tests/unit/fraud/pool_fixtures.hpp"

using namespace crossclaim::fraud_fixtures;
using crossclaim::domain::money;
using crossclaim::domain::yuan;
using crossclaim::fraud::rule_settings;
using crossclaim::fraud::rules::night_single_large;

namespace {

// Party A alone, losing `loss`, at `when`.
screening_input single(const char* when, money loss = yuan(5000)) {
    auto in = single_party_input();
    in.claim.occurred_at = at(when);
    in.claim.parties[0].estimated_loss = loss;
    return in;
}

bool fires(const screening_input& in) {
    return night_single_large(in, rule_settings{}).has_value();
}

}  // namespace

TEST_CASE("NIGHT_SINGLE_LARGE fires on a single vehicle losing 5,000.00 at 20:00",
          "[unit][fraud]") {
    const auto hit = night_single_large(single("2026-11-20T20:00:00+08:00"), rule_settings{});
    REQUIRE(hit);
    CHECK(hit->code == "NIGHT_SINGLE_LARGE");
    CHECK(hit->weight == 15);
    CHECK(hit->claims == claim_ids{"c-0"});
    CHECK(has_evidence(*hit, "c-0", id_kind::vin, "vin-1"));
    CHECK(hit->explanation ==
          "A single-vehicle accident at 20:00 local time with an estimated loss of 5000.00 "
          "(night 20:00-06:00, 5000.00 or more).");
}

TEST_CASE("NIGHT_SINGLE_LARGE stays quiet at 19:59", "[unit][fraud]") {
    CHECK_FALSE(fires(single("2026-11-20T19:59:59+08:00")));
}

TEST_CASE("NIGHT_SINGLE_LARGE fires through midnight until 05:59 and not at 06:00",
          "[unit][fraud]") {
    CHECK(fires(single("2026-11-20T23:59:00+08:00")));
    CHECK(fires(single("2026-11-21T00:00:00+08:00")));
    CHECK(fires(single("2026-11-21T05:59:59+08:00")));
    CHECK_FALSE(fires(single("2026-11-21T06:00:00+08:00")));
}

TEST_CASE("NIGHT_SINGLE_LARGE stays quiet on a loss of 4,999.99", "[unit][fraud]") {
    CHECK_FALSE(fires(single("2026-11-20T23:00:00+08:00", money{499999})));
    CHECK(fires(single("2026-11-20T23:00:00+08:00", money{500000})));
}

TEST_CASE("NIGHT_SINGLE_LARGE reads the clock in Shanghai time", "[unit][fraud]") {
    // 12:30 UTC is 20:30 in Shanghai; 21:30 UTC is 05:30 the next morning there.
    CHECK(fires(single("2026-11-20T12:30:00Z")));
    CHECK(fires(single("2026-11-20T21:30:00Z")));
    // 23:00 UTC is 07:00 in Shanghai.
    CHECK_FALSE(fires(single("2026-11-20T23:00:00Z")));
}

TEST_CASE("NIGHT_SINGLE_LARGE stays quiet when two vehicles were involved", "[unit][fraud]") {
    auto in = two_party_input();
    in.claim.occurred_at = at("2026-11-20T23:00:00+08:00");
    in.claim.parties[0].estimated_loss = yuan(8000);
    in.claim.parties[1].estimated_loss = yuan(8000);
    CHECK_FALSE(fires(in));
}

TEST_CASE("NIGHT_SINGLE_LARGE follows a configured night that does not cross midnight",
          "[unit][fraud]") {
    rule_settings s;
    s.night_single_large.night_start_hour = 0;
    s.night_single_large.night_end_hour = 5;
    CHECK(night_single_large(single("2026-11-21T04:59:00+08:00"), s));
    CHECK_FALSE(night_single_large(single("2026-11-21T05:00:00+08:00"), s));
    CHECK_FALSE(night_single_large(single("2026-11-20T23:00:00+08:00"), s));
}
