// demo generate, demo screen: synthetic claims for the demo zone, through the one intake
// service, and screening of what is queued (for a zone with no gateway running, and for
// bench/).

#include <chrono>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "app/commands/commands.hpp"
#include "app/commands/connected.hpp"
#include "gateway/json/claim_json.hpp"
#include "generator/claims.hpp"
#include "privacy/keyring.hpp"
#include "services/intake.hpp"
#include "services/screening.hpp"
#include "storage/outbox.hpp"
#include "storage/pool_store.hpp"
#include "storage/retention_store.hpp"

namespace crossclaim::app {
namespace {

std::optional<long long> number_option(const arguments& args, const std::string& name,
                                       long long fallback, long long min, long long max) {
    const auto v = args.option(name);
    if (!v) return fallback;
    try {
        std::size_t used = 0;
        const long long n = std::stoll(*v, &used);
        if (used == v->size() && n >= min && n <= max) return n;
    } catch (const std::exception&) {
    }
    std::cerr << "crossclaim demo: --" << name << " must be a whole number from " << min << " to "
              << max << '\n';
    return std::nullopt;
}

std::unique_ptr<connected> connect(const arguments& args) {
    auto s = load_or_report(args);
    if (!s) return nullptr;
    if (s->database.url.empty() || s->pool_key.size() < 32) {
        std::cerr << "crossclaim demo: set CROSSCLAIM_DB_URL and CROSSCLAIM_POOL_KEY (32 bytes or "
                     "more); scripts/run.sh shows both\n";
        return nullptr;
    }
    if (!run_migrations(*s)) return nullptr;
    return std::make_unique<connected>(std::move(*s));
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int demo_generate(const arguments& args) {
    if (reject_unknown(args, {"config", "seed", "claims", "first-day", "days", "workers"}))
        return 2;
    const auto seed = number_option(args, "seed", 1, 0, 1'000'000'000);
    const auto claims = number_option(args, "claims", 1000, 1, 10'000'000);
    const auto days = number_option(args, "days", 180, 1, 3660);
    const auto workers = number_option(args, "workers", 1, 1, 16);
    if (!seed || !claims || !days || !workers) return 2;
    generator::options o;
    o.seed = static_cast<std::uint64_t>(*seed);
    o.claims = *claims;
    o.days = static_cast<int>(*days);
    if (const auto d = args.option("first-day")) {
        const auto day = domain::parse_date(*d);
        if (!day) {
            std::cerr << "crossclaim demo generate: --first-day must be a date like 2026-06-01\n";
            return 2;
        }
        o.first_day = *day;
    }
    try {
        const auto c = connect(args);
        if (!c) return 2;
        // One stream of claims, taken in turn by the workers, each on its own connection:
        // the claims are the same for any number of workers, only their commit order differs.
        generator::claim_generator gen(o, c->settings.zone);
        {
            // The months these accidents and reports fall in (local days, so a day either side).
            storage::background_connection db(storage::with_connect_timeout(
                c->settings.database.url, c->settings.database.connect_timeout_seconds));
            const auto made = storage::add_months(db.get(), o.first_day - std::chrono::days(1),
                                                  o.first_day + std::chrono::days(o.days + 1));
            if (made.claims + made.pool > 0)
                std::cerr << "made " << made.claims << " months of claims and " << made.pool
                          << " of the pool\n";
        }
        std::mutex taking;
        std::map<std::string, long long> planted;
        long long created = 0, replayed = 0, conflicts = 0, n = 0;
        std::string failed;
        const auto started = std::chrono::steady_clock::now();
        auto work = [&] {
            try {
                storage::background_connection db(storage::with_connect_timeout(
                    c->settings.database.url, c->settings.database.connect_timeout_seconds));
                while (true) {
                    std::optional<generator::generated_claim> g;
                    {
                        std::lock_guard lock(taking);
                        if (!failed.empty()) return;
                        g = gen.next();
                    }
                    if (!g) return;
                    // Reported twenty minutes after the accident, as a member's system would.
                    const auto reported = g->claim.accident.occurred_at + std::chrono::minutes(20);
                    const auto r =
                        services::submit_claim(db.get(), c->settings, c->keys, g->member, g->claim,
                                               gateway::json::encode_claim(g->claim), reported);
                    std::lock_guard lock(taking);
                    using storage::intake_outcome;
                    (r.outcome == intake_outcome::created    ? created
                     : r.outcome == intake_outcome::replayed ? replayed
                                                             : conflicts) += 1;
                    if (!g->planted.empty()) ++planted[g->planted];
                    if (++n % 10000 == 0)
                        std::cerr << "submitted " << n << " of " << *claims << " ("
                                  << static_cast<long long>(n / seconds_since(started)) << "/s)\n";
                }
            } catch (const std::exception& e) {
                std::lock_guard lock(taking);
                if (failed.empty()) failed = e.what();
            }
        };
        std::vector<std::thread> threads;
        for (long long w = 1; w < *workers; ++w) threads.emplace_back(work);
        work();
        for (auto& t : threads) t.join();
        if (!failed.empty()) throw std::runtime_error(failed);
        std::cout << "claims: " << created << " created, " << replayed
                  << " already there (same seed), " << conflicts << " refused as conflicts in "
                  << seconds_since(started) << " s\n";
        for (const auto& [pattern, count] : planted)
            std::cout << "  planted " << pattern << ": " << count << " claims\n";
        std::cout << "their screening is queued; a running gateway screens them, or run "
                     "`crossclaim demo screen`\n";
        return conflicts == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "crossclaim demo generate: " << e.what() << '\n';
        return 1;
    }
}

int demo_screen(const arguments& args) {
    if (reject_unknown(args, {"config"})) return 2;
    try {
        const auto c = connect(args);
        if (!c) return 2;
        long long screened = 0, hits = 0;
        const auto started = std::chrono::steady_clock::now();
        std::string taken;
        while (auto done = services::screen_next(c->db.get(), c->settings.fraud, taken)) {
            hits += done->hits;
            if (++screened % 1000 == 0)
                std::cerr << "screened " << screened << " ("
                          << static_cast<long long>(screened / seconds_since(started)) << "/s)\n";
        }
        const double s = seconds_since(started);
        std::cout << "screened " << screened << " claims in " << s << " s ("
                  << (screened ? 1000.0 * s / static_cast<double>(screened) : 0.0)
                  << " ms per claim), " << hits << " rule hits\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "crossclaim demo screen: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace crossclaim::app
