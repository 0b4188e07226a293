#include "app/commands/connected.hpp"

#include "storage/pool_store.hpp"

namespace crossclaim::app {

connected::connected(config::settings s)
    : settings(std::move(s)),
      db(storage::with_connect_timeout(settings.database.url,
                                       settings.database.connect_timeout_seconds)),
      keys(settings.pool_key),
      active_key(storage::load_pool_keys(db.get(), keys)) {}

}  // namespace crossclaim::app
