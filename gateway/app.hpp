#pragma once
// What every handler may use: the immutable settings and the shared services.

#include "config/config.hpp"
#include "gateway/metrics.hpp"

namespace crossclaim::storage {
class db_pool;
}
namespace crossclaim::privacy {
class keyring;
}
namespace crossclaim::services {
class screening_stats;
}

namespace crossclaim::gateway {

class console_assets;
class rate_limiter;

struct app {
    const config::settings& settings;
    storage::db_pool& db;
    storage::db_pool* replica;  ///< where routes marked `on_replica` read; nullptr: `db`
    gateway::metrics& metrics;
    const privacy::keyring& keys;                ///< the fraud pool's hashing and sealing keys
    const services::screening_stats& screening;  ///< for /metrics
    const gateway::console_assets& assets;       ///< the console's static files
    gateway::rate_limiter& limits;               ///< per-member request budgets (API listener)
};

}  // namespace crossclaim::gateway
