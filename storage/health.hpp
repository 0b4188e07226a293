#pragma once

#include "storage/db_pool.hpp"

namespace crossclaim::storage {

/// Reads the migration table: proves the database answers and the schema is there.
/// Returns how many migrations are applied.
long applied_migration_count(session& s);

}  // namespace crossclaim::storage
