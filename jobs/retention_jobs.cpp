// Retention, one thread per gateway instance, every `[fraud] purge_interval_ms`: the month
// partitions ahead are made, the pool's identifiers and closed leads past `[fraud]
// retention_years` are purged, the outbox's months that every receiver has had are dropped
// `[delivery] outbox_retention_months` after they ended, and, where the zone sets `[claims]
// retention_years`, the months of claims that ended that long ago are dropped. Each step
// fails and retries on its own; instances take turns through an advisory lock in the
// database.

#include "adapters/adapter.hpp"
#include "jobs/connection.hpp"
#include "jobs/jobs.hpp"
#include "storage/retention_store.hpp"
#include "support/log.hpp"

namespace crossclaim::jobs {
namespace {

using detail::connect;

// Who is owed the outbox's events, from the zone's branches and their adapters.
storage::outbox_receivers receivers_of(const config::settings& s) {
    storage::outbox_receivers r;
    for (const auto& b : s.zone.branches) {
        const auto d = s.delivery.find(b.code);
        const auto* kind = d == s.delivery.end() ? nullptr : adapters::find(d->second.adapter);
        if (kind && kind->pushes()) {
            r.pushing.push_back(b.code);
        } else {
            r.pulling.push_back(b.code);
            r.pulled_by.push_back(b.member);
        }
    }
    return r;
}

void make_months(storage::session& db) {
    const auto now = std::chrono::system_clock::now();
    const auto month = std::chrono::days(31);
    if (const auto made = storage::add_months(db, now - month, now + month);
        made.claims + made.pool > 0)
        support::log(support::level::info, "months made",
                     {{"claims", static_cast<std::int64_t>(made.claims)},
                      {"pool", static_cast<std::int64_t>(made.pool)}});
}

void purge_pool(storage::session& db, const config::settings& s) {
    const auto p = storage::purge_expired(db, s.fraud.retention_years);
    if (p.claims + p.leads > 0)
        support::log(support::level::info, "retention purge",
                     {{"claims", static_cast<std::int64_t>(p.claims)},
                      {"months", static_cast<std::int64_t>(p.months)},
                      {"leads", static_cast<std::int64_t>(p.leads)}});
}

void drop_outbox_months(storage::session& db, const config::settings& s) {
    const int months = s.delivery_tuning.outbox_retention_months;
    for (const auto& m : storage::drop_outbox_months(db, months, receivers_of(s))) {
        if (m.owed == 0)
            support::log(support::level::info, "outbox month dropped",
                         {{"month", m.month}, {"events", static_cast<std::int64_t>(m.events)}});
        else
            support::log(support::level::warn,
                         "outbox month kept past retention: events not yet delivered or "
                         "acknowledged (see GET /v1/deliveries/dead and the pulling members' "
                         "inbox acknowledgements)",
                         {{"month", m.month},
                          {"events", static_cast<std::int64_t>(m.events)},
                          {"owed", static_cast<std::int64_t>(m.owed)}});
    }
}

// Claims are kept for ever unless the zone sets a retention ([claims] retention_years).
void drop_claims_months(storage::session& db, const config::settings& s) {
    const int years = s.claims.retention_years;
    if (years == 0) return;
    const auto horizon = std::chrono::system_clock::now() - std::chrono::years(years);
    for (const auto& m : storage::drop_claims_months(db, horizon))
        support::log(support::level::info, "claims month dropped",
                     {{"month", m.month},
                      {"claims", static_cast<std::int64_t>(m.claims)},
                      {"reports_from", m.reports_from}});
}

}  // namespace

void background::purge_loop(const config::settings& s) {
    auto db = connect(s);
    // Each step on its own: one that fails (a lock not had in time, a lost connection) is
    // logged and tried again at the next run, and the others still run. Intake goes on
    // meanwhile: a month not made in time fills the default partitions.
    const auto attempt = [&](const char* failed, const auto& step) {
        try {
            step(db.get());
        } catch (const std::exception& ex) {
            support::log(support::level::warn, failed, {{"error", ex.what()}});
            db.reset();
        }
    };
    do {
        attempt("making month partitions failed; will retry", make_months);
        attempt("retention purge failed; will retry",
                [&](storage::session& d) { purge_pool(d, s); });
        attempt("dropping outbox months failed; will retry",
                [&](storage::session& d) { drop_outbox_months(d, s); });
        attempt("dropping months of claims failed; will retry",
                [&](storage::session& d) { drop_claims_months(d, s); });
    } while (pause(s.fraud.purge_interval));
}

}  // namespace crossclaim::jobs
