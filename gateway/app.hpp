#pragma once
// What every handler may use: the immutable settings and the shared services.

#include "config/config.hpp"
#include "gateway/metrics.hpp"

namespace crossclaim::storage {
class db_pool;
}

namespace crossclaim::gateway {

struct app {
    const config::settings& settings;
    storage::db_pool& db;
    gateway::metrics& metrics;
};

}  // namespace crossclaim::gateway
