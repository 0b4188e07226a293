// NEAR_POLICY_EDGE: the accident within 7 days after a policy's start or before its end.

#include "fraud/rules/rules.hpp"
#include "fraud/rules/support.hpp"

namespace crossclaim::fraud::rules {

using namespace detail;

namespace {

struct edge {
    long days = 0;  ///< from the edge day to the accident's day, never negative
    bool start = true;
    domain::date day;
};

std::string describe(const edge& e) {
    const std::string days = std::to_string(e.days) + (e.days == 1 ? " day " : " days ");
    return e.start ? days + "after the start of a cover on " + domain::format_date(e.day)
                   : days + "before the end of a cover on " + domain::format_date(e.day);
}

}  // namespace

std::optional<rule_hit> near_policy_edge(const screening_input& in, const rule_settings& s) {
    const auto& cfg = s.near_policy_edge;
    const auto& claim = in.claim;
    // Policies are bought and lapse by local calendar day, so the accident is compared by
    // its Shanghai day, not by elapsed hours.
    const domain::date day = domain::shanghai_day(claim.occurred_at);
    hit_builder hit(claim);
    for (const auto& party : claim.parties) {
        // The nearest edge of any of the party's covers; a start wins a tie, as the classic
        // pattern is a policy bought just before a staged accident.
        std::optional<edge> nearest;
        auto consider = [&](long days, bool start, domain::date edge_day) {
            if (days < 0 || days > cfg.window_days) return;
            if (!nearest || days < nearest->days) nearest = edge{days, start, edge_day};
        };
        for (const auto& [start, end] : party.policy_periods) {
            consider(static_cast<long>((day - start).count()), true, start);
            consider(static_cast<long>((end - day).count()), false, end);
        }
        if (!nearest) continue;
        if (!party.vehicle.empty()) hit.add_own(vehicle_kind(party), party.vehicle);
        hit.clause("party " + party.role + "'s accident day is " + describe(*nearest) +
                   " (within " + std::to_string(cfg.window_days) + " days)");
    }
    return hit.finish("NEAR_POLICY_EDGE", cfg.weight);
}

}  // namespace crossclaim::fraud::rules
