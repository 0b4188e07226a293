// DOUBLE_REPORT: the same vehicle's accident within 24 hours reported by two different members.

#include <set>

#include "fraud/rules/rules.hpp"
#include "fraud/rules/support.hpp"

namespace crossclaim::fraud::rules {

using namespace detail;

std::optional<rule_hit> double_report(const screening_input& in, const rule_settings& s) {
    const auto& cfg = s.double_report;
    const auto& claim = in.claim;
    const std::chrono::seconds width = std::chrono::hours(cfg.window_hours);
    hit_builder hit(claim);
    std::set<std::string> seen;
    for (const auto& party : claim.parties) {
        if (party.vehicle.empty() || !seen.insert(party.vehicle).second) continue;
        const id_kind kind = vehicle_kind(party);
        std::set<std::string> members;
        if (!claim.member.empty()) members.insert(claim.member);
        std::vector<const pool_match*> reports;
        std::optional<std::chrono::seconds> nearest;
        for (const pool_match* m : others(in)) {
            const auto apart = distance(m->occurred_at, claim.occurred_at);
            if (!same(m->vehicle, party.vehicle) || apart > width) continue;
            // A member reporting twice is its own duplicate to sort out, not a double report.
            if (m->member.empty() || m->member == claim.member) continue;
            members.insert(m->member);
            reports.push_back(m);
            if (!nearest || apart < *nearest) nearest = apart;
        }
        if (members.size() < static_cast<std::size_t>(cfg.min_members) || reports.empty()) continue;
        hit.add_own(kind, party.vehicle);
        for (const pool_match* m : reports)
            hit.add_other(m->claim_id, m->occurred_at, kind, party.vehicle);
        // Members are not named: no member may learn from a hit who else holds the vehicle.
        hit.clause("party " + party.role + "'s vehicle is in claims of " +
                   std::to_string(members.size()) + " different members within " +
                   std::to_string(cfg.window_hours) + " hours, the nearest " +
                   describe_hours(*nearest) + " apart");
    }
    return hit.finish("DOUBLE_REPORT", cfg.weight);
}

}  // namespace crossclaim::fraud::rules
