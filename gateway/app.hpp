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

struct app {
    const config::settings& settings;
    storage::db_pool& db;
    gateway::metrics& metrics;
    const privacy::keyring& keys;                ///< the fraud pool's hashing and sealing keys
    const services::screening_stats& screening;  ///< for /metrics
};

}  // namespace crossclaim::gateway
