// SAME_ID_48H: the same ID number in another accident within 48 hours.

#include <set>

#include "fraud/rules/rules.hpp"
#include "fraud/rules/support.hpp"

namespace crossclaim::fraud::rules {

using namespace detail;

std::optional<rule_hit> same_id_48h(const screening_input& in, const rule_settings& s) {
    const auto& cfg = s.same_id_48h;
    const auto& claim = in.claim;
    const std::chrono::seconds width = std::chrono::hours(cfg.window_hours);
    hit_builder hit(claim);
    std::set<std::string> seen;
    for (const auto& party : claim.parties) {
        if (party.driver.empty() || !seen.insert(party.driver).second) continue;
        std::set<std::string> claims;
        std::optional<std::chrono::seconds> nearest;
        for (const pool_match* m : others(in)) {
            const auto apart = distance(m->occurred_at, claim.occurred_at);
            if (!same(m->driver, party.driver) || apart > width) continue;
            claims.insert(m->claim_id);
            if (!nearest || apart < *nearest) nearest = apart;
            hit.add_other(m->claim_id, m->occurred_at, id_kind::id_number, party.driver);
        }
        if (claims.empty()) continue;
        hit.add_own(id_kind::id_number, party.driver);
        const std::string other_accidents =
            claims.size() == 1 ? "another accident"
                               : std::to_string(claims.size()) + " other accidents";
        hit.clause("party " + party.role + "'s driver ID is in " + other_accidents + " within " +
                   std::to_string(cfg.window_hours) + " hours, the nearest " +
                   describe_hours(*nearest) + " apart");
    }
    return hit.finish("SAME_ID_48H", cfg.weight);
}

}  // namespace crossclaim::fraud::rules
