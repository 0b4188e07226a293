#pragma once
// What the pool and demo commands work with: the settings, a connection to the database and
// the pool's keys loaded from it.

#include <string>

#include "config/config.hpp"
#include "privacy/keyring.hpp"
#include "storage/outbox.hpp"

namespace crossclaim::app {

struct connected {
    /// Connects to `s.database.url` and loads the pool's data keys; throws when the database
    /// cannot be reached.
    explicit connected(config::settings s);
    config::settings settings;
    storage::background_connection db;
    privacy::keyring keys;
    std::string active_key;  ///< the data key new values are sealed with
};

}  // namespace crossclaim::app
