#include "fraud/screen.hpp"

#include <algorithm>
#include <optional>

#include "fraud/rules/rules.hpp"

namespace crossclaim::fraud {

std::vector<rule_hit> screen(const screening_input& in, const rule_settings& s) {
    std::vector<rule_hit> hits;
    auto run = [&](bool enabled, auto rule) {
        if (!enabled) return;
        if (std::optional<rule_hit> hit = rule(in, s)) hits.push_back(std::move(*hit));
    };
    run(s.frequent_vehicle.enabled, rules::frequent_vehicle);
    run(s.frequent_driver.enabled, rules::frequent_driver);
    run(s.same_id_48h.enabled, rules::same_id_48h);
    run(s.near_policy_edge.enabled, rules::near_policy_edge);
    run(s.duplicate_evidence.enabled, rules::duplicate_evidence);
    run(s.repeat_pair.enabled, rules::repeat_pair);
    run(s.shared_phone.enabled, rules::shared_phone);
    run(s.amount_outlier.enabled, rules::amount_outlier);
    run(s.double_report.enabled, rules::double_report);
    run(s.night_single_large.enabled, rules::night_single_large);
    // Last, because whether this claim is one of the shop's flagged claims depends on the
    // rules before it.
    const bool flagged = !hits.empty();
    if (s.shop_cluster.enabled)
        if (auto hit = rules::shop_cluster(in, s, flagged)) hits.push_back(std::move(*hit));
    return hits;
}

int lead_score(const std::vector<rule_hit>& hits) {
    long long sum = 0;
    for (const auto& h : hits) sum += h.weight;
    return static_cast<int>(std::clamp<long long>(sum, 0, 100));
}

}  // namespace crossclaim::fraud
