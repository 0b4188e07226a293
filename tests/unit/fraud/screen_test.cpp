#include "fraud/screen.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <iterator>

#include "fraud/rule_settings.hpp"
#include "tests/unit/fraud/pool_fixtures.hpp"

using namespace crossclaim::fraud_fixtures;
using crossclaim::domain::yuan;
using crossclaim::fraud::lead_score;
using crossclaim::fraud::loss_stats;
using crossclaim::fraud::rule_codes;
using crossclaim::fraud::rule_settings;
using crossclaim::fraud::screen;

namespace {

/// A two-party claim that every rule but NIGHT_SINGLE_LARGE (one vehicle only) hits.
screening_input suspicious_input() {
    auto in = two_party_input();
    in.claim.parties[0].shop = "shop-1";
    in.claim.parties[1].policy_periods = {{day("2026-11-18"), day("2027-11-17")}};
    auto reported_elsewhere = row("c-1", shifted(-hours(2)), "vin-1", "id-9", "", "PAIC");
    reported_elsewhere.evidence = {"ev-1"};
    in.matches = {reported_elsewhere,
                  row("c-2", shifted(-days(30)), "vin-1", "id-9"),
                  row("c-3", shifted(-days(60)), "vin-1", "id-9"),
                  row("c-4", shifted(-hours(1)), "vin-7", "id-1"),
                  row("c-5", shifted(-days(100)), "vin-8", "id-1"),
                  row("c-6", shifted(-days(200)), "vin-1", "id-10"),
                  row("c-6", shifted(-days(200)), "vin-2", "id-11")};
    in.people_per_phone = {{"phone-1", 3}};
    in.losses = {{1, loss_stats{30, yuan(100)}}};
    in.flagged_claims_per_shop = {{"shop-1", 2}};
    return in;
}

std::vector<std::string> codes(const std::vector<crossclaim::fraud::rule_hit>& hits) {
    std::vector<std::string> out;
    for (const auto& h : hits) out.push_back(h.code);
    return out;
}

crossclaim::fraud::rule_hit weighted(int weight) {
    crossclaim::fraud::rule_hit h;
    h.weight = weight;
    return h;
}

}  // namespace

TEST_CASE("screening a clean claim hits no rule and scores 0", "[unit][fraud]") {
    const auto hits = screen(two_party_input(), rule_settings{});
    CHECK(hits.empty());
    CHECK(lead_score(hits) == 0);
}

TEST_CASE("screening runs every rule in DOMAIN.md order, SHOP_CLUSTER last", "[unit][fraud]") {
    const auto hits = screen(suspicious_input(), rule_settings{});
    CHECK(codes(hits) == std::vector<std::string>{
                             "FREQUENT_VEHICLE", "FREQUENT_DRIVER", "SAME_ID_48H",
                             "NEAR_POLICY_EDGE", "DUPLICATE_EVIDENCE", "REPEAT_PAIR",
                             "SHARED_PHONE", "AMOUNT_OUTLIER", "DOUBLE_REPORT", "SHOP_CLUSTER"});
    for (const auto& h : hits) {
        CHECK(h.claims.front() == "c-0");
        CHECK_FALSE(h.evidence.empty());
        CHECK_FALSE(h.explanation.empty());
        CHECK(h.explanation.find("id-") == std::string::npos);
        CHECK(h.explanation.find("vin-") == std::string::npos);
    }
    CHECK(lead_score(hits) == 100);
}

TEST_CASE("the rule codes are listed in DOMAIN.md order", "[unit][fraud]") {
    CHECK(std::vector<std::string>(rule_codes.begin(), rule_codes.end()) ==
          std::vector<std::string>{"FREQUENT_VEHICLE", "FREQUENT_DRIVER", "SAME_ID_48H",
                                   "NEAR_POLICY_EDGE", "DUPLICATE_EVIDENCE", "REPEAT_PAIR",
                                   "SHARED_PHONE", "AMOUNT_OUTLIER", "DOUBLE_REPORT",
                                   "NIGHT_SINGLE_LARGE", "SHOP_CLUSTER"});
}

TEST_CASE("screening skips a disabled rule", "[unit][fraud]") {
    rule_settings s;
    s.duplicate_evidence.enabled = false;
    s.frequent_vehicle.enabled = false;
    const auto found = codes(screen(suspicious_input(), s));
    CHECK(std::find(found.begin(), found.end(), "DUPLICATE_EVIDENCE") == found.end());
    CHECK(std::find(found.begin(), found.end(), "FREQUENT_VEHICLE") == found.end());
    CHECK(found.size() == 8);
}

TEST_CASE("screening counts this claim at its shop when another rule hit it", "[unit][fraud]") {
    auto in = two_party_input();
    in.claim.parties[0].shop = "shop-1";
    in.flagged_claims_per_shop = {{"shop-1", 2}};
    CHECK(screen(in, rule_settings{}).empty());

    in.people_per_phone = {{"phone-2", 3}};
    CHECK(codes(screen(in, rule_settings{})) ==
          std::vector<std::string>{"SHARED_PHONE", "SHOP_CLUSTER"});

    rule_settings s;
    s.shared_phone.enabled = false;  // a rule that does not run flags nothing
    CHECK(screen(in, s).empty());
}

TEST_CASE("screening a single-vehicle night claim hits NIGHT_SINGLE_LARGE", "[unit][fraud]") {
    auto in = single_party_input();
    in.claim.occurred_at = at("2026-11-20T22:10:00+08:00");
    in.claim.parties[0].estimated_loss = yuan(6000);
    const auto hits = screen(in, rule_settings{});
    CHECK(codes(hits) == std::vector<std::string>{"NIGHT_SINGLE_LARGE"});
    CHECK(lead_score(hits) == 15);
}

TEST_CASE("the lead score adds the hits' weights", "[unit][fraud]") {
    CHECK(lead_score({weighted(20), weighted(30)}) == 50);
    CHECK(lead_score({weighted(60), weighted(40)}) == 100);
    CHECK(lead_score({}) == 0);
}

TEST_CASE("the lead score is capped at 100", "[unit][fraud]") {
    CHECK(lead_score({weighted(40), weighted(30), weighted(30), weighted(20)}) == 100);
    CHECK(lead_score({weighted(100), weighted(100), weighted(100)}) == 100);
}
