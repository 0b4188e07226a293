#include "storage/migrations.hpp"

#include <pqxx/pqxx>

namespace crossclaim::storage {
namespace {
// Any constant works as long as nothing else in the database uses it: "CRSC" in ASCII.
constexpr long long migration_lock_key = 0x43525343;
}  // namespace

std::vector<std::string> migrate(const std::string& url, const std::vector<migration>& all) {
    pqxx::connection conn(url);
    // A session-level lock: a second instance waits here until the first has finished.
    {
        pqxx::nontransaction n(conn);
        n.exec("SELECT pg_advisory_lock(" + std::to_string(migration_lock_key) + ")");
        n.exec0(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " name text PRIMARY KEY,"
            " applied_at timestamptz NOT NULL DEFAULT now())");
    }
    std::vector<std::string> applied;
    for (const auto& m : all) {
        pqxx::work tx(conn);
        const auto seen =
            tx.exec_params("SELECT 1 FROM schema_migrations WHERE name = $1", std::string(m.name));
        if (!seen.empty()) continue;
        tx.exec0(std::string(m.sql));
        tx.exec_params0("INSERT INTO schema_migrations (name) VALUES ($1)", std::string(m.name));
        tx.commit();
        applied.emplace_back(m.name);
    }
    pqxx::nontransaction n(conn);
    n.exec("SELECT pg_advisory_unlock(" + std::to_string(migration_lock_key) + ")");
    return applied;
}

}  // namespace crossclaim::storage
