// FREQUENT_VEHICLE: the same vehicle (VIN, else plate) in more than 3 claims within 180 days.

#include <set>

#include "fraud/rules/rules.hpp"
#include "fraud/rules/support.hpp"

namespace crossclaim::fraud::rules {

using namespace detail;

std::optional<rule_hit> frequent_vehicle(const screening_input& in, const rule_settings& s) {
    const auto& cfg = s.frequent_vehicle;
    const auto& claim = in.claim;
    const auto width = std::chrono::days(cfg.window_days);
    hit_builder hit(claim);
    std::set<std::string> seen;
    for (const auto& party : claim.parties) {
        if (party.vehicle.empty() || !seen.insert(party.vehicle).second) continue;
        // The value is the claim, so two rows of one claim (two parties) count once.
        std::vector<sighting> all{{claim.claim_id, claim.occurred_at, claim.claim_id}};
        for (const pool_match* m : others(in))
            if (same(m->vehicle, party.vehicle))
                all.push_back({m->claim_id, m->occurred_at, m->claim_id});
        const auto window = busiest_window(all, claim.occurred_at, width);
        const std::size_t claims = distinct_values(window);
        if (claims <= static_cast<std::size_t>(cfg.max_claims)) continue;

        const id_kind kind = vehicle_kind(party);
        for (const auto& w : window) hit.add_other(w.claim_id, w.at, kind, party.vehicle);
        hit.clause("party " + party.role + "'s vehicle is in " + std::to_string(claims) +
                   " claims within " + std::to_string(cfg.window_days) + " days (more than " +
                   std::to_string(cfg.max_claims) + ")");
    }
    return hit.finish("FREQUENT_VEHICLE", cfg.weight);
}

}  // namespace crossclaim::fraud::rules
