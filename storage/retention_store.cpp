#include "storage/retention_store.hpp"

#include <algorithm>
#include <array>
#include <pqxx/pqxx>

#include "storage/sql_types.hpp"

namespace crossclaim::storage {
namespace {

// Closed leads whose last change is past retention. A lead that another, younger lead was
// merged into stays as long as that one does.
const statement old_leads{"retention.old_leads", R"sql(
    SELECT lead_id FROM leads l
    WHERE status IN ('CONFIRMED', 'DISMISSED', 'MERGED')
      AND updated_at < now() - make_interval(years => $1)
      AND NOT EXISTS (SELECT 1 FROM leads s WHERE s.merged_into = l.lead_id
                      AND s.updated_at >= now() - make_interval(years => $1)))sql"};

// Everything hanging off those leads, then the leads themselves.
const std::array<statement, 7> purge_lead_rows{{
    {"retention.hits", "DELETE FROM rule_hits WHERE lead_id = ANY($1::uuid[])"},
    {"retention.lead_claims", "DELETE FROM lead_claims WHERE lead_id = ANY($1::uuid[])"},
    {"retention.entities", "DELETE FROM lead_entities WHERE lead_id = ANY($1::uuid[])"},
    {"retention.history", "DELETE FROM lead_history WHERE lead_id = ANY($1::uuid[])"},
    {"retention.reports", "DELETE FROM fraud_reports WHERE lead_id = ANY($1::uuid[])"},
    {"retention.unlink", "UPDATE leads SET merged_into = NULL WHERE merged_into = ANY($1::uuid[])"},
    {"retention.leads", "DELETE FROM leads WHERE lead_id = ANY($1::uuid[])"},
}};

// Whole months of the pool past retention are detached and dropped, their entries deleted
// first (0007_pool_by_month.sql, 0013_pool_entries_in_one_table.sql);
// what is left past retention, in the default partition or the month that straddles the
// horizon, is deleted row by row.
const statement drop_months{"retention.drop_months", R"sql(
    SELECT count(*), coalesce(sum(claims), 0)
    FROM pool_drop_months(now() - make_interval(years => $1)))sql"};

const statement purge_claims{"retention.claims", R"sql(
    WITH old AS (DELETE FROM pool_claims WHERE occurred_at < now() - make_interval(years => $1)
                 RETURNING claim_id),
    p AS (DELETE FROM pool_phone_people WHERE seen_at < now() - make_interval(years => $1)),
    s AS (DELETE FROM pool_shop_flags WHERE seen_at < now() - make_interval(years => $1))
    SELECT count(*) FROM old)sql"};

// The months of claims (0008_claims_by_month.sql) and of the pool (0007_pool_by_month.sql)
// from the one holding $1 to the one holding $2 (epoch seconds); how many of each were made.
const statement add_months_sql{"retention.add_months", R"sql(
    SELECT count(*) FILTER (WHERE claims), count(*) FILTER (WHERE pool)
    FROM generate_series(date_trunc('month', to_timestamp($1) AT TIME ZONE 'UTC'),
                         to_timestamp($2) AT TIME ZONE 'UTC', interval '1 month') m,
         LATERAL (SELECT claims_add_month(m AT TIME ZONE 'UTC') AS claims) c,
         LATERAL (SELECT pool_add_month(m AT TIME ZONE 'UTC') AS pool) p)sql"};

// Making or detaching a month waits for the tables' other users; intake waits behind it. A
// job that cannot have the locks soon gives up and runs again at its next interval. Half a
// second, below PostgreSQL's deadlock_timeout (1 s): should a request hold one of the tables
// and wait for another the job holds, the job is the one that gives way.
const statement short_lock_wait{"retention.lock_timeout",
                                "SELECT set_config('lock_timeout', '500ms', true)"};

const statement drop_outbox{"retention.outbox_months", R"sql(
    SELECT month, events, owed
    FROM outbox_drop_months(now() - make_interval(months => $1), $2::text[], $3::text[],
                            $4::text[]))sql"};

const statement drop_claims{"retention.claims_months", R"sql(
    SELECT month, claims, to_char(reports_from, 'YYYY-MM-DD')
    FROM claims_drop_months(to_timestamp($1)))sql"};

const statement complete_from{"retention.reports_from", R"sql(
    SELECT to_char(max(reports_from), 'YYYY-MM-DD') FROM claims_months_dropped)sql"};

const statement audit_purge{"retention.audit", R"sql(
    INSERT INTO audit_log (actor, organisation, action, reason)
    VALUES ('retention', 'crossclaim', 'purge', $1))sql"};

// Seconds since the epoch of a clock reading, for `to_timestamp($n)`.
long long epoch_of(std::chrono::system_clock::time_point t) {
    return epoch(std::chrono::floor<std::chrono::seconds>(t));
}

}  // namespace

months_made add_months(session& s, std::chrono::system_clock::time_point first,
                       std::chrono::system_clock::time_point last) {
    work_tx w(s);
    w.exec(short_lock_wait);
    const auto row = w.exec(add_months_sql, epoch_of(first), epoch_of(last)).at(0);
    w.tx.commit();
    return {row[0].as<int>(), row[1].as<int>()};
}

std::vector<outbox_month> drop_outbox_months(session& s, int months, const outbox_receivers& r) {
    work_tx w(s);
    w.exec(short_lock_wait);
    std::vector<outbox_month> out;
    for (const auto& row : w.exec(drop_outbox, months, text_array(r.pushing),
                                  text_array(r.pulling), text_array(r.pulled_by)))
        out.push_back({row[0].as<std::string>(), row[1].as<long long>(), row[2].as<long long>()});
    std::string dropped;
    for (const auto& m : out)
        if (m.owed == 0)
            dropped += (dropped.empty() ? "" : ", ") + m.month + " (" + std::to_string(m.events) +
                       " events)";
    if (!dropped.empty())
        w.exec(audit_purge, "outbox retention " + std::to_string(months) +
                                " months: months dropped, every event had by its receivers: " +
                                dropped);
    w.tx.commit();
    return out;
}

std::vector<claims_month> drop_claims_months(session& s,
                                             std::chrono::system_clock::time_point horizon) {
    work_tx w(s);
    w.exec(short_lock_wait);
    std::vector<claims_month> out;
    std::string dropped, complete_from_day;
    for (const auto& row : w.exec(drop_claims, epoch_of(horizon))) {
        out.push_back({row[0].as<std::string>(), row[1].as<long long>(), row[2].as<std::string>()});
        dropped += (dropped.empty() ? "" : ", ") + out.back().month + " (" +
                   std::to_string(out.back().claims) + " claims)";
        complete_from_day = std::max(complete_from_day, out.back().reports_from);
    }
    if (!out.empty())
        w.exec(audit_purge, "claims retention: months of claims dropped with every row of their "
                            "claims: " + dropped + "; reports complete from " + complete_from_day);
    w.tx.commit();
    return out;
}

std::optional<std::string> reports_complete_from(session& s) {
    session_tx<pqxx::read_transaction> r(s);
    const auto row = r.exec(complete_from).at(0);
    if (row[0].is_null()) return std::nullopt;
    return row[0].as<std::string>();
}

purged purge_expired(session& s, int years) {
    work_tx w(s);
    purged p;
    std::vector<std::string> leads;
    for (const auto& row : w.exec(old_leads, years)) leads.push_back(row[0].as<std::string>());
    if (!leads.empty()) {
        const auto ids = text_array(leads);
        for (const auto& st : purge_lead_rows) w.exec(st, ids);
    }
    p.leads = static_cast<long long>(leads.size());
    w.exec(short_lock_wait);
    const auto months = w.exec(drop_months, years).at(0);
    p.months = months[0].as<long long>();
    p.claims = months[1].as<long long>() + w.exec(purge_claims, years).at(0)[0].as<long long>();
    if (p.claims + p.leads > 0)
        w.exec(audit_purge, "retention " + std::to_string(years) + " years: " +
                                std::to_string(p.claims) + " pooled claims (whole months dropped: " +
                                std::to_string(p.months) + "), " + std::to_string(p.leads) +
                                " closed leads");
    w.tx.commit();
    return p;
}

}  // namespace crossclaim::storage
