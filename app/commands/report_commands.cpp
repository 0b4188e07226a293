// reports rollup: brings the reports' daily rollups up to date at once (after a bulk load,
// say), instead of waiting for the gateways' background job to do it a month at a time.

#include <chrono>
#include <iostream>
#include <thread>

#include "app/commands/commands.hpp"
#include "services/report_rollups.hpp"
#include "storage/outbox.hpp"

namespace crossclaim::app {

int reports_rollup(const arguments& args) {
    if (reject_unknown(args, {"config"})) return 2;
    const auto s = load_or_report(args);
    if (!s) return 2;
    if (!run_migrations(*s)) return 1;
    try {
        storage::background_connection db(
            storage::with_connect_timeout(s->database.url, s->database.connect_timeout_seconds));
        int days = 0;
        for (;;) {
            const auto step = services::roll_up_stale_days(db.get(), 30);
            if (step.days > 0) {
                days += step.days;
                std::cout << "rolled up " << domain::format_date(*step.first) << " to "
                          << domain::format_date(*step.last) << ": " << step.facts
                          << " party claims, " << step.deadlines << " deadlines\n"
                          << std::flush;
            }
            if (step.busy) {
                std::cout << "a gateway is rolling up at the moment; waiting\n" << std::flush;
                std::this_thread::sleep_for(std::chrono::seconds(1));
            } else if (!step.more) {
                break;
            }
        }
        std::cout << "done: " << days << " days rolled up; every day is current\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "crossclaim reports rollup: " << e.what()
                  << " (the days rolled up stay so; run it again to finish)\n";
        return 1;
    }
}

}  // namespace crossclaim::app
