// serve, migrate, check-config: the commands that read the gateway's configuration.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>

#include "app/commands/commands.hpp"
#include "config/config.hpp"
#include "gateway/app.hpp"
#include "gateway/console_assets.hpp"
#include "gateway/metrics.hpp"
#include "gateway/rate_limiter.hpp"
#include "gateway/server.hpp"
#include "jobs/jobs.hpp"
#include "services/screening.hpp"
#include "storage/db_pool.hpp"
#include "storage/migrations.hpp"
#include "storage/outbox.hpp"
#include "storage/pool_store.hpp"
#include "support/log.hpp"

namespace crossclaim::app {
bool reject_unknown(const arguments& args, const std::vector<std::string>& known) {
    const auto unknown = args.unknown_options(known);
    for (const auto& u : unknown) std::cerr << "crossclaim: unknown option " << u << '\n';
    return !unknown.empty();
}

std::optional<config::settings> load_or_report(const arguments& args) {
    const std::string path = args.option("config").value_or(config::default_path());
    auto result = config::load(path, config::process_environment());
    for (const auto& e : result.errors) std::cerr << e << '\n';
    if (!result.errors.empty())
        std::cerr << "crossclaim: " << result.errors.size() << " problem(s) in the configuration\n";
    return std::move(result.value);
}

// Migrations at start-up: the one place where a database error ends the process.
bool run_migrations(const config::settings& s) {
    if (s.database.url.empty()) {
        std::cerr << "crossclaim: no database: set CROSSCLAIM_DB_URL (a libpq URI) or "
                     "[database] url in "
                  << s.source << " (scripts/run.sh starts a private cluster and sets it)\n";
        return false;
    }
    try {
        const auto applied = storage::migrate(
            storage::with_connect_timeout(s.database.url, s.database.connect_timeout_seconds),
            storage::embedded_migrations());
        for (const auto& name : applied)
            support::log(support::level::info, "migration applied", {{"name", name}});
        return true;
    } catch (const std::exception& e) {
        std::cerr << "crossclaim: migrations failed: " << e.what() << '\n';
        return false;
    }
}

int check_config(const arguments& args) {
    if (reject_unknown(args, {"config"})) return 2;
    const auto s = load_or_report(args);
    if (!s) return 1;
    std::cout << s->source << ": ok (" << s->zone.regions.size() << " regions, "
              << s->zone.members.size() << " members, " << s->zone.branches.size()
              << " branches, situation table " << s->rulebook.table.version << ")\n";
    return 0;
}

int migrate(const arguments& args) {
    if (reject_unknown(args, {"config"})) return 2;
    support::init_logging();
    const auto s = load_or_report(args);
    if (!s) return 2;
    return run_migrations(*s) ? 0 : 1;
}

int serve(const arguments& args) {
    if (reject_unknown(args, {"config", "ready-file"})) return 2;
    support::init_logging();
    const auto s = load_or_report(args);
    if (!s) return 2;
    if (s->pool_key.size() < 32) {
        std::cerr << "crossclaim: no pool key: set CROSSCLAIM_POOL_KEY to a secret of at least 32 "
                     "bytes (it keys the fraud pool's hashes and encryption; scripts/run.sh makes "
                     "one for the demo zone in var/pool.key)\n";
        return 2;
    }
    if (!run_migrations(*s)) return 1;
    privacy::keyring keys(s->pool_key);
    try {
        storage::background_connection db(
            storage::with_connect_timeout(s->database.url, s->database.connect_timeout_seconds));
        const auto active = storage::load_pool_keys(db.get(), keys);
        support::log(support::level::info, "pool keys loaded", {{"active_key", active}});
    } catch (const std::exception& e) {
        std::cerr << "crossclaim: pool keys: " << e.what() << '\n';
        return 1;
    }

    storage::db_pool pool(
        storage::with_connect_timeout(s->database.url, s->database.connect_timeout_seconds),
        s->database.pool_size, s->database.queue_limit);
    // Read-heavy routes go to a standby when one is configured (docs/scaling.md).
    std::optional<storage::db_pool> replica;
    if (!s->database.replica_url.empty())
        replica.emplace(storage::with_connect_timeout(s->database.replica_url,
                                                      s->database.connect_timeout_seconds),
                        s->database.pool_size, s->database.queue_limit);
    gateway::metrics metrics;
    services::screening_stats screening;
    std::vector<std::string> warnings;
    const auto assets = gateway::console_assets::load(s->console, warnings);
    for (const auto& w : warnings) support::log(support::level::warn, w, {});
    gateway::rate_limiter limits(s->rate_limits);
    const gateway::app app{*s,     pool,  replica ? &*replica : nullptr, metrics, keys, screening,
                           assets, limits};
    gateway::server server(app);
    if (auto e = server.bind()) {
        std::cerr << "crossclaim: " << *e << '\n';
        return 1;
    }
    const auto api = server.api_endpoint(), console = server.console_endpoint();
    const std::string api_text = api.host + ":" + std::to_string(api.port);
    const std::string console_text = console.host + ":" + std::to_string(console.port);
    support::log(support::level::info, "listening",
                 {{"api", "https://" + api_text}, {"console", "https://" + console_text}});
    if (auto ready = args.option("ready-file")) {
        // Written whole, then renamed: a reader never sees half a file.
        const std::string tmp = *ready + ".tmp";
        std::ofstream(tmp) << api_text << '\n' << console_text << '\n';
        std::rename(tmp.c_str(), ready->c_str());
    }
    jobs::background background;
    background.start(*s, keys, screening);
    server.run();
    // In-flight requests are done; let the jobs finish their current step, then the pool.
    background.stop();
    pool.stop();
    if (replica) replica->stop();
    support::log(support::level::info, "stopped");
    return 0;
}

}  // namespace crossclaim::app
