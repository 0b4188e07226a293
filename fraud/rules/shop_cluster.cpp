// SHOP_CLUSTER: a repair shop in 3 or more claims that other rules flagged.

#include <set>

#include "fraud/rules/rules.hpp"
#include "fraud/rules/support.hpp"

namespace crossclaim::fraud::rules {

using namespace detail;

std::optional<rule_hit> shop_cluster(const screening_input& in, const rule_settings& s,
                                     bool flagged_by_other_rules) {
    const auto& cfg = s.shop_cluster;
    const auto& claim = in.claim;
    hit_builder hit(claim);
    std::set<std::string> seen;
    for (const auto& party : claim.parties) {
        if (party.shop.empty() || !seen.insert(party.shop).second) continue;
        const auto found = in.flagged_claims_per_shop.find(party.shop);
        const int others = found == in.flagged_claims_per_shop.end() ? 0 : found->second;
        // A shop that already has enough flagged claims is a cluster whether or not this
        // claim was flagged; this claim only tips the count when another rule hit it.
        const int flagged = others + (flagged_by_other_rules ? 1 : 0);
        if (flagged < cfg.min_flagged_claims) continue;
        hit.add_own(id_kind::shop, party.shop);
        hit.clause("party " + party.role + "'s repair shop is in " + std::to_string(flagged) +
                   " claims other rules flagged" +
                   (flagged_by_other_rules ? ", this one included" : "") + " (" +
                   std::to_string(cfg.min_flagged_claims) + " or more)");
    }
    return hit.finish("SHOP_CLUSTER", cfg.weight);
}

}  // namespace crossclaim::fraud::rules
