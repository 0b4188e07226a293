#include "domain/sla.hpp"

namespace crossclaim::domain {
namespace {

constexpr sla_duration hours(int n) { return {sla_duration::unit::hours, n}; }
constexpr sla_duration working_days(int n) { return {sla_duration::unit::working_days, n}; }
constexpr sla_duration calendar_days(int n) { return {sla_duration::unit::calendar_days, n}; }

}  // namespace

bool work_calendar::is_working_day(date d) const {
    const std::chrono::weekday wd{d};
    if (wd == std::chrono::Saturday || wd == std::chrono::Sunday)
        return make_up_working_days.contains(d);
    return !holidays.contains(d);
}

std::string_view to_string(sla_tier t) {
    switch (t) {
        case sla_tier::fast_settle:
            return "FAST_SETTLE";
        case sla_tier::simple:
            return "SIMPLE";
        case sla_tier::normal:
            return "NORMAL";
        case sla_tier::complex:
            return "COMPLEX";
    }
    return "UNKNOWN";
}

std::optional<sla_tier> parse_sla_tier(std::string_view text) {
    using enum sla_tier;
    for (const sla_tier t : {fast_settle, simple, normal, complex})
        if (to_string(t) == text) return t;
    return std::nullopt;
}

sla_tier choose_tier(const claim& c, bool fast_settle_eligible) {
    if (c.accident.injuries || c.parties.size() > 2) return sla_tier::complex;
    if (fast_settle_eligible) return sla_tier::fast_settle;
    money total;
    for (const auto& p : c.parties) total += p.estimated_loss;
    if (c.parties.size() == 1 || total < yuan(1000)) return sla_tier::simple;
    return sla_tier::normal;
}

instant add_duration(instant start, sla_duration d, const work_calendar& cal) {
    switch (d.unit) {
        case sla_duration::unit::hours:
            return start + std::chrono::hours(d.count);
        case sla_duration::unit::calendar_days:
            // China keeps no daylight saving, so a calendar day is always 24 hours.
            return start + std::chrono::hours(24) * d.count;
        case sla_duration::unit::working_days:
            break;
    }
    if (d.count <= 0) return start;
    // The start day never counts: a report at 15:00 would otherwise lose most of day one.
    // A start at exactly 00:00 is the end of the day before (a working-day deadline is such
    // a midnight), so the next clock, e.g. an escalation level, gets its full n days.
    date day = shanghai_day(start - std::chrono::seconds(1));
    for (int found = 0; found < d.count;) {
        day += std::chrono::days(1);
        if (cal.is_working_day(day)) ++found;
    }
    return shanghai_midnight(day + std::chrono::days(1));
}

const std::vector<stage_rule>& stage_rules() {
    using enum claim_status;
    using enum sla_tier;
    static const std::vector<stage_rule> rules = [] {
        std::vector<stage_rule> r = {
            {fast_settle, reported, assessed, hours(24), service_level_basis},
            {fast_settle, assessed, paid, working_days(3), service_level_basis},
            // SIMPLE's "documents reviewed" is the insurer's approval of the claim.
            {simple, reported, approved, hours(12), service_level_basis},
            {simple, approved, paid, hours(24), service_level_basis},
            {normal, reported, assessed, working_days(3), service_level_basis},
            {normal, assessed, paid, working_days(7), service_level_basis},
            {complex, reported, assessed, working_days(10), service_level_basis},
        };
        // The statute binds every tier; where a tier's own level is shorter, it binds first.
        for (const sla_tier t : {fast_settle, simple, normal, complex}) {
            r.push_back({t, documents_complete, approved, calendar_days(30), statutory_basis});
            r.push_back({t, approved, paid, calendar_days(10), statutory_basis});
        }
        return r;
    }();
    return rules;
}

std::vector<deadline> deadlines_from(sla_tier tier, claim_status reached, instant at,
                                     const work_calendar& cal) {
    std::vector<deadline> out;
    for (const auto& rule : stage_rules())
        if (rule.tier == tier && rule.anchor == reached)
            out.push_back({rule.stage, add_duration(at, rule.limit, cal), rule.basis});
    return out;
}

std::string_view escalation_target(int level) {
    switch (level) {
        case 1:
            return "HANDLING_BRANCH_SUPERVISOR";
        case 2:
            return "UNDERWRITER_COMPLAINTS";
        case 3:
            return "ASSOCIATION";
        default:
            return {};
    }
}

instant escalation_due(instant stage_due, int level, const work_calendar& cal) {
    instant due = stage_due;
    for (int l = 2; l <= level; ++l) due = add_duration(due, working_days(2), cal);
    return due;
}

}  // namespace crossclaim::domain
