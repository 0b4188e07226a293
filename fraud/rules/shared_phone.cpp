// SHARED_PHONE: one phone number used by 3 or more different people.

#include <set>

#include "fraud/rules/rules.hpp"
#include "fraud/rules/support.hpp"

namespace crossclaim::fraud::rules {

using namespace detail;

std::optional<rule_hit> shared_phone(const screening_input& in, const rule_settings& s) {
    const auto& cfg = s.shared_phone;
    const auto& claim = in.claim;
    hit_builder hit(claim);
    std::set<std::string> seen;
    for (const auto& party : claim.parties) {
        if (party.phone.empty() || !seen.insert(party.phone).second) continue;
        // The count is maintained pool-wide by storage; the matches only name the claims
        // through which investigators can follow the phone.
        const auto found = in.people_per_phone.find(party.phone);
        const int people = found == in.people_per_phone.end() ? 0 : found->second;
        if (people < cfg.min_people) continue;
        hit.add_own(id_kind::phone, party.phone);
        for (const pool_match* m : others(in))
            if (same(m->phone, party.phone))
                hit.add_other(m->claim_id, m->occurred_at, id_kind::phone, party.phone);
        hit.clause("party " + party.role + "'s phone is used by " + std::to_string(people) +
                   " different people (" + std::to_string(cfg.min_people) + " or more)");
    }
    return hit.finish("SHARED_PHONE", cfg.weight);
}

}  // namespace crossclaim::fraud::rules
