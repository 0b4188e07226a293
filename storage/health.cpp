#include "storage/health.hpp"

#include <pqxx/pqxx>

namespace crossclaim::storage {

namespace {
const statement count_migrations{"health.count_migrations",
                                 "SELECT count(*) FROM schema_migrations"};
}

long applied_migration_count(session& s) {
    s.prepare(count_migrations);
    pqxx::read_transaction tx(s.conn());
    return tx.exec_prepared1(std::string(count_migrations.name))[0].as<long>();
}

}  // namespace crossclaim::storage
