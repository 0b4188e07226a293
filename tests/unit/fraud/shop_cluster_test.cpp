#include <catch2/catch.hpp>

#include "fraud/rule_settings.hpp"
#include "fraud/rules/rules.hpp"
#include "tests/unit/fraud/pool_fixtures.hpp"

using namespace crossclaim::fraud_fixtures;
using crossclaim::fraud::rule_settings;
using crossclaim::fraud::rules::shop_cluster;

namespace {

// Party B repairs at shop-1, which `others` other flagged claims name.
screening_input at_shop(int others) {
    auto in = two_party_input();
    in.claim.parties[1].shop = "shop-1";
    in.flagged_claims_per_shop = {{"shop-1", others}};
    return in;
}

}  // namespace

TEST_CASE("SHOP_CLUSTER fires on a shop's 3rd flagged claim, this one flagged", "[unit][fraud]") {
    const auto hit = shop_cluster(at_shop(2), rule_settings{}, true);
    REQUIRE(hit);
    CHECK(hit->code == "SHOP_CLUSTER");
    CHECK(hit->weight == 20);
    CHECK(hit->claims == claim_ids{"c-0"});
    CHECK(has_evidence(*hit, "c-0", id_kind::shop, "shop-1"));
    CHECK(hit->explanation ==
          "Party B's repair shop is in 3 claims other rules flagged, this one included "
          "(3 or more).");
}

TEST_CASE("SHOP_CLUSTER stays quiet when this claim was not flagged and makes no 3rd",
          "[unit][fraud]") {
    CHECK_FALSE(shop_cluster(at_shop(2), rule_settings{}, false));
}

TEST_CASE("SHOP_CLUSTER stays quiet on a shop's 2nd flagged claim", "[unit][fraud]") {
    CHECK_FALSE(shop_cluster(at_shop(1), rule_settings{}, true));
}

TEST_CASE("SHOP_CLUSTER fires for a shop that already has 3 flagged claims", "[unit][fraud]") {
    const auto hit = shop_cluster(at_shop(3), rule_settings{}, false);
    REQUIRE(hit);
    CHECK(hit->explanation ==
          "Party B's repair shop is in 3 claims other rules flagged (3 or more).");
}

TEST_CASE("SHOP_CLUSTER stays quiet without a shop", "[unit][fraud]") {
    auto in = at_shop(5);
    in.claim.parties[1].shop.clear();
    CHECK_FALSE(shop_cluster(in, rule_settings{}, true));
}
