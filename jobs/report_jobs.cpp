// The reports' background work: rolling up again every day whose facts or deadlines changed
// since its rollup (0006_report_rollups.sql), so that the summary and SLA reports sum a
// month from its days' rollups. Several instances may run it; one at a time rolls up (an
// advisory lock), the others skip their turn.

#include "jobs/connection.hpp"
#include "jobs/jobs.hpp"
#include "services/report_rollups.hpp"
#include "support/log.hpp"

namespace crossclaim::jobs {

using detail::connect;

void background::rollup_loop(const config::settings& s) {
    // Days per look: a first start on a year of claims rolls up in a few looks, logging each.
    constexpr int days_per_look = 30;
    auto db = connect(s);
    bool more = false;
    do {
        more = false;
        try {
            const auto step = services::roll_up_stale_days(db.get(), days_per_look);
            if (step.days > 0)
                support::log(support::level::info, "report days rolled up",
                             {{"days", step.days},
                              {"facts", static_cast<std::int64_t>(step.facts)},
                              {"deadlines", static_cast<std::int64_t>(step.deadlines)},
                              {"first", domain::format_date(*step.first)},
                              {"last", domain::format_date(*step.last)}});
            more = step.more;
        } catch (const std::exception& ex) {
            support::log(support::level::warn, "report rollup failed; will retry",
                         {{"error", ex.what()}});
            db.reset();
        }
    } while (pause(more ? std::chrono::milliseconds(0) : s.reports.rollup_interval));
}

}  // namespace crossclaim::jobs
