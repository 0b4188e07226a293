#include "storage/report_queries.hpp"

#include <algorithm>

#include "storage/sql_types.hpp"

namespace crossclaim::storage {
namespace {

// Each report is one statement that answers its JSON, so that every figure of a report is
// read from one snapshot and the figures agree with each other. $1 and $2 are the period
// [from, to) as epoch seconds.

// The summary sums the daily rollups (0006_report_rollups.sql) of the period's days whose
// facts are still those rolled up, and counts the facts of the other days (today, or a day
// that changed since) live: one grouping set per breakdown over both. `set` is GROUPING()'s
// bit mask, a bit for each column left out of the set: accident_region 16,
// underwriting_region 8, insurer 4, month 2, tier 1.
const statement summary{"reports.summary", R"sql(
    WITH days AS (
        SELECT d.day, (
            SELECT count(*) FROM claim_facts
            WHERE reported_at >= (d.day::timestamp AT TIME ZONE 'Asia/Shanghai')
              AND reported_at < ((d.day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')) AS facts
        FROM cc_days(to_timestamp($1), to_timestamp($2)) d),
    rolled AS (SELECT day FROM days JOIN summary_days r USING (day) WHERE r.facts = days.facts),
    live AS (
        SELECT f.* FROM days
        JOIN claim_facts f
          ON f.reported_at >= (days.day::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND f.reported_at < ((days.day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
        WHERE days.facts > 0 AND days.day NOT IN (SELECT day FROM rolled)),
    f AS (
        SELECT date_trunc('month', day::timestamp) AS month_start, accident_region,
               underwriting_region, insurer, tier, party_claims, claims, out_of_area, fast_settle,
               mutual_self_settle AS mutual
        FROM summary_day_counts WHERE day IN (SELECT day FROM rolled)
        UNION ALL
        SELECT date_trunc('month', reported_at AT TIME ZONE 'Asia/Shanghai'), accident_region,
               underwriting_region, insurer, tier, 1, first_party::int, out_of_area::int,
               (first_party AND fast_settle)::int, (first_party AND mutual_self_settle)::int
        FROM live),
    g AS (
        SELECT GROUPING(accident_region, underwriting_region, insurer, month_start, tier) AS set,
               accident_region, underwriting_region, insurer,
               to_char(month_start, 'YYYY-MM') AS month, tier,
               coalesce(sum(party_claims), 0)::bigint AS party_claims,
               coalesce(sum(claims), 0)::bigint AS claims,
               coalesce(sum(out_of_area), 0)::bigint AS out_of_area,
               coalesce(sum(fast_settle), 0)::bigint AS fast_settle,
               coalesce(sum(mutual), 0)::bigint AS mutual
        FROM f
        GROUP BY GROUPING SETS ((), (accident_region, underwriting_region), (insurer),
                                (month_start, accident_region, underwriting_region), (tier)))
    SELECT json_build_object(
        'claims', t.claims,
        'party_claims', t.party_claims,
        'out_of_area', json_build_object('party_claims', t.out_of_area,
                                         'share', cc_share(t.out_of_area, t.party_claims)),
        'fast_settle', json_build_object('eligible', t.fast_settle,
                                         'share', cc_share(t.fast_settle, t.claims)),
        'mutual_self_settle', json_build_object('eligible', t.mutual,
                                                'share', cc_share(t.mutual, t.claims)),
        'by_direction', coalesce((
            SELECT json_agg(json_build_object(
                       'accident_region', accident_region,
                       'underwriting_region', underwriting_region, 'party_claims', party_claims)
                   ORDER BY accident_region, underwriting_region)
            FROM g WHERE set = 7), '[]'),
        'by_insurer', coalesce((
            SELECT json_agg(json_build_object(
                       'insurer', insurer, 'party_claims', party_claims,
                       'out_of_area', out_of_area) ORDER BY insurer)
            FROM g WHERE set = 27), '[]'),
        'by_month', coalesce((
            SELECT json_agg(json_build_object(
                       'month', month, 'accident_region', accident_region,
                       'underwriting_region', underwriting_region, 'party_claims', party_claims)
                   ORDER BY month, accident_region, underwriting_region)
            FROM g WHERE set = 5), '[]'),
        'ineligibility_reasons', coalesce((
            SELECT json_agg(x ORDER BY x.claims DESC, x.reason) FROM (
                SELECT reason, sum(claims)::bigint AS claims FROM (
                    SELECT reason, claims FROM summary_day_reasons
                    WHERE day IN (SELECT day FROM rolled)
                    UNION ALL
                    SELECT r, 1 FROM live, unnest(reasons) r WHERE first_party) y
                GROUP BY 1) x), '[]'),
        'tiers', coalesce((
            SELECT json_agg(json_build_object('tier', tier, 'claims', claims) ORDER BY tier)
            FROM g WHERE set = 30), '[]'))::text
    FROM g t WHERE t.set = 31  -- the totals: the empty grouping set has a row even for no facts
    )sql"};

// A deadline is due in the period; it was met on time, met late, is open and overdue, or
// is open and not yet due. Cancelled deadlines (a claim withdrawn or rejected) count for
// nothing. Attainment is on time ÷ (on time + late + overdue). Days that have ended and are
// as they were rolled up (0006_report_rollups.sql) are summed from their rollup, where open
// means overdue; the others are classified deadline by deadline.
const statement sla{"reports.sla", R"sql(
    WITH days AS (
        SELECT d.day, c.* FROM cc_days(to_timestamp($1), to_timestamp($2)) d,
        LATERAL (
            SELECT count(*) AS deadlines, count(met_at) AS met, count(cancelled_at) AS cancelled
            FROM sla_deadlines
            WHERE due >= (d.day::timestamp AT TIME ZONE 'Asia/Shanghai')
              AND due < ((d.day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')) c),
    rolled AS (
        SELECT day FROM days JOIN sla_days r USING (day)
        WHERE (r.deadlines, r.met, r.cancelled) = (days.deadlines, days.met, days.cancelled)
          AND ((day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') <= now()),
    live AS (
        SELECT d.insurer, d.tier, d.stage, d.due, d.met_at FROM days
        JOIN sla_deadlines d
          ON d.due >= (days.day::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND d.due < ((days.day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
        WHERE days.deadlines > 0 AND days.day NOT IN (SELECT day FROM rolled)
          AND d.cancelled_at IS NULL),
    g AS (
        SELECT insurer, tier, stage, sum(deadlines)::bigint AS deadlines,
               sum(met_on_time)::bigint AS met_on_time, sum(met_late)::bigint AS met_late,
               sum(open_overdue)::bigint AS open_overdue
        FROM (SELECT insurer, tier, stage, deadlines, met_on_time, met_late,
                     open AS open_overdue
              FROM sla_day_counts WHERE day IN (SELECT day FROM rolled)
              UNION ALL
              SELECT insurer, tier, stage, 1, (met_at IS NOT NULL AND met_at <= due)::int,
                     (met_at IS NOT NULL AND met_at > due)::int,
                     (met_at IS NULL AND due < now())::int
              FROM live) x
        GROUP BY 1, 2, 3),
    reached AS (
        SELECT extract(epoch FROM assessed_at - reported_at) / 3600.0 AS to_assessment,
               extract(epoch FROM paid_at - reported_at) / 3600.0 AS to_payment
        FROM claim_facts
        WHERE reported_at >= to_timestamp($1) AND reported_at < to_timestamp($2)
          AND (assessed_at IS NOT NULL OR paid_at IS NOT NULL))
    SELECT json_build_object(
        'overall', (
            SELECT json_build_object(
                'deadlines', coalesce(sum(deadlines), 0),
                'met_on_time', coalesce(sum(met_on_time), 0),
                'met_late', coalesce(sum(met_late), 0),
                'open_overdue', coalesce(sum(open_overdue), 0),
                'attainment', cc_share(sum(met_on_time)::bigint,
                                       sum(met_on_time + met_late + open_overdue)::bigint))
            FROM g),
        'attainment', coalesce((
            SELECT json_agg(json_build_object(
                       'insurer', insurer, 'tier', tier, 'stage', stage,
                       'deadlines', deadlines, 'met_on_time', met_on_time,
                       'met_late', met_late, 'open_overdue', open_overdue,
                       'attainment', cc_share(met_on_time, met_on_time + met_late + open_overdue))
                   ORDER BY insurer, tier, stage)
            FROM g), '[]'),
        'times', json_build_object(
            'to_assessment', (
                SELECT json_build_object(
                    'claims', count(to_assessment),
                    'median_hours', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY to_assessment)::numeric, 1),
                    'p90_hours', round(percentile_cont(0.9) WITHIN GROUP (ORDER BY to_assessment)::numeric, 1))
                FROM reached),
            'to_payment', (
                SELECT json_build_object(
                    'claims', count(to_payment),
                    'median_hours', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY to_payment)::numeric, 1),
                    'p90_hours', round(percentile_cont(0.9) WITHIN GROUP (ORDER BY to_payment)::numeric, 1))
                FROM reached)),
        'overdue', coalesce((
            SELECT json_agg(json_build_object(
                       'claim_id', claim_id, 'party', party, 'insurer', insurer, 'tier', tier,
                       'stage', stage, 'due', cc_time(due), 'level', escalation_level)
                   ORDER BY due, claim_id, party, stage)
            FROM (SELECT * FROM sla_deadlines
                  WHERE met_at IS NULL AND cancelled_at IS NULL AND due < now()
                    AND due >= to_timestamp($1) AND due < to_timestamp($2)
                  ORDER BY due, claim_id, party, stage LIMIT 100) o), '[]'),
        'overdue_total', (SELECT coalesce(sum(open_overdue), 0) FROM g),
        'escalations', coalesce((
            SELECT json_agg(json_build_object('level', level, 'escalations', n) ORDER BY level)
            FROM (SELECT level, count(*) AS n FROM sla_escalations
                  WHERE escalated_at >= to_timestamp($1) AND escalated_at < to_timestamp($2)
                  GROUP BY 1) e), '[]'))::text)sql"};

// Leads raised in the period. A rule's precision is confirmed ÷ (confirmed + dismissed)
// among the leads it hit. A confirmed lead's reward is due to the member whose adjuster
// reported it first.
const statement fraud{"reports.fraud", R"sql(
    WITH l AS (
        SELECT lead_id, status, confirmed_amount_fen, reward_fen FROM leads
        WHERE created_at >= to_timestamp($1) AND created_at < to_timestamp($2)),
    r AS (
        SELECT h.rule_code, count(*) AS hits, count(DISTINCT h.lead_id) AS leads,
               count(DISTINCT h.lead_id) FILTER (WHERE l.status = 'CONFIRMED') AS confirmed,
               count(DISTINCT h.lead_id) FILTER (WHERE l.status = 'DISMISSED') AS dismissed
        FROM rule_hits h JOIN l USING (lead_id) GROUP BY 1),
    first_report AS (
        SELECT DISTINCT ON (f.lead_id) f.lead_id, f.member
        FROM fraud_reports f JOIN l USING (lead_id) ORDER BY f.lead_id, f.id),
    m AS (
        SELECT f.member, count(*) AS reports,
               count(DISTINCT f.lead_id) FILTER (WHERE l.status = 'CONFIRMED') AS confirmed_leads
        FROM fraud_reports f JOIN l USING (lead_id) GROUP BY 1),
    rewards AS (
        SELECT fr.member, sum(l.reward_fen) FILTER (WHERE l.status = 'CONFIRMED') AS reward_fen
        FROM first_report fr JOIN l USING (lead_id) GROUP BY 1)
    SELECT json_build_object(
        'leads', json_build_object(
            'total', (SELECT count(*) FROM l),
            'by_status', coalesce((
                SELECT json_agg(json_build_object('status', status, 'leads', n) ORDER BY status)
                FROM (SELECT status, count(*) AS n FROM l GROUP BY 1) s), '[]')),
        'rules', coalesce((
            SELECT json_agg(json_build_object(
                       'rule', rule_code, 'hits', hits, 'leads', leads, 'confirmed', confirmed,
                       'dismissed', dismissed, 'precision', cc_share(confirmed, confirmed + dismissed))
                   ORDER BY rule_code)
            FROM r), '[]'),
        'confirmed_amount', cc_money(coalesce(
            (SELECT sum(confirmed_amount_fen) FROM l WHERE status = 'CONFIRMED'), 0)::bigint),
        'rewards', coalesce((
            SELECT json_agg(json_build_object(
                       'member', m.member, 'reports', m.reports,
                       'confirmed_leads', m.confirmed_leads,
                       'reward', cc_money(coalesce(rw.reward_fen, 0)::bigint))
                   ORDER BY m.member)
            FROM m LEFT JOIN rewards rw USING (member)), '[]'))::text)sql"};

const statement count_assists{"assists.count", R"sql(
    SELECT a.member, coalesce(c.accident_region, 'UNKNOWN'), count(*)
    FROM assists a LEFT JOIN claims c USING (claim_id)
    WHERE a.at >= to_timestamp($1) AND a.at < to_timestamp($2)
    GROUP BY 1, 2 ORDER BY 1, 2)sql"};

const statement clearing{"reports.clearing", R"sql(
    SELECT creditor, debtor, sum(amount_fen)::bigint, count(*)
    FROM clearing_entries WHERE entry_date >= $1::date AND entry_date < $2::date
    GROUP BY 1, 2)sql"};

using snapshot = session_tx<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>;

bool has(std::initializer_list<report> wanted, report r) {
    return std::find(wanted.begin(), wanted.end(), r) != wanted.end();
}

}  // namespace

std::vector<report_figures> read_reports(session& s, const std::vector<report_period>& periods,
                                         std::initializer_list<report> wanted) {
    snapshot tx(s);
    // A month of a million-claim zone is some 170,000 facts: grouped in memory, not on disk.
    // No JIT: the planner's estimates for the rollups' day join are far too high, and
    // compiling the plan took 0.9 s of a summary that runs in 0.1 s (bench, 1M claims).
    tx.tx.exec0("SET LOCAL work_mem = '32MB'");
    tx.tx.exec0("SET LOCAL jit = off");
    std::vector<report_figures> out;
    for (const auto& p : periods) {
        const auto from = epoch(domain::shanghai_midnight(p.from));
        const auto to = epoch(domain::shanghai_midnight(p.to));
        report_figures f;
        if (has(wanted, report::summary))
            f.summary_json = tx.exec(summary, from, to)[0][0].as<std::string>();
        if (has(wanted, report::sla)) f.sla_json = tx.exec(sla, from, to)[0][0].as<std::string>();
        if (has(wanted, report::fraud))
            f.fraud_json = tx.exec(fraud, from, to)[0][0].as<std::string>();
        if (has(wanted, report::assists))
            for (const auto& r : tx.exec(count_assists, from, to))
                f.assists.push_back(
                    {r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<long long>()});
        if (has(wanted, report::clearing))
            for (const auto& r :
                 tx.exec(clearing, domain::format_date(p.from), domain::format_date(p.to)))
                f.clearing.push_back({r[0].as<std::string>(), r[1].as<std::string>(),
                                      domain::money{r[2].as<long long>()},
                                      r[3].as<std::size_t>()});
        out.push_back(std::move(f));
    }
    tx.tx.commit();
    return out;
}

}  // namespace crossclaim::storage
