#include <random>

#include "adapters/adapter.hpp"
#include "adapters/envelope.hpp"
#include "privacy/personal_fields.hpp"
#include "domain/sla.hpp"
#include "jobs/connection.hpp"
#include "jobs/jobs.hpp"
#include "storage/outbox.hpp"
#include "storage/sla_store.hpp"
#include "support/log.hpp"

namespace crossclaim::jobs {
namespace {

// Exponential backoff with jitter: the n-th retry waits between half and all of
// first × 2^(n-1), capped, so that receivers coming back are not hit by every worker at once.
std::chrono::milliseconds backoff(const config::delivery_tuning& t, int attempts) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    const auto capped = std::min<long long>(t.max_backoff.count(),
                                            t.first_backoff.count() << std::min(attempts - 1, 30));
    std::uniform_int_distribution<long long> jitter(capped / 2, capped);
    return std::chrono::milliseconds{jitter(rng)};
}

std::vector<std::string> push_branches(const config::settings& s) {
    std::vector<std::string> out;
    for (const auto& [code, d] : s.delivery)
        if (const auto* a = adapters::find(d.adapter); a && a->pushes()) out.push_back(code);
    return out;
}

}  // namespace

using detail::connect;
using detail::database_retry;

bool background::pause(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, d, [&] { return stopping_; });
    return !stopping_;
}

void background::start(const config::settings& s, privacy::keyring& keys,
                       services::screening_stats& stats) {
    if (!push_branches(s).empty())
        for (int i = 0; i < s.delivery_tuning.workers; ++i)
            threads_.emplace_back([this, &s, &keys] { deliver_loop(s, keys); });
    threads_.emplace_back([this, &s] { escalate_loop(s); });
    for (int i = 0; i < s.fraud.screening_workers; ++i)
        threads_.emplace_back([this, &s, &stats] { screen_loop(s, stats); });
    threads_.emplace_back([this, &s, &keys] { key_refresh_loop(s, keys); });
    threads_.emplace_back([this, &s] { purge_loop(s); });
    threads_.emplace_back([this, &s] { rollup_loop(s); });
}

void background::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

void background::deliver_loop(const config::settings& s, const privacy::keyring& keys) {
    auto db = connect(s);
    const auto branches = push_branches(s);
    const auto& tuning = s.delivery_tuning;
    // Long enough for the slowest answer the adapter waits for; a crash costs one lease.
    const auto lease = 2 * tuning.request_timeout + std::chrono::seconds(5);
    bool worked = false;
    do {
        worked = false;
        // Exceptions of this loop end here: the step is retried after a pause.
        try {
            auto taken = storage::outbox_claim::next(db.get(), branches, lease);
            if (!taken) continue;
            worked = true;
            const auto& e = taken->event();
            const auto& branch = s.delivery.at(e.branch);
            // The branch receives the event readable; the outbox keeps it sealed.
            auto readable = e;
            readable.envelope_json = privacy::open_personal_fields(keys, e.envelope_json);
            const auto outcome =
                adapters::find(branch.adapter)->deliver(readable, branch, tuning.request_timeout);
            if (outcome.delivered) {
                taken->delivered();
                support::log(support::level::info, "event delivered",
                             {{"event_id", e.event_id},
                              {"branch", e.branch},
                              {"type", e.type},
                              {"attempt", e.attempts + 1}});
                continue;
            }
            const int attempts = e.attempts + 1;
            const bool dead = attempts >= tuning.max_attempts;
            const auto retry_in = backoff(tuning, attempts);
            taken->failed(outcome.error, retry_in, dead);
            support::log(dead ? support::level::error : support::level::warn,
                         dead ? "event dead-lettered" : "delivery failed; will retry",
                         {{"event_id", e.event_id},
                          {"branch", e.branch},
                          {"attempt", attempts},
                          {"retry_in_ms", static_cast<std::int64_t>(retry_in.count())},
                          {"error", outcome.error}});
        } catch (const std::exception& ex) {
            support::log(support::level::warn, "delivery step rolled back; will retry",
                         {{"error", ex.what()}});
            db.reset();
            if (!pause(database_retry)) return;
        }
    } while (worked ? pause(std::chrono::milliseconds(0)) : pause(tuning.poll_interval));
}

void background::escalate_loop(const config::settings& s) {
    auto db = connect(s);
    do {
        try {
            storage::escalation_tx tx(db.get());
            const auto overdue = tx.take_overdue(200);
            for (const auto& o : overdue) {
                const int level = o.level + 1;
                const std::string target(domain::escalation_target(level));
                std::optional<domain::instant> next;
                if (level < domain::max_escalation_level)
                    next = domain::escalation_due(o.due, level + 1, s.calendar);
                tx.escalate(o, level, target, next);
                using support::json_quote;
                const std::string data = "{\"party\":" + json_quote(o.party) +
                                         ",\"stage\":" + json_quote(o.stage) +
                                         ",\"basis\":" + json_quote(o.basis) +
                                         ",\"due\":" + json_quote(domain::format_rfc3339(o.due)) +
                                         ",\"level\":" + std::to_string(level) +
                                         ",\"target\":" + json_quote(target) + "}";
                const auto at =
                    std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
                std::vector<storage::outbox_event> events{adapters::make_event(
                    adapters::sla_escalated, o.claim_id, o.handling_branch, at, data)};
                if (o.notified_branch)
                    events.push_back(adapters::make_event(adapters::sla_escalated, o.claim_id,
                                                          *o.notified_branch, at, data));
                tx.enqueue(events);
                support::log(support::level::warn, "stage escalated",
                             {{"claim_id", o.claim_id},
                              {"party", o.party},
                              {"stage", o.stage},
                              {"level", level},
                              {"target", target}});
            }
            tx.commit();
        } catch (const std::exception& ex) {
            // A lost connection, or a level another instance recorded first (its primary
            // key refuses the second): either way the step is rolled back and retried.
            support::log(support::level::warn, "escalation step rolled back; will retry",
                         {{"error", ex.what()}});
            db.reset();
            if (!pause(database_retry)) return;
        }
    } while (pause(s.sla.scan_interval));
}

}  // namespace crossclaim::jobs
