#pragma once

#include <string>

#include "storage/db_pool.hpp"

namespace crossclaim::storage {

/// Reads the migration table: proves the database answers and the schema is there.
/// Returns how many migrations are applied.
long applied_migration_count(session& s);

/// How far behind its primary a standby may be, in seconds with three decimals ("0.000" when
/// it has replayed all it received, or when `s` is not on a standby): the time since the last
/// transaction it replayed, while WAL it received waits to be replayed.
std::string replica_lag_seconds(session& s);

}  // namespace crossclaim::storage
