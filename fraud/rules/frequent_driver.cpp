// FREQUENT_DRIVER: the same driver ID in accidents with 3 or more different vehicles within
// 365 days.

#include <set>

#include "fraud/rules/rules.hpp"
#include "fraud/rules/support.hpp"

namespace crossclaim::fraud::rules {

using namespace detail;

std::optional<rule_hit> frequent_driver(const screening_input& in, const rule_settings& s) {
    const auto& cfg = s.frequent_driver;
    const auto& claim = in.claim;
    const auto width = std::chrono::days(cfg.window_days);
    hit_builder hit(claim);
    std::set<std::string> seen;
    for (const auto& party : claim.parties) {
        const std::string& driver = party.driver;
        if (driver.empty() || !seen.insert(driver).second) continue;
        // The value is the vehicle: one vehicle in many claims is FREQUENT_VEHICLE's business.
        std::vector<sighting> all;
        for (const auto& p : claim.parties)
            if (same(p.driver, driver) && !p.vehicle.empty())
                all.push_back({claim.claim_id, claim.occurred_at, p.vehicle});
        for (const pool_match* m : others(in))
            if (same(m->driver, driver) && !m->vehicle.empty())
                all.push_back({m->claim_id, m->occurred_at, m->vehicle});
        const auto window = busiest_window(all, claim.occurred_at, width);
        const std::size_t vehicles = distinct_values(window);
        if (vehicles < static_cast<std::size_t>(cfg.min_vehicles)) continue;

        // Only the driver is evidence: another claim's vehicle hash does not say whether it
        // is a VIN or a plate, and the count in the explanation is what matters.
        for (const auto& w : window) hit.add_other(w.claim_id, w.at, id_kind::id_number, driver);
        hit.clause("party " + party.role + "'s driver was in accidents with " +
                   std::to_string(vehicles) + " different vehicles within " +
                   std::to_string(cfg.window_days) + " days (" + std::to_string(cfg.min_vehicles) +
                   " or more)");
    }
    return hit.finish("FREQUENT_DRIVER", cfg.weight);
}

}  // namespace crossclaim::fraud::rules
