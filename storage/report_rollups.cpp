#include "storage/report_rollups.hpp"

#include "storage/sql_types.hpp"

namespace crossclaim::storage {
namespace {

// Days whose claims' facts or deadlines differ in number from their rollups, or that have
// none, from the first fact or deadline to the last: each day counted in its own index
// range. A day with neither gets a rollup of zeros once, and is then left alone.
const statement stale_days{"rollups.stale_days", R"sql(
    WITH bounds AS (
        SELECT least((SELECT min(reported_at) FROM claim_facts),
                     (SELECT min(due) FROM sla_deadlines)) AS lo,
               greatest((SELECT max(reported_at) FROM claim_facts),
                        (SELECT max(due) FROM sla_deadlines)) AS hi)
    SELECT d.day::text
    FROM bounds, cc_days(bounds.lo, bounds.hi + interval '1 day') d
    LEFT JOIN summary_days s USING (day)
    LEFT JOIN sla_days l USING (day),
    LATERAL (SELECT count(*) AS facts FROM claim_facts
             WHERE reported_at >= (d.day::timestamp AT TIME ZONE 'Asia/Shanghai')
               AND reported_at < ((d.day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')) f,
    LATERAL (SELECT count(*) AS deadlines, count(met_at) AS met, count(cancelled_at) AS cancelled
             FROM sla_deadlines
             WHERE due >= (d.day::timestamp AT TIME ZONE 'Asia/Shanghai')
               AND due < ((d.day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')) c
    WHERE s.facts IS DISTINCT FROM f.facts
       OR (l.deadlines, l.met, l.cancelled) IS DISTINCT FROM (c.deadlines, c.met, c.cancelled)
    ORDER BY d.day LIMIT $1)sql"};

// One instance at a time rolls up; another one finding the lock taken leaves it.
const statement try_lock{"rollups.try_lock",
                         "SELECT pg_try_advisory_xact_lock(hashtext('crossclaim.report_rollups'))"};

// $1 is the day, from its midnight to the next in Shanghai. Its rollups are replaced whole
// (their rows go with the day's row, ON DELETE CASCADE).
const statement forget_day{"rollups.forget_day", R"sql(
    WITH s AS (DELETE FROM summary_days WHERE day = $1::date)
    DELETE FROM sla_days WHERE day = $1::date)sql"};

const statement count_facts{"rollups.count_facts", R"sql(
    INSERT INTO summary_days (day, facts)
    SELECT $1::date, count(*) FROM claim_facts
    WHERE reported_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
      AND reported_at < (($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
    RETURNING facts)sql"};

const statement group_facts{"rollups.group_facts", R"sql(
    INSERT INTO summary_day_counts
    SELECT $1::date, accident_region, underwriting_region, insurer, tier, count(*),
           count(*) FILTER (WHERE first_party), count(*) FILTER (WHERE out_of_area),
           count(*) FILTER (WHERE first_party AND fast_settle),
           count(*) FILTER (WHERE first_party AND mutual_self_settle)
    FROM claim_facts
    WHERE reported_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
      AND reported_at < (($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
    GROUP BY accident_region, underwriting_region, insurer, tier)sql"};

const statement group_reasons{"rollups.group_reasons", R"sql(
    INSERT INTO summary_day_reasons
    SELECT $1::date, r, count(*)
    FROM claim_facts, unnest(reasons) r
    WHERE first_party
      AND reported_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
      AND reported_at < (($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
    GROUP BY r)sql"};

const statement count_deadlines{"rollups.count_deadlines", R"sql(
    INSERT INTO sla_days (day, deadlines, met, cancelled)
    SELECT $1::date, count(*), count(met_at), count(cancelled_at) FROM sla_deadlines
    WHERE due >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
      AND due < (($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
    RETURNING deadlines)sql"};

const statement group_deadlines{"rollups.group_deadlines", R"sql(
    INSERT INTO sla_day_counts
    SELECT $1::date, insurer, tier, stage, count(*), count(*) FILTER (WHERE met_at <= due),
           count(*) FILTER (WHERE met_at > due), count(*) FILTER (WHERE met_at IS NULL)
    FROM sla_deadlines
    WHERE cancelled_at IS NULL
      AND due >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
      AND due < (($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
    GROUP BY insurer, tier, stage)sql"};

}  // namespace

std::vector<domain::date> stale_report_days(session& s, int limit) {
    session_tx<pqxx::read_transaction> tx(s);
    std::vector<domain::date> out;
    for (const auto& row : tx.exec(stale_days, limit))
        out.push_back(*domain::parse_date(row[0].as<std::string>()));
    return out;
}

std::optional<rolled_day> roll_up_report_day(session& s, domain::date day) {
    // The day's counts and its groups come from one snapshot, so the counts say exactly
    // which facts and deadlines the groups hold.
    session_tx<pqxx::transaction<pqxx::repeatable_read>> tx(s);
    if (!tx.exec(try_lock)[0][0].as<bool>()) return std::nullopt;
    const auto text = domain::format_date(day);
    tx.exec(forget_day, text);
    rolled_day out;
    out.facts = tx.exec(count_facts, text)[0][0].as<long long>();
    tx.exec(group_facts, text);
    tx.exec(group_reasons, text);
    out.deadlines = tx.exec(count_deadlines, text)[0][0].as<long long>();
    tx.exec(group_deadlines, text);
    tx.tx.commit();
    return out;
}

}  // namespace crossclaim::storage
