#include "services/report_rollups.hpp"

#include "storage/report_rollups.hpp"

namespace crossclaim::services {

rollup_step roll_up_stale_days(storage::session& s, int max_days) {
    rollup_step step;
    const auto stale = storage::stale_report_days(s, max_days);
    for (const auto day : stale) {
        const auto counted = storage::roll_up_report_day(s, day);
        if (!counted) {
            step.busy = true;
            return step;
        }
        ++step.days;
        step.facts += counted->facts;
        step.deadlines += counted->deadlines;
        if (!step.first) step.first = day;
        step.last = day;
    }
    step.more = step.days == max_days;
    return step;
}

}  // namespace crossclaim::services
