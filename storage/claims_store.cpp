#include "storage/claims_store.hpp"

#include <boost/json.hpp>
#include <pqxx/pqxx>

#include "storage/sql_types.hpp"

namespace crossclaim::storage {
namespace {

// Everything intake writes, as one statement: one round trip, atomic on its own. When the
// (submitter, external_ref) key exists, `k` inserts nothing and neither does the rest. The
// tables are named in the order storage/migrations' months_lock() takes them.
const statement insert_claim_sql{"claims.insert", R"sql(
    WITH k AS (
        INSERT INTO claim_keys (submitter, external_ref, claim_id) VALUES ($2, $3, $1)
        ON CONFLICT DO NOTHING
        RETURNING claim_id),
    c AS (
        INSERT INTO claims (claim_id, submitter, external_ref, body_sha256, accident_region,
                            occurred_at, reported_at, tier, document, decision, response)
        SELECT k.claim_id, $2, $3, $4, $5, to_timestamp($6), to_timestamp($7), $8, $9::json,
               $10::json, $11
        FROM k
        RETURNING claim_id, reported_at),
    parties AS (
        INSERT INTO claim_parties (claim_id, party, insurer, underwriting_region,
                                   handling_branch, notified_branch, out_of_area, flags, status,
                                   updated_at)
        SELECT c.claim_id, p.party, p.insurer, p.underwriting_region, p.handling_branch,
               p.notified_branch, p.out_of_area, p.flags, 'ROUTED', c.reported_at
        FROM c, jsonb_to_recordset($12::jsonb) AS p(party text, insurer text,
            underwriting_region text, handling_branch text, notified_branch text,
            out_of_area boolean, flags text[])),
    history AS (
        INSERT INTO claim_history (claim_id, party, status, at, recorded_by)
        SELECT c.claim_id, p.party, s.status, c.reported_at, $2 || '/intake'
        FROM c, jsonb_to_recordset($12::jsonb) AS p(party text),
             (VALUES (1, 'REPORTED'), (2, 'ROUTED')) AS s(n, status)
        ORDER BY p.party, s.n),
    facts AS (
        -- What the reports count (0005_report_facts.sql); the claim's own figures on the
        -- first party's row.
        INSERT INTO claim_facts (claim_id, party, reported_at, first_party, accident_region,
                                 underwriting_region, insurer, out_of_area, tier, fast_settle,
                                 mutual_self_settle, reasons)
        SELECT c.claim_id, p.party, c.reported_at, p.n = 1, $5, p.underwriting_region,
               p.insurer, p.out_of_area, $8, (x.d -> 'fast_settle' ->> 'eligible')::boolean,
               (x.d -> 'mutual_self_settle' ->> 'eligible')::boolean,
               CASE WHEN p.n = 1
                    THEN ARRAY(SELECT jsonb_array_elements_text(x.d -> 'fast_settle' -> 'reasons'))
                    ELSE '{}' END
        FROM c, (SELECT $10::jsonb AS d) x,
             ROWS FROM (jsonb_to_recordset($12::jsonb) AS (party text, insurer text,
                 underwriting_region text, out_of_area boolean)) WITH ORDINALITY
                 AS p(party, insurer, underwriting_region, out_of_area, n)),
    deadlines AS (
        INSERT INTO sla_deadlines (claim_id, party, insurer, tier, stage, basis, due,
                                   next_escalation_at)
        SELECT c.claim_id, d.party, p.insurer, d.tier, d.stage, d.basis, to_timestamp(d.due),
               to_timestamp(d.due)
        FROM c, ROWS FROM (jsonb_to_recordset($13::jsonb) AS (party text, tier text,
            stage text, basis text, due bigint)) WITH ORDINALITY AS d(party, tier, stage, basis,
            due, n)
        JOIN jsonb_to_recordset($12::jsonb) AS p(party text, insurer text) USING (party)
        ORDER BY d.n),
    clearing AS (
        INSERT INTO clearing_entries (claim_id, creditor, debtor, amount_fen, entry_date)
        SELECT c.claim_id, e.creditor, e.debtor, e.amount_fen, e.entry_date
        FROM c, jsonb_to_recordset($14::jsonb) AS e(creditor text, debtor text,
            amount_fen bigint, entry_date date)),
    pooled AS (
        INSERT INTO pool_claims (claim_id, member, region, occurred_at, facts)
        SELECT c.claim_id, $15, $16, to_timestamp($17), $18::jsonb FROM c
        RETURNING claim_id, occurred_at),
    queued AS (INSERT INTO screening_queue (claim_id, occurred_at)
               SELECT claim_id, occurred_at FROM pooled),
    entries AS (
        INSERT INTO pool_entries (claim_id, party, kind, hash, occurred_at, member, vehicle,
                                  driver, phone, masked, sealed)
        SELECT c.claim_id, x.party, x.kind, x.hash, to_timestamp($17), $15, x.vehicle,
               x.driver, x.phone, x.masked, x.sealed
        FROM c, jsonb_to_recordset($19::jsonb) AS x(party text, kind text, hash text,
            vehicle text, driver text, phone text, masked text, sealed text)),
    events AS (
        -- json, not jsonb: an envelope keeps its key order.
        INSERT INTO outbox (event_id, branch, claim_id, type, occurred_at, envelope)
        SELECT (e.v ->> 'event_id')::uuid, e.v ->> 'branch', c.claim_id, e.v ->> 'type',
               to_timestamp((e.v ->> 'occurred_at')::bigint), e.v -> 'envelope'
        FROM c, json_array_elements($20::json) WITH ORDINALITY AS e(v, n)
        ORDER BY e.n)
    SELECT claim_id FROM c)sql"};

const statement find_by_key{"claims.find_by_key", R"sql(
    SELECT c.body_sha256, c.response FROM claim_keys k JOIN claims c USING (claim_id)
    WHERE k.submitter = $1 AND k.external_ref = $2)sql"};

const statement insert_history{"claims.insert_history", R"sql(
    INSERT INTO claim_history (claim_id, party, status, at, amount_fen, method, reason, recorded_by)
    VALUES ($1, $2, $3, to_timestamp($4), $5, $6, $7, $8))sql"};

// The reports' facts keep the earliest time each party's claim was assessed and paid.
const statement update_status{"claims.update_status", R"sql(
    WITH facts AS (
        UPDATE claim_facts
        SET assessed_at = CASE WHEN $3 = 'ASSESSED' THEN least(assessed_at, to_timestamp($4))
                               ELSE assessed_at END,
            paid_at = CASE WHEN $3 = 'PAID' THEN least(paid_at, to_timestamp($4))
                           ELSE paid_at END
        WHERE claim_id = $1 AND party = $2 AND $3 IN ('ASSESSED', 'PAID'))
    UPDATE claim_parties SET status = $3, updated_at = to_timestamp($4)
    WHERE claim_id = $1 AND party = $2)sql"};

const statement insert_deadline{"claims.insert_deadline", R"sql(
    INSERT INTO sla_deadlines (claim_id, party, insurer, tier, stage, basis, due,
                               next_escalation_at)
    SELECT $1, $2, insurer, $3, $4, $5, to_timestamp($6), to_timestamp($6)
    FROM claim_parties WHERE claim_id = $1 AND party = $2)sql"};

const statement visible{"claims.visible", R"sql(
    SELECT 1 FROM claim_parties WHERE claim_id = $1 AND insurer = $2 LIMIT 1)sql"};

// claims before claim_parties: the order months_lock() (0008_claims_by_month.sql) takes them.
const statement lock_party_sql{"claims.lock_party", R"sql(
    SELECT p.insurer, p.status, c.tier, p.handling_branch, p.notified_branch
    FROM claims c JOIN claim_parties p USING (claim_id)
    WHERE p.claim_id = $1 AND p.party = $2
    FOR UPDATE OF p)sql"};

const statement meet_stage{"claims.meet_stage", R"sql(
    UPDATE sla_deadlines SET met_at = to_timestamp($4)
    WHERE claim_id = $1 AND party = $2 AND stage = $3 AND met_at IS NULL
      AND cancelled_at IS NULL)sql"};

const statement cancel_open{"claims.cancel_open", R"sql(
    UPDATE sla_deadlines SET cancelled_at = to_timestamp($3)
    WHERE claim_id = $1 AND party = $2 AND met_at IS NULL AND cancelled_at IS NULL)sql"};

// The claim as JSON, built by the function claim_view (migrations/0009_claim_view.sql, which
// says why it is a function): NULL unless the member insures one of its parties.
const statement claim_view_sql{"claims.view", "SELECT claim_view($1, $2)"};

}  // namespace

struct claims_tx::impl : work_tx {
    using work_tx::work_tx;
};

claims_tx::claims_tx(session& s) : impl_(std::make_unique<impl>(s)) {}
claims_tx::~claims_tx() = default;

namespace {

namespace bj = boost::json;

std::string parties_json(const std::vector<domain::party_route>& routes) {
    bj::array out;
    for (const auto& r : routes) {
        bj::array flags;
        for (const auto& f : r.flags) flags.emplace_back(f);
        out.push_back(bj::object{{"party", r.party},
                                 {"insurer", r.insurer},
                                 {"underwriting_region", r.underwriting_region},
                                 {"handling_branch", r.handling_branch},
                                 {"notified_branch", r.notified_branch
                                                         ? bj::value(*r.notified_branch)
                                                         : bj::value(nullptr)},
                                 {"out_of_area", r.out_of_area},
                                 {"flags", std::move(flags)}});
    }
    return bj::serialize(out);
}

std::string deadlines_json(const std::vector<deadline_row>& rows) {
    bj::array out;
    for (const auto& d : rows)
        out.push_back(bj::object{{"party", d.party},
                                 {"tier", d.tier},
                                 {"stage", d.stage},
                                 {"basis", d.basis},
                                 {"due", epoch(d.due)}});
    return bj::serialize(out);
}

std::string clearing_json(const std::vector<clearing_row>& rows) {
    bj::array out;
    for (const auto& e : rows)
        out.push_back(bj::object{{"creditor", e.creditor},
                                 {"debtor", e.debtor},
                                 {"amount_fen", e.amount.fen},
                                 {"entry_date", domain::format_date(e.day)}});
    return bj::serialize(out);
}

std::string entries_json(const std::vector<pool_entry_row>& rows) {
    bj::array out;
    for (const auto& e : rows)
        out.push_back(bj::object{{"party", e.party},
                                 {"kind", e.kind},
                                 {"hash", e.hash},
                                 {"vehicle", e.vehicle},
                                 {"driver", e.driver},
                                 {"phone", e.phone},
                                 {"masked", e.masked},
                                 {"sealed", e.sealed}});
    return bj::serialize(out);
}

// Envelopes are spliced in as they are: parsing them would lose nothing but time.
std::string events_json(const std::vector<outbox_event>& events) {
    std::string out = "[";
    for (const auto& e : events) {
        if (out.size() > 1) out += ',';
        auto head = bj::serialize(bj::object{{"event_id", e.event_id},
                                             {"branch", e.branch},
                                             {"type", e.type},
                                             {"occurred_at", epoch(e.occurred_at)}});
        head.pop_back();  // the closing brace
        out += head + ",\"envelope\":" + e.envelope_json + "}";
    }
    return out + "]";
}

}  // namespace

intake_result insert_claim(session& s, const new_claim& c) {
    s.prepare(insert_claim_sql);
    s.prepare(find_by_key);
    pqxx::nontransaction tx(s.conn());
    const auto inserted = tx.exec_prepared(
        std::string(insert_claim_sql.name), c.claim_id, c.submitter, c.external_ref,
        c.body_sha256, c.accident_region, epoch(c.occurred_at), epoch(c.reported_at), c.tier,
        c.document_json, c.decision_json, c.response_json, parties_json(c.routes),
        deadlines_json(c.deadlines), clearing_json(c.clearing), c.pool.member, c.pool.region,
        epoch(c.pool.occurred_at), c.pool.facts_json, entries_json(c.pool.entries),
        events_json(c.events));
    if (!inserted.empty()) return {intake_outcome::created, c.response_json};
    // The key exists (perhaps committed a moment ago by a racing twin).
    const auto row = tx.exec_prepared(std::string(find_by_key.name), c.submitter, c.external_ref);
    if (row.empty() || row[0][0].as<std::string>() != c.body_sha256)
        return {intake_outcome::conflict, {}};
    return {intake_outcome::replayed, row[0][1].as<std::string>()};
}

bool claims_tx::visible_to(const std::string& claim_id, const std::string& member) {
    return !impl_->exec(visible, claim_id, member).empty();
}

std::optional<party_state> claims_tx::lock_party(const std::string& claim_id,
                                                 const std::string& party) {
    const auto r = impl_->exec(lock_party_sql, claim_id, party);
    if (r.empty()) return std::nullopt;
    party_state s{claim_id,
                  party,
                  r[0][0].as<std::string>(),
                  r[0][1].as<std::string>(),
                  r[0][2].as<std::string>(),
                  r[0][3].as<std::string>(),
                  std::nullopt};
    if (!r[0][4].is_null()) s.notified_branch = r[0][4].as<std::string>();
    return s;
}

void claims_tx::record_status(const history_row& h) {
    std::optional<long long> amount;
    if (h.amount) amount = h.amount->fen;
    impl_->exec(insert_history, h.claim_id, h.party, h.status, epoch(h.at), amount, h.method,
                h.reason, h.recorded_by);
    impl_->exec(update_status, h.claim_id, h.party, h.status, epoch(h.at));
}

void claims_tx::meet_stages(const std::string& claim_id, const std::string& party,
                            const std::vector<std::string>& stages, domain::instant at) {
    for (const auto& s : stages) impl_->exec(meet_stage, claim_id, party, s, epoch(at));
}

void claims_tx::cancel_open_deadlines(const std::string& claim_id, const std::string& party,
                                      domain::instant at) {
    impl_->exec(cancel_open, claim_id, party, epoch(at));
}

void claims_tx::add_deadlines(const std::string& claim_id, const std::vector<deadline_row>& rows) {
    for (const auto& d : rows)
        impl_->exec(insert_deadline, claim_id, d.party, d.tier, d.stage, d.basis, epoch(d.due));
}

void claims_tx::enqueue(const std::vector<outbox_event>& events) {
    enqueue_events(impl_->tx, impl_->sess, events);
}

bool claim_view(pipeline& p, const std::string& claim_id, const std::string& member,
                pipeline::value_fn then, pipeline::failure_fn failed) {
    return p.fetch_value(claim_view_sql, {claim_id, member}, std::move(then), std::move(failed));
}

void claims_tx::commit() { impl_->tx.commit(); }

std::vector<party_ref> parties_in_status(session& s, const std::string& status, int limit) {
    static const statement q{"claims.parties_in_status", R"sql(
        SELECT p.claim_id::text, p.party, p.insurer, extract(epoch FROM c.reported_at)::bigint
        FROM claim_parties p JOIN claims c USING (claim_id)
        WHERE p.status = $1 ORDER BY c.reported_at, p.claim_id, p.party LIMIT $2)sql"};
    s.prepare(q);
    pqxx::read_transaction tx(s.conn());
    std::vector<party_ref> out;
    for (const auto& r : tx.exec_prepared(std::string(q.name), status, limit))
        out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                       domain::instant{std::chrono::seconds{r[3].as<long long>()}}});
    return out;
}

bool is_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return true;
}

}  // namespace crossclaim::storage
