#include <catch2/catch.hpp>

#include "fraud/rule_settings.hpp"
#include "fraud/rules/rules.hpp"
#include "tests/unit/fraud/pool_fixtures.hpp"

using namespace crossclaim::fraud_fixtures;
using crossclaim::domain::money;
using crossclaim::domain::yuan;
using crossclaim::fraud::loss_stats;
using crossclaim::fraud::rule_settings;
using crossclaim::fraud::rules::amount_outlier;

namespace {

// Party A (situation 1) claims `loss`; the pool's median for situation 1 is 1,000.00.
screening_input with_loss(money loss, int samples) {
    auto in = two_party_input();
    in.claim.parties[0].estimated_loss = loss;
    in.losses = {{1, loss_stats{samples, yuan(1000)}}};
    return in;
}

}  // namespace

TEST_CASE("AMOUNT_OUTLIER fires just over 3 times the median with 30 samples", "[unit][fraud]") {
    const auto hit = amount_outlier(with_loss(money{300001}, 30), rule_settings{});
    REQUIRE(hit);
    CHECK(hit->code == "AMOUNT_OUTLIER");
    CHECK(hit->weight == 15);
    CHECK(hit->claims == claim_ids{"c-0"});
    CHECK(has_evidence(*hit, "c-0", id_kind::vin, "vin-1"));
    // B also has situation 1 but a loss of 1,000.00: only A is named.
    CHECK(hit->explanation ==
          "Party A's estimated loss of 3000.01 is over 3 times the pool median of 1000.00 for "
          "situation 1 (30 samples).");
}

TEST_CASE("AMOUNT_OUTLIER stays quiet at exactly 3 times the median", "[unit][fraud]") {
    CHECK_FALSE(amount_outlier(with_loss(yuan(3000), 30), rule_settings{}));
}

TEST_CASE("AMOUNT_OUTLIER stays quiet with 29 samples", "[unit][fraud]") {
    CHECK_FALSE(amount_outlier(with_loss(yuan(9000), 29), rule_settings{}));
}

TEST_CASE("AMOUNT_OUTLIER stays quiet for a situation the pool has no statistic of",
          "[unit][fraud]") {
    auto in = with_loss(yuan(9000), 100);
    in.claim.parties[0].situations = {7};
    CHECK_FALSE(amount_outlier(in, rule_settings{}));
}

TEST_CASE("AMOUNT_OUTLIER stays quiet on a zero median", "[unit][fraud]") {
    auto in = with_loss(yuan(9000), 100);
    in.losses[1].median = money{};
    CHECK_FALSE(amount_outlier(in, rule_settings{}));
}

TEST_CASE("AMOUNT_OUTLIER checks each situation a party ticked", "[unit][fraud]") {
    auto in = with_loss(yuan(2500), 40);
    in.claim.parties[0].situations = {1, 4};
    in.losses[4] = loss_stats{50, yuan(800)};
    const auto hit = amount_outlier(in, rule_settings{});
    REQUIRE(hit);
    CHECK(hit->explanation ==
          "Party A's estimated loss of 2500.00 is over 3 times the pool median of 800.00 for "
          "situation 4 (50 samples).");
}
