#pragma once
// Service-level clocks: which tier a claim is in, when each stage is due, and when an
// overdue stage escalates. The limits are data (`stage_rules`) so that a changed service
// level is a table edit; the clock arithmetic is the only logic here. All local days are
// Asia/Shanghai.

#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "domain/claim.hpp"
#include "domain/lifecycle.hpp"
#include "domain/time.hpp"

namespace crossclaim::domain {

/// The zone's working days: Monday–Friday, minus holidays, plus make-up weekend days.
struct work_calendar {
    std::set<date> holidays;              ///< days off, weekend days of a holiday included
    std::set<date> make_up_working_days;  ///< weekend days that are worked (调休上班)

    /// Mon–Fri unless a holiday; Sat/Sun only when a make-up day.
    bool is_working_day(date d) const;
};

/// The service-level tier of a claim.
enum class sla_tier { fast_settle, simple, normal, complex };

/// "FAST_SETTLE", "SIMPLE", "NORMAL" or "COMPLEX".
std::string_view to_string(sla_tier t);
/// The tier with that wire name (exact, upper case), or nullopt.
std::optional<sla_tier> parse_sla_tier(std::string_view text);

/// First match of COMPLEX (injuries or > 2 parties), FAST_SETTLE, SIMPLE (one party or
/// total estimated loss < 1,000.00), NORMAL.
sla_tier choose_tier(const claim& c, bool fast_settle_eligible);

/// A time limit: calendar hours, working days or calendar days.
struct sla_duration {
    enum class unit { hours, working_days, calendar_days } unit;
    int count;
};

/// The end of a limit started at `start`. Working days end at the local midnight closing the
/// n-th working day strictly after start's local day (00:00 counts as the day before's end);
/// a count ≤ 0 of them is `start`.
instant add_duration(instant start, sla_duration d, const work_calendar& cal);

/// What the scheme's own service levels are based on.
inline constexpr std::string_view service_level_basis = "DOMAIN service level";
/// What the statutory outer limits are based on.
inline constexpr std::string_view statutory_basis = "Insurance Law art. 23";

/// One stage limit of a tier: `stage` must be reached within `limit` of `anchor`.
struct stage_rule {
    sla_tier tier;
    claim_status anchor;  ///< the status whose time starts the clock; reported for the report time
    claim_status stage;   ///< the status that must be reached
    sla_duration limit;
    std::string_view basis;  ///< service_level_basis or statutory_basis
};

/// Every stage limit of every tier, scheme levels and statutory limits alike.
const std::vector<stage_rule>& stage_rules();

/// A stage with the time it is due.
struct deadline {
    claim_status stage;
    instant due;
    std::string_view basis;
};

/// The deadlines whose clock starts when `reached` happened `at`, in `stage_rules()` order.
/// Two deadlines may name the same stage; the earlier one binds.
std::vector<deadline> deadlines_from(sla_tier tier, claim_status reached, instant at,
                                     const work_calendar& cal);

/// The highest escalation level; the association is the last resort.
inline constexpr int max_escalation_level = 3;

/// Who an overdue stage goes to at `level` (1–3); empty for any other level.
std::string_view escalation_target(int level);

/// When `level` fires for a stage due at `stage_due`: level 1 at once, each further level
/// 2 working days after the one before. Levels below 1 count as 1.
instant escalation_due(instant stage_due, int level, const work_calendar& cal);

}  // namespace crossclaim::domain
