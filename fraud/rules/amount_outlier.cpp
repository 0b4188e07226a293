// AMOUNT_OUTLIER: the estimated loss over 3 times the pool median for the situation, with at
// least 30 samples.

#include <set>

#include "fraud/rules/rules.hpp"
#include "fraud/rules/support.hpp"

namespace crossclaim::fraud::rules {

using namespace detail;

std::optional<rule_hit> amount_outlier(const screening_input& in, const rule_settings& s) {
    const auto& cfg = s.amount_outlier;
    const auto& claim = in.claim;
    hit_builder hit(claim);
    for (const auto& party : claim.parties) {
        const std::set<int> situations(party.situations.begin(), party.situations.end());
        bool hit_party = false;
        for (int code : situations) {
            const auto found = in.losses.find(code);
            if (found == in.losses.end()) continue;
            const loss_stats& stats = found->second;
            // Too few samples make a median that says nothing; a zero median (most claims of
            // the situation without loss) would make every loss an outlier.
            if (stats.samples < cfg.min_samples || stats.median.fen <= 0) continue;
            // "Over 3 times": exactly 3 times the median does not fire. Integer fen throughout.
            if (party.estimated_loss.fen <= stats.median.fen * cfg.median_multiple) continue;
            hit_party = true;
            hit.clause("party " + party.role + "'s estimated loss of " +
                       domain::to_string(party.estimated_loss) + " is over " +
                       std::to_string(cfg.median_multiple) + " times the pool median of " +
                       domain::to_string(stats.median) + " for situation " + std::to_string(code) +
                       " (" + std::to_string(stats.samples) + " samples)");
        }
        if (hit_party && !party.vehicle.empty()) hit.add_own(vehicle_kind(party), party.vehicle);
    }
    return hit.finish("AMOUNT_OUTLIER", cfg.weight);
}

}  // namespace crossclaim::fraud::rules
