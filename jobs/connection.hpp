#pragma once
// What every background loop shares: its own database connection, and the pace of retries.

#include <chrono>

#include "config/config.hpp"
#include "storage/outbox.hpp"

namespace crossclaim::jobs::detail {

/// A dead database is noticed in bounded time, and retried at this pace, not in a tight loop.
inline storage::background_connection connect(const config::settings& s) {
    return storage::background_connection(
        storage::with_connect_timeout(s.database.url, s.database.connect_timeout_seconds));
}
inline constexpr std::chrono::seconds database_retry{2};

}  // namespace crossclaim::jobs::detail
