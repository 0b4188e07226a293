// DUPLICATE_EVIDENCE: a photo or video hash already appears in another claim.

#include <set>

#include "fraud/rules/rules.hpp"
#include "fraud/rules/support.hpp"

namespace crossclaim::fraud::rules {

using namespace detail;

std::optional<rule_hit> duplicate_evidence(const screening_input& in, const rule_settings& s) {
    const auto& cfg = s.duplicate_evidence;
    const auto& claim = in.claim;
    const std::set<std::string> own(claim.evidence.begin(), claim.evidence.end());
    hit_builder hit(claim);
    std::set<std::string> shared, claims;
    for (const pool_match* m : others(in)) {
        // Storage says which of the other claim's hashes matched; the rule checks them
        // against this claim's own list rather than trusting the scan.
        for (const auto& h : m->evidence) {
            if (h.empty() || own.count(h) == 0) continue;
            shared.insert(h);
            claims.insert(m->claim_id);
            hit.add_own(id_kind::evidence, h);
            hit.add_other(m->claim_id, m->occurred_at, id_kind::evidence, h);
        }
    }
    if (!shared.empty()) {
        const auto n = shared.size(), c = claims.size();
        hit.clause(std::to_string(n) + (n == 1 ? " evidence hash" : " evidence hashes") +
                   " of this claim already " + (n == 1 ? "appears" : "appear") + " in " +
                   std::to_string(c) + (c == 1 ? " other claim" : " other claims"));
    }
    return hit.finish("DUPLICATE_EVIDENCE", cfg.weight);
}

}  // namespace crossclaim::fraud::rules
