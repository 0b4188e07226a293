#pragma once
// The fraud pool's rows of a claim (written by claims_store's intake statement) and its data
// keys. pqxx stays in the .cpp files.

#include <string>
#include <vector>

#include "domain/time.hpp"
#include "privacy/keyring.hpp"
#include "storage/db_pool.hpp"

namespace crossclaim::storage {

/// One identifier of one party, as pooled.
struct pool_entry_row {
    std::string party, kind, hash;
    std::string vehicle, driver, phone;  ///< the party's hashes, for the rules
    std::string masked, sealed;
};

/// What intake adds to the pool for one claim (see services/pooling.hpp).
struct pool_rows {
    std::string claim_id, member, region;
    domain::instant occurred_at;
    std::string facts_json;
    std::vector<pool_entry_row> entries;
};

/// Loads the data keys into `keys`, making and storing the first one when there is none
/// (two instances starting at once agree on one). Returns the active key id.
std::string load_pool_keys(session& s, privacy::keyring& keys);

/// Adds a new data key and makes it the active one; the old ones stay for reading.
std::string add_pool_key(session& s, const privacy::keyring& keys);

/// Re-seals up to `batch` pooled values not under `key_id`; returns how many it changed.
int reseal_batch(session& s, const privacy::keyring& keys, const std::string& key_id, int batch);

/// How many sealed values are under another key than `key_id`.
long long values_under_other_keys(session& s, const std::string& key_id);

}  // namespace crossclaim::storage
