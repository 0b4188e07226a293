// pool rotate-key, pool seal-claims, fraud backtest: the fraud pool's administration commands.

#include <cstdio>
#include <iostream>
#include <thread>

#include "app/commands/commands.hpp"
#include "app/commands/connected.hpp"
#include "config/config.hpp"
#include "privacy/keyring.hpp"
#include "privacy/personal_fields.hpp"
#include "services/backtest.hpp"
#include "storage/outbox.hpp"
#include "storage/pool_store.hpp"
#include "storage/sealing_store.hpp"

namespace crossclaim::app {
namespace {

// The settings with a usable database and pool key, or nullopt after saying what is missing.
std::optional<config::settings> pool_settings(const arguments& args) {
    auto s = load_or_report(args);
    if (!s) return std::nullopt;
    if (s->database.url.empty()) {
        std::cerr << "crossclaim: no database: set CROSSCLAIM_DB_URL\n";
        return std::nullopt;
    }
    if (s->pool_key.size() < 32) {
        std::cerr
            << "crossclaim: set CROSSCLAIM_POOL_KEY to the pool's secret (32 bytes or more)\n";
        return std::nullopt;
    }
    return s;
}

std::optional<domain::instant> day_option(const arguments& args, const std::string& name,
                                          domain::instant fallback, bool& bad) {
    const auto v = args.option(name);
    if (!v) return fallback;
    const auto d = domain::parse_date(*v);
    if (!d) {
        std::cerr << "crossclaim fraud backtest: --" << name << " must be a date like 2026-01-31\n";
        bad = true;
        return std::nullopt;
    }
    return domain::shanghai_midnight(*d);
}

}  // namespace

int pool_rotate_key(const arguments& args) {
    if (reject_unknown(args, {"config"})) return 2;
    const auto s = pool_settings(args);
    if (!s) return 2;
    try {
        connected c(*s);
        const auto old_key = c.active_key;
        const auto new_key = storage::add_pool_key(c.db.get(), c.keys);
        storage::load_pool_keys(c.db.get(), c.keys);
        std::cout << "new data key " << new_key << " (was " << old_key << ")\n";
        // Running gateways seal with the old key until their next refresh; wait for that,
        // then re-seal until nothing under another key is left.
        const auto grace = 2 * s->fraud.key_refresh;
        std::cout << "waiting " << grace.count() << " ms for running gateways to take it up\n";
        std::this_thread::sleep_for(grace);
        const auto total = storage::values_under_other_keys(c.db.get(), new_key);
        long long done = 0;
        for (;;) {
            const int n = storage::reseal_batch(c.db.get(), c.keys, new_key, 1000);
            done += n;
            if (n > 0) {
                std::cout << "re-encrypted " << done << " of " << total << "\n" << std::flush;
                continue;
            }
            if (storage::values_under_other_keys(c.db.get(), new_key) == 0) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));  // rows still locked
        }
        std::cout << "done: every pooled value is under " << new_key << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "crossclaim pool rotate-key: " << e.what()
                  << " (what was re-encrypted stays so; run it again to finish)\n";
        return 1;
    }
}

int pool_seal_claims(const arguments& args) {
    if (reject_unknown(args, {"config"})) return 2;
    const auto s = pool_settings(args);
    if (!s) return 2;
    try {
        connected c(*s);
        const auto total = storage::unsealed_rows(c.db.get());
        std::cout << total << " stored claims and routed events hold readable identifiers\n";
        const auto seal = [&](std::string_view json) {
            return privacy::seal_personal_fields(c.keys, json);
        };
        storage::seal_cursor at;
        long long done = 0;
        while (const int n = storage::seal_batch(c.db.get(), seal, at, 500)) {
            done += n;
            std::cout << "encrypted " << done << " of " << total << "\n" << std::flush;
        }
        std::cout << "done: " << storage::unsealed_rows(c.db.get())
                  << " stored claims or routed events hold readable identifiers\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "crossclaim pool seal-claims: " << e.what()
                  << " (what was encrypted stays so; run it again to finish)\n";
        return 1;
    }
}

int fraud_backtest(const arguments& args) {
    if (reject_unknown(args, {"config", "rules", "from", "to"})) return 2;
    const auto rules_file = args.option("rules");
    if (!rules_file) {
        std::cerr << "usage: crossclaim fraud backtest --rules FILE [--from DATE] [--to DATE] "
                     "[--config FILE]\n";
        return 2;
    }
    const auto s = pool_settings(args);
    if (!s) return 2;
    fraud::rule_settings candidate;
    std::vector<std::string> errors;
    config::load_rule_file(*rules_file, candidate, errors);
    for (const auto& e : errors) std::cerr << e << '\n';
    if (!errors.empty()) return 2;
    bool bad = false;
    const auto from = day_option(args, "from", domain::instant{}, bad);
    const auto to =
        day_option(args, "to", domain::instant{std::chrono::seconds{4'102'444'800}}, bad);
    if (bad) return 2;
    try {
        storage::background_connection db(
            storage::with_connect_timeout(s->database.url, s->database.connect_timeout_seconds));
        const auto r = services::backtest(
            db.get(), s->fraud.rules, candidate, *from, *to, [](long long done, long long total) {
                std::cerr << "screened " << done << " of " << total << " pooled claims\n";
            });
        std::printf("backtest over %lld pooled claims: current rules %s, candidate %s\n", r.claims,
                    s->fraud.rules.version.c_str(), candidate.version.c_str());
        std::printf("%-20s %10s %10s %10s %10s\n", "rule", "current", "candidate", "precision",
                    "(closed)");
        for (const auto& rule : r.rules) {
            const auto closed = rule.candidate_confirmed + rule.candidate_dismissed;
            char precision[16] = "-";
            if (closed > 0)
                std::snprintf(
                    precision, sizeof precision, "%.2f",
                    static_cast<double>(rule.candidate_confirmed) / static_cast<double>(closed));
            std::printf("%-20s %10lld %10lld %10s %10lld\n", rule.code.c_str(), rule.current,
                        rule.candidate, precision, closed);
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "crossclaim fraud backtest: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace crossclaim::app
