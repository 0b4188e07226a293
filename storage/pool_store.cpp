#include "storage/pool_store.hpp"

#include <pqxx/pqxx>

#include "storage/sql_types.hpp"
#include "support/ids.hpp"

namespace crossclaim::storage {
namespace {

const statement all_keys{"pool.keys", R"sql(
    SELECT key_id, wrapped, active FROM pool_keys ORDER BY created_at)sql"};

// The first key: made by whichever instance gets the lock first; the others then find it.
const statement first_key{"pool.first_key", R"sql(
    INSERT INTO pool_keys (key_id, wrapped, active)
    SELECT $1, $2, true WHERE NOT EXISTS (SELECT 1 FROM pool_keys))sql"};

const statement deactivate_keys{"pool.deactivate", R"sql(
    UPDATE pool_keys SET active = false, retired_at = now() WHERE active)sql"};

const statement insert_key{"pool.insert_key", R"sql(
    INSERT INTO pool_keys (key_id, wrapped, active) VALUES ($1, $2, true))sql"};

const statement stale_values{"pool.stale", R"sql(
    SELECT id, kind, sealed FROM pool_entries WHERE split_part(sealed, ':', 1) <> $1
    LIMIT $2 FOR UPDATE SKIP LOCKED)sql"};

const statement reseal_value{"pool.reseal", R"sql(
    UPDATE pool_entries SET sealed = $2 WHERE id = $1)sql"};

const statement reseal_entity{"pool.reseal_entity", R"sql(
    UPDATE lead_entities SET sealed = $3 WHERE kind = $1 AND hash = (
        SELECT hash FROM pool_entries WHERE id = $2))sql"};

const statement count_stale{"pool.count_stale", R"sql(
    SELECT (SELECT count(*) FROM pool_entries WHERE split_part(sealed, ':', 1) <> $1) +
           (SELECT count(*) FROM lead_entities WHERE split_part(sealed, ':', 1) <> $1))sql"};

std::string new_key_id() { return "k" + support::new_uuid().substr(0, 8); }

void read_keys(pqxx::work& tx, session& s, privacy::keyring& keys) {
    s.prepare(all_keys);
    for (const auto& row : tx.exec_prepared(std::string(all_keys.name))) {
        const auto id = row[0].as<std::string>();
        const auto key = keys.unwrap(id, row[1].as<std::string>());
        if (!key)
            throw std::runtime_error("pool data key " + id +
                                     " does not open with this CROSSCLAIM_POOL_KEY: the secret "
                                     "differs from the one the pool was made with");
        keys.add_data_key(id, *key, row[2].as<bool>());
    }
}

}  // namespace

std::string load_pool_keys(session& s, privacy::keyring& keys) {
    pqxx::work tx(s.conn());
    tx.exec("SELECT pg_advisory_xact_lock(hashtext('crossclaim pool keys'))");
    const auto id = new_key_id();
    const auto key = privacy::random_key();
    s.prepare(first_key);
    tx.exec_prepared0(std::string(first_key.name), id, keys.wrap(id, key));
    read_keys(tx, s, keys);
    tx.commit();
    return keys.active_key_id();
}

std::string add_pool_key(session& s, const privacy::keyring& keys) {
    pqxx::work tx(s.conn());
    tx.exec("SELECT pg_advisory_xact_lock(hashtext('crossclaim pool keys'))");
    const auto id = new_key_id();
    s.prepare(deactivate_keys);
    s.prepare(insert_key);
    tx.exec_prepared0(std::string(deactivate_keys.name));
    tx.exec_prepared0(std::string(insert_key.name), id, keys.wrap(id, privacy::random_key()));
    tx.commit();
    return id;
}

int reseal_batch(session& s, const privacy::keyring& keys, const std::string& key_id, int batch) {
    pqxx::work tx(s.conn());
    s.prepare(stale_values);
    s.prepare(reseal_value);
    s.prepare(reseal_entity);
    int n = 0;
    for (const auto& row : tx.exec_prepared(std::string(stale_values.name), key_id, batch)) {
        const auto id = row[0].as<long long>();
        const auto kind = fraud::id_kind_from(row[1].as<std::string>());
        const auto plain = kind ? keys.open(*kind, row[2].as<std::string>()) : std::nullopt;
        if (!plain)
            throw std::runtime_error("pooled value " + std::to_string(id) + " does not open");
        const auto sealed = keys.seal(*kind, *plain);
        tx.exec_prepared0(std::string(reseal_value.name), id, sealed);
        tx.exec_prepared0(std::string(reseal_entity.name), row[1].as<std::string>(), id, sealed);
        ++n;
    }
    tx.commit();
    return n;
}

long long values_under_other_keys(session& s, const std::string& key_id) {
    pqxx::work tx(s.conn());
    s.prepare(count_stale);
    const auto n = tx.exec_prepared1(std::string(count_stale.name), key_id)[0].as<long long>();
    tx.commit();
    return n;
}

}  // namespace crossclaim::storage
