#pragma once
// Versioned SQL migrations, applied in name order, each in its own transaction, recorded
// in schema_migrations, under an advisory lock so that instances starting together are safe.

#include <string>
#include <string_view>
#include <vector>

namespace crossclaim::storage {

/// One migration: its file name without extension ("0001_foundation") and its SQL.
struct migration {
    std::string_view name;
    std::string_view sql;
};

/// The migrations compiled into the binary from storage/migrations/*.sql, in order.
const std::vector<migration>& embedded_migrations();

/// Applies the pending ones of `all` on the database at `url`; returns the names applied.
/// Throws on failure (start-up boundary): the failed migration is rolled back whole.
std::vector<std::string> migrate(const std::string& url, const std::vector<migration>& all);

}  // namespace crossclaim::storage
