// REPEAT_PAIR: the same two vehicles or drivers in another accident together within 365 days.

#include <map>
#include <set>

#include "fraud/rules/rules.hpp"
#include "fraud/rules/support.hpp"

namespace crossclaim::fraud::rules {

using namespace detail;

namespace {

/// Two parties of the screened claim and the identifiers they are paired by.
struct pair {
    const pooled_party* first;
    const pooled_party* second;
    bool vehicles;  ///< paired by vehicle, else by driver
};

const std::string& identity(const pooled_party& p, bool vehicles) {
    return vehicles ? p.vehicle : p.driver;
}

id_kind kind_of(const pooled_party& p, bool vehicles) {
    return vehicles ? vehicle_kind(p) : id_kind::id_number;
}

/// What one other claim's rows say about it.
struct other_claim {
    domain::instant at;
    std::set<std::string> vehicles, drivers;
};

}  // namespace

std::optional<rule_hit> repeat_pair(const screening_input& in, const rule_settings& s) {
    const auto& cfg = s.repeat_pair;
    const auto& claim = in.claim;
    const std::chrono::seconds width = std::chrono::days(cfg.window_days);
    hit_builder hit(claim);

    std::vector<pair> pairs;
    for (std::size_t i = 0; i < claim.parties.size(); ++i)
        for (std::size_t j = i + 1; j < claim.parties.size(); ++j)
            for (bool vehicles : {true, false}) {
                const auto& a = identity(claim.parties[i], vehicles);
                const auto& b = identity(claim.parties[j], vehicles);
                // One vehicle or person on both sides is no pair (and a data error).
                if (!a.empty() && !b.empty() && a != b)
                    pairs.push_back({&claim.parties[i], &claim.parties[j], vehicles});
            }
    if (pairs.empty()) return std::nullopt;

    // Rows come per (claim, party): a pair can only show across two rows of one claim.
    std::map<std::string, other_claim> by_claim;
    for (const pool_match* m : others(in)) {
        if (distance(m->occurred_at, claim.occurred_at) > width) continue;
        auto& o =
            by_claim.try_emplace(m->claim_id, other_claim{m->occurred_at, {}, {}}).first->second;
        if (!m->vehicle.empty()) o.vehicles.insert(m->vehicle);
        if (!m->driver.empty()) o.drivers.insert(m->driver);
    }

    for (const auto& p : pairs) {
        const auto& a = identity(*p.first, p.vehicles);
        const auto& b = identity(*p.second, p.vehicles);
        std::size_t together = 0;
        std::optional<std::chrono::seconds> nearest;
        for (const auto& [id, o] : by_claim) {
            const auto& ids = p.vehicles ? o.vehicles : o.drivers;
            if (ids.count(a) == 0 || ids.count(b) == 0) continue;
            ++together;
            const auto apart = distance(o.at, claim.occurred_at);
            if (!nearest || apart < *nearest) nearest = apart;
            hit.add_other(id, o.at, kind_of(*p.first, p.vehicles), a);
            hit.add_other(id, o.at, kind_of(*p.second, p.vehicles), b);
        }
        if (together == 0) continue;
        hit.add_own(kind_of(*p.first, p.vehicles), a);
        hit.add_own(kind_of(*p.second, p.vehicles), b);
        const std::string accidents =
            together == 1 ? "another accident" : std::to_string(together) + " other accidents";
        hit.clause(std::string("the ") + (p.vehicles ? "vehicles" : "drivers") + " of parties " +
                   p.first->role + " and " + p.second->role + " were together in " + accidents +
                   " within " + std::to_string(cfg.window_days) + " days, the nearest " +
                   describe_days(*nearest) + " apart");
    }
    return hit.finish("REPEAT_PAIR", cfg.weight);
}

}  // namespace crossclaim::fraud::rules
