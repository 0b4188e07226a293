// NIGHT_SINGLE_LARGE: a single-vehicle accident between 20:00 and 06:00 with a loss of 5,000
// or more.

#include <cstdio>

#include "fraud/rules/rules.hpp"
#include "fraud/rules/support.hpp"

namespace crossclaim::fraud::rules {

using namespace detail;

namespace {

std::string hh_mm(std::chrono::minutes m) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m.count() / 60),
                  static_cast<int>(m.count() % 60));
    return buf;
}

}  // namespace

std::optional<rule_hit> night_single_large(const screening_input& in, const rule_settings& s) {
    const auto& cfg = s.night_single_large;
    const auto& claim = in.claim;
    if (claim.parties.size() != 1) return std::nullopt;
    const auto& party = claim.parties.front();
    if (party.estimated_loss < cfg.min_loss) return std::nullopt;

    // The night is the scene's: Asia/Shanghai wall-clock time, whatever the server's zone.
    const auto local = std::chrono::floor<std::chrono::minutes>(
        claim.occurred_at - domain::shanghai_midnight(domain::shanghai_day(claim.occurred_at)));
    const std::chrono::minutes start = std::chrono::hours(cfg.night_start_hour);
    const std::chrono::minutes end = std::chrono::hours(cfg.night_end_hour);
    // A night that spans midnight (20–6) wraps; one that does not (0–6) is a plain range.
    const bool night =
        start > end ? (local >= start || local < end) : (local >= start && local < end);
    if (!night) return std::nullopt;

    hit_builder hit(claim);
    if (!party.vehicle.empty()) hit.add_own(vehicle_kind(party), party.vehicle);
    hit.clause("a single-vehicle accident at " + hh_mm(local) +
               " local time with an estimated "
               "loss of " +
               domain::to_string(party.estimated_loss) + " (night " + hh_mm(start) + "-" +
               hh_mm(end) + ", " + domain::to_string(cfg.min_loss) + " or more)");
    return hit.finish("NIGHT_SINGLE_LARGE", cfg.weight);
}

}  // namespace crossclaim::fraud::rules
