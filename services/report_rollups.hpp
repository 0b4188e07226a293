#pragma once
// Keeping the reports' daily rollups (0006_report_rollups.sql) current: the background job
// of every gateway and `crossclaim reports rollup` both go through here.

#include <optional>

#include "domain/time.hpp"
#include "storage/db_pool.hpp"

namespace crossclaim::services {

/// What one look at the rollups did.
struct rollup_step {
    int days = 0;  ///< days rolled up again
    long long facts = 0, deadlines = 0;  ///< what those days hold
    std::optional<domain::date> first, last;
    bool busy = false;  ///< another instance was rolling up, so this one stopped
    bool more = false;  ///< `max_days` were rolled up: more may be waiting
};

/// Rolls up again the oldest `max_days` days whose claims or deadlines changed since their
/// rollup; each day in its own transaction.
rollup_step roll_up_stale_days(storage::session& s, int max_days);

}  // namespace crossclaim::services
