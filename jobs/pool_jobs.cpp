// The fraud pool's background work: screening workers and the data-key refresh (so a key
// rotated by `crossclaim pool rotate-key` is used within `key_refresh`).

#include "jobs/connection.hpp"
#include "jobs/jobs.hpp"
#include "storage/pool_store.hpp"
#include "storage/screening_store.hpp"
#include "support/log.hpp"

namespace crossclaim::jobs {

using detail::connect;
using detail::database_retry;

void background::screen_loop(const config::settings& s, services::screening_stats& stats) {
    auto db = connect(s);
    bool worked = false;
    int idle_steps = 0;
    do {
        worked = false;
        std::string taken;
        try {
            if (auto done = services::screen_next(db.get(), s.fraud, taken)) {
                worked = true;
                stats.screened(done->lag_seconds, done->hits);
                if (done->hits > 0)
                    support::log(support::level::info, "claim screened",
                                 {{"claim_id", done->claim_id},
                                  {"hits", done->hits},
                                  {"lead_id", done->lead_id}});
            }
            // The backlog for /metrics: after every idle step, and every 100 busy ones.
            if (!worked || ++idle_steps % 100 == 0) {
                const auto b = storage::screening_queue_state(db.get());
                stats.backlog(b.depth, b.oldest_seconds);
            }
        } catch (const std::exception& ex) {
            support::log(support::level::warn, "screening step rolled back; will retry",
                         {{"claim_id", taken}, {"error", ex.what()}});
            db.reset();
            if (!taken.empty()) {
                try {
                    storage::screening_failed(db.get(), taken, ex.what(), std::chrono::seconds(5));
                } catch (const std::exception&) {
                    // The database is away: the claim stays queued as it was.
                }
            }
            if (!pause(database_retry)) return;
        }
    } while (worked ? pause(std::chrono::milliseconds(0)) : pause(s.fraud.screening_poll));
}

void background::key_refresh_loop(const config::settings& s, privacy::keyring& keys) {
    auto db = connect(s);
    while (pause(s.fraud.key_refresh)) {
        try {
            const auto before = keys.active_key_id();
            const auto now = storage::load_pool_keys(db.get(), keys);
            if (now != before)
                support::log(support::level::info, "pool data key changed", {{"active_key", now}});
        } catch (const std::exception& ex) {
            support::log(support::level::warn, "pool key refresh failed; will retry",
                         {{"error", ex.what()}});
            db.reset();
        }
    }
}

}  // namespace crossclaim::jobs
