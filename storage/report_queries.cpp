#include "storage/report_queries.hpp"

#include <algorithm>

#include "storage/sql_types.hpp"

namespace crossclaim::storage {
namespace {

// Each report is one statement that answers its JSON, so that every figure of a report is
// read from one snapshot and the figures agree with each other. $1 and $2 are the period
// [from, to) as epoch seconds.

// The summary is one pass over the period's facts (0005_report_facts.sql) with a grouping
// set per breakdown, and one over the first parties' reasons. `set` is GROUPING()'s bit
// mask, a bit for each column left out of the set: accident_region 16, underwriting_region
// 8, insurer 4, month 2, tier 1.
const statement summary{"reports.summary", R"sql(
    WITH g AS (
        SELECT GROUPING(accident_region, underwriting_region, insurer, month_start, tier) AS set,
               accident_region, underwriting_region, insurer,
               to_char(month_start, 'YYYY-MM') AS month,
               tier, count(*) AS party_claims, count(*) FILTER (WHERE first_party) AS claims,
               count(*) FILTER (WHERE out_of_area) AS out_of_area,
               count(*) FILTER (WHERE first_party AND fast_settle) AS fast_settle,
               count(*) FILTER (WHERE first_party AND mutual_self_settle) AS mutual
        FROM (SELECT *, date_trunc('month', reported_at AT TIME ZONE 'Asia/Shanghai') AS month_start
              FROM claim_facts
              WHERE reported_at >= to_timestamp($1) AND reported_at < to_timestamp($2)) f
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
                SELECT r AS reason, count(*) AS claims
                FROM claim_facts, unnest(reasons) r
                WHERE first_party AND reported_at >= to_timestamp($1)
                  AND reported_at < to_timestamp($2)
                GROUP BY 1) x), '[]'),
        'tiers', coalesce((
            SELECT json_agg(json_build_object('tier', tier, 'claims', claims) ORDER BY tier)
            FROM g WHERE set = 30), '[]'))::text
    FROM g t WHERE t.set = 31  -- the totals: the empty grouping set has a row even for no facts
    )sql"};

// A deadline is due in the period; it was met on time, met late, is open and overdue, or
// is open and not yet due. Cancelled deadlines (a claim withdrawn or rejected) count for
// nothing. Attainment is on time ÷ (on time + late + overdue).
const statement sla{"reports.sla", R"sql(
    WITH d AS (
        SELECT claim_id, party, insurer, tier, stage, due, escalation_level,
               CASE WHEN met_at IS NOT NULL AND met_at <= due THEN 'on_time'
                    WHEN met_at IS NOT NULL THEN 'late'
                    WHEN due < now() THEN 'overdue'
                    ELSE 'open' END AS state
        FROM sla_deadlines
        WHERE cancelled_at IS NULL AND due >= to_timestamp($1) AND due < to_timestamp($2)),
    g AS (
        SELECT insurer, tier, stage, count(*) AS deadlines,
               count(*) FILTER (WHERE state = 'on_time') AS met_on_time,
               count(*) FILTER (WHERE state = 'late') AS met_late,
               count(*) FILTER (WHERE state = 'overdue') AS open_overdue
        FROM d GROUP BY 1, 2, 3),
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
            FROM (SELECT * FROM d WHERE state = 'overdue' ORDER BY due, claim_id, party, stage
                  LIMIT 100) o), '[]'),
        'overdue_total', (SELECT count(*) FROM d WHERE state = 'overdue'),
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

const statement clearing{"clearing.between", R"sql(
    SELECT creditor, debtor, claim_id::text, entry_date::text, amount_fen
    FROM clearing_entries WHERE entry_date >= $1::date AND entry_date < $2::date
    ORDER BY id)sql"};

using snapshot =
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

pqxx::result run(snapshot& tx, session& s, const statement& st, auto&&... args) {
    s.prepare(st);
    return tx.exec_prepared(std::string(st.name), std::forward<decltype(args)>(args)...);
}

bool has(std::initializer_list<report> wanted, report r) {
    return std::find(wanted.begin(), wanted.end(), r) != wanted.end();
}

}  // namespace

std::vector<report_figures> read_reports(session& s, const std::vector<report_period>& periods,
                                         std::initializer_list<report> wanted) {
    snapshot tx(s.conn());
    // A month of a million-claim zone is some 170,000 facts: grouped in memory, not on disk.
    tx.exec0("SET LOCAL work_mem = '32MB'");
    std::vector<report_figures> out;
    for (const auto& p : periods) {
        const auto from = epoch(domain::shanghai_midnight(p.from));
        const auto to = epoch(domain::shanghai_midnight(p.to));
        report_figures f;
        if (has(wanted, report::summary))
            f.summary_json = run(tx, s, summary, from, to)[0][0].as<std::string>();
        if (has(wanted, report::sla)) f.sla_json = run(tx, s, sla, from, to)[0][0].as<std::string>();
        if (has(wanted, report::fraud))
            f.fraud_json = run(tx, s, fraud, from, to)[0][0].as<std::string>();
        if (has(wanted, report::assists))
            for (const auto& r : run(tx, s, count_assists, from, to))
                f.assists.push_back(
                    {r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<long long>()});
        if (has(wanted, report::clearing))
            for (const auto& r :
                 run(tx, s, clearing, domain::format_date(p.from), domain::format_date(p.to)))
                f.clearing.push_back({r[0].as<std::string>(), r[1].as<std::string>(),
                                      r[2].as<std::string>(), *domain::parse_date(r[3].as<std::string>()),
                                      domain::money{r[4].as<long long>()}});
        out.push_back(std::move(f));
    }
    tx.commit();
    return out;
}

}  // namespace crossclaim::storage
