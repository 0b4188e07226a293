#pragma once
// The summary and SLA reports' daily rollups (0006_report_rollups.sql): which days changed
// since they were rolled up, and rolling one up again.

#include <optional>
#include <vector>

#include "domain/time.hpp"
#include "storage/db_pool.hpp"

namespace crossclaim::storage {

/// Up to `limit` Asia/Shanghai days, oldest first, whose claims' facts or deadlines differ
/// from their rollups (or that have none yet). Counts every fact and deadline: one index
/// scan of each table.
std::vector<domain::date> stale_report_days(session& s, int limit);

/// What a day's rollup counted.
struct rolled_day {
    long long facts = 0;      ///< claim_facts rows reported on the day
    long long deadlines = 0;  ///< deadlines due on the day
};

/// Rolls `day` up again from one snapshot, in one transaction. Nothing when another
/// instance is rolling up at the moment.
std::optional<rolled_day> roll_up_report_day(session& s, domain::date day);

}  // namespace crossclaim::storage
