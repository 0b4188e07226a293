#include "storage/health.hpp"

#include <pqxx/pqxx>

namespace crossclaim::storage {

namespace {
const statement count_migrations{"health.count_migrations",
                                 "SELECT count(*) FROM schema_migrations"};
const statement replica_lag{"health.replica_lag", R"sql(
    SELECT to_char(CASE WHEN pg_last_wal_receive_lsn() IS NULL
                          OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                        ELSE greatest(0, extract(epoch FROM
                                 clock_timestamp() - pg_last_xact_replay_timestamp())) END,
                   'FM999999990.000'))sql"};
}  // namespace

long applied_migration_count(session& s) {
    s.prepare(count_migrations);
    pqxx::read_transaction tx(s.conn());
    return tx.exec_prepared1(std::string(count_migrations.name))[0].as<long>();
}

std::string replica_lag_seconds(session& s) {
    s.prepare(replica_lag);
    pqxx::read_transaction tx(s.conn());
    return tx.exec_prepared1(std::string(replica_lag.name))[0].as<std::string>();
}

}  // namespace crossclaim::storage
