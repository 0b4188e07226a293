#include "storage/leads_store.hpp"

#include <map>
#include <pqxx/pqxx>

#include "storage/sql_types.hpp"
#include "support/ids.hpp"

namespace crossclaim::storage {
namespace {

constexpr const char* lead_columns = R"sql(
    l.lead_id, l.status, l.region, l.rule_set_version, l.score, l.assignee, l.merged_into,
    l.confirmed_amount_fen, l.reward_fen, extract(epoch FROM l.created_at)::bigint,
    extract(epoch FROM l.updated_at)::bigint,
    (extract(epoch FROM l.created_at) * 1000000)::bigint)sql";

// Keyset paging, newest first: (created_at, lead_id) below the cursor.
const std::string list_text = std::string("SELECT") + lead_columns + R"sql(
    FROM leads l
    WHERE l.status <> 'MERGED'
      AND ($1 = '' OR l.status = $1)
      AND ($2 = '' OR l.region = $2)
      AND l.score >= $3
      AND ($4::bigint IS NULL OR l.created_at >= to_timestamp($4))
      AND ($5::bigint IS NULL OR l.created_at < to_timestamp($5))
      AND ($6 = '' OR EXISTS (SELECT 1 FROM rule_hits h WHERE h.lead_id = l.lead_id
                                                        AND h.rule_code = $6))
      AND ($7::bigint IS NULL OR (extract(epoch FROM l.created_at) * 1000000)::bigint < $7
           OR ((extract(epoch FROM l.created_at) * 1000000)::bigint = $7 AND l.lead_id::text < $8))
    ORDER BY l.created_at DESC, l.lead_id DESC
    LIMIT $9)sql";
const statement list_sql{"leads.list", list_text};

const std::string find_text =
    std::string("SELECT") + lead_columns + " FROM leads l WHERE l.lead_id = $1";
const statement find_sql{"leads.find", find_text};
const std::string lock_text = find_text + " FOR UPDATE";
const statement lock_sql{"leads.lock", lock_text};

const statement claims_sql{"leads.claims", R"sql(
    SELECT lead_id, claim_id FROM lead_claims WHERE lead_id = ANY($1::uuid[])
    ORDER BY added_at, claim_id)sql"};

const statement hits_sql{"leads.hits", R"sql(
    SELECT lead_id, rule_code, weight, claim_id, claims::text[], evidence::text, explanation,
           rule_set_version
    FROM rule_hits WHERE lead_id = ANY($1::uuid[]) ORDER BY id)sql"};

const statement entities_sql{"leads.entities", R"sql(
    SELECT kind, hash, masked, sealed FROM lead_entities WHERE lead_id = $1 ORDER BY kind, masked)sql"};

const statement history_sql{"leads.history", R"sql(
    SELECT extract(epoch FROM at)::bigint, actor, change, coalesce(note, '')
    FROM lead_history WHERE lead_id = $1 ORDER BY id)sql"};

const statement graph_sql{"leads.graph", R"sql(
    SELECT claim_id, party, kind, hash, masked, vehicle, extract(epoch FROM occurred_at)::bigint
    FROM pool_entries WHERE claim_id = ANY($1::uuid[]) ORDER BY claim_id, party, kind)sql"};

const statement evidence_sql{"leads.evidence", R"sql(
    SELECT claim_id::text, sealed FROM pool_entries
    WHERE claim_id = ANY($1::uuid[]) AND kind = 'evidence' ORDER BY claim_id, hash)sql"};

const statement set_status_sql{"leads.set_status", R"sql(
    UPDATE leads SET status = $2, updated_at = now() WHERE lead_id = $1)sql"};
const statement set_assignee_sql{"leads.set_assignee", R"sql(
    UPDATE leads SET assignee = $2, updated_at = now() WHERE lead_id = $1)sql"};
const statement set_confirmed_sql{"leads.set_confirmed", R"sql(
    UPDATE leads SET confirmed_amount_fen = $2, reward_fen = $3, updated_at = now()
    WHERE lead_id = $1)sql"};
const statement add_history_sql{"leads.add_history", R"sql(
    INSERT INTO lead_history (lead_id, actor, change, note) VALUES ($1, $2, $3, NULLIF($4, '')))sql"};

const statement claims_with_sql{"leads.claims_with", R"sql(
    SELECT e.claim_id, e.member, c.region, e.party, e.masked,
           extract(epoch FROM e.occurred_at)::bigint
    FROM pool_entries e JOIN pool_claims c USING (claim_id, occurred_at)
    WHERE e.kind = $1 AND e.hash = $2
    ORDER BY e.occurred_at DESC LIMIT $3)sql"};

const statement rule_figures_sql{"leads.rule_figures", R"sql(
    SELECT h.rule_code, count(*), count(DISTINCT h.lead_id),
           count(DISTINCT h.lead_id) FILTER (WHERE l.status = 'CONFIRMED'),
           count(DISTINCT h.lead_id) FILTER (WHERE l.status = 'DISMISSED'),
           coalesce((SELECT sum(l2.confirmed_amount_fen) FROM leads l2
                     WHERE l2.status = 'CONFIRMED' AND l2.lead_id IN (
                         SELECT lead_id FROM rule_hits WHERE rule_code = h.rule_code)), 0)
    FROM rule_hits h JOIN leads l USING (lead_id)
    GROUP BY h.rule_code)sql"};

const statement open_lead_of_claim{"leads.open_of_claim", R"sql(
    SELECT l.lead_id FROM leads l JOIN lead_claims lc USING (lead_id)
    WHERE lc.claim_id = $1 AND l.status IN ('NEW', 'ASSIGNED', 'INVESTIGATING')
    ORDER BY l.created_at LIMIT 1)sql"};
const statement open_lead_of_entity{"leads.open_of_entity", R"sql(
    SELECT l.lead_id FROM leads l JOIN lead_entities le USING (lead_id)
    WHERE le.kind = $1 AND le.hash = $2 AND l.status IN ('NEW', 'ASSIGNED', 'INVESTIGATING')
    ORDER BY l.created_at LIMIT 1)sql"};
const statement create_lead_sql{"leads.create", R"sql(
    INSERT INTO leads (lead_id, region, rule_set_version) VALUES ($1, $2, $3))sql"};
const statement add_claim_sql{"leads.add_claim", R"sql(
    INSERT INTO lead_claims (lead_id, claim_id) VALUES ($1, $2) ON CONFLICT DO NOTHING)sql"};
const statement add_entity_sql{"leads.add_entity", R"sql(
    INSERT INTO lead_entities (lead_id, kind, hash, masked, sealed) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT DO NOTHING)sql"};
const statement add_report_sql{"leads.add_report", R"sql(
    INSERT INTO fraud_reports (lead_id, member, adjuster_id, claim_id, note, evidence)
    VALUES ($1, $2, $3, $4, $5, $6::jsonb))sql"};
const statement reporter_sql{"leads.reporter", R"sql(
    SELECT member, adjuster_id FROM fraud_reports WHERE lead_id = $1 ORDER BY id LIMIT 1)sql"};
const statement region_sql{"leads.region_of_visible", R"sql(
    SELECT c.accident_region FROM claims c
    WHERE c.claim_id = $1
      AND EXISTS (SELECT 1 FROM claim_parties p WHERE p.claim_id = c.claim_id AND p.insurer = $2))sql"};

const statement audit_sql{"leads.audit", R"sql(
    INSERT INTO audit_log (actor, organisation, action, id_kind, lead_id, claims, reason)
    VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7))sql"};

domain::instant at(long long epoch_seconds) {
    return domain::instant{std::chrono::seconds{epoch_seconds}};
}

std::optional<std::string> opt_text(const pqxx::field& f) {
    if (f.is_null()) return std::nullopt;
    return f.as<std::string>();
}

std::optional<domain::money> opt_money(const pqxx::field& f) {
    if (f.is_null()) return std::nullopt;
    return domain::money{f.as<long long>()};
}

lead_row lead_of(const pqxx::row& r) {
    lead_row l;
    l.lead_id = r[0].as<std::string>();
    l.status = r[1].as<std::string>();
    l.region = r[2].as<std::string>();
    l.rule_set_version = r[3].as<std::string>();
    l.score = r[4].as<int>();
    l.assignee = opt_text(r[5]);
    l.merged_into = opt_text(r[6]);
    l.confirmed_amount = opt_money(r[7]);
    l.reward = opt_money(r[8]);
    l.created_at = at(r[9].as<long long>());
    l.updated_at = at(r[10].as<long long>());
    l.created_micros = r[11].as<long long>();
    return l;
}

// A PostgreSQL text[] result ("{a,b}") as strings; uuids never need quoting.
std::vector<std::string> uuid_list(const pqxx::field& f) {
    std::vector<std::string> out;
    std::string s = f.as<std::string>();
    if (s.size() < 2) return out;
    s = s.substr(1, s.size() - 2);
    std::size_t start = 0;
    while (start < s.size()) {
        const auto comma = s.find(',', start);
        out.push_back(s.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

}  // namespace

struct leads_tx::impl : work_tx {
    using work_tx::work_tx;

    // Claims and hits of these leads, filled in.
    void complete(std::vector<lead_row>& leads) {
        if (leads.empty()) return;
        std::vector<std::string> ids;
        std::map<std::string, lead_row*> by_id;
        for (auto& l : leads) {
            ids.push_back(l.lead_id);
            by_id[l.lead_id] = &l;
        }
        const auto list = text_array(ids);
        for (const auto& r : exec(claims_sql, list))
            by_id.at(r[0].as<std::string>())->claims.push_back(r[1].as<std::string>());
        for (const auto& r : exec(hits_sql, list))
            by_id.at(r[0].as<std::string>())
                ->hits.push_back({r[1].as<std::string>(), r[2].as<int>(), r[3].as<std::string>(),
                                  uuid_list(r[4]), r[5].as<std::string>(), r[6].as<std::string>(),
                                  r[7].as<std::string>()});
    }
};

leads_tx::leads_tx(session& s) : impl_(std::make_unique<impl>(s)) {}
leads_tx::~leads_tx() = default;

std::vector<lead_row> leads_tx::list(const lead_filter& f) {
    auto epoch_of = [](const std::optional<domain::instant>& t) {
        return t ? std::optional<long long>(epoch(*t)) : std::nullopt;
    };
    const auto rows =
        impl_->exec(list_sql, f.status, f.region, f.min_score, epoch_of(f.since), epoch_of(f.until),
                    f.rule, f.after ? std::optional<long long>(f.after->first) : std::nullopt,
                    f.after ? f.after->second : std::string(), f.limit);
    std::vector<lead_row> out;
    for (const auto& r : rows) out.push_back(lead_of(r));
    impl_->complete(out);
    return out;
}

std::optional<lead_row> leads_tx::find(const std::string& lead_id, bool lock) {
    const auto rows = impl_->exec(lock ? lock_sql : find_sql, lead_id);
    if (rows.empty()) return std::nullopt;
    std::vector<lead_row> one{lead_of(rows[0])};
    impl_->complete(one);
    return std::move(one.front());
}

std::vector<entity_row> leads_tx::entities(const std::string& lead_id) {
    std::vector<entity_row> out;
    for (const auto& r : impl_->exec(entities_sql, lead_id))
        out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                       r[3].as<std::string>()});
    return out;
}

std::vector<history_row_view> leads_tx::history(const std::string& lead_id) {
    std::vector<history_row_view> out;
    for (const auto& r : impl_->exec(history_sql, lead_id))
        out.push_back({at(r[0].as<long long>()), r[1].as<std::string>(), r[2].as<std::string>(),
                       r[3].as<std::string>()});
    return out;
}

std::vector<graph_entry> leads_tx::graph_entries(const std::vector<std::string>& claims) {
    std::vector<graph_entry> out;
    for (const auto& r : impl_->exec(graph_sql, text_array(claims)))
        out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                       r[3].as<std::string>(), r[4].as<std::string>(), r[5].as<std::string>(),
                       at(r[6].as<long long>())});
    return out;
}

std::vector<std::pair<std::string, std::string>> leads_tx::evidence_of(
    const std::vector<std::string>& claims) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : impl_->exec(evidence_sql, text_array(claims)))
        out.emplace_back(r[0].as<std::string>(), r[1].as<std::string>());
    return out;
}

void leads_tx::set_status(const std::string& lead_id, const std::string& status) {
    impl_->exec(set_status_sql, lead_id, status);
}

void leads_tx::set_assignee(const std::string& lead_id, const std::string& assignee) {
    impl_->exec(set_assignee_sql, lead_id, assignee);
}

void leads_tx::set_confirmed(const std::string& lead_id, domain::money amount,
                             domain::money reward) {
    impl_->exec(set_confirmed_sql, lead_id, static_cast<long long>(amount.fen),
                static_cast<long long>(reward.fen));
}

void leads_tx::add_history(const std::string& lead_id, const std::string& actor,
                           const std::string& change, const std::string& note) {
    impl_->exec(add_history_sql, lead_id, actor, change, note);
}

std::vector<entity_claim> leads_tx::claims_with(const std::string& kind, const std::string& hash,
                                                int limit) {
    std::vector<entity_claim> out;
    for (const auto& r : impl_->exec(claims_with_sql, kind, hash, limit))
        out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                       r[3].as<std::string>(), r[4].as<std::string>(), at(r[5].as<long long>())});
    return out;
}

std::vector<rule_stats> leads_tx::rule_figures() {
    std::vector<rule_stats> out;
    for (const auto& r : impl_->exec(rule_figures_sql))
        out.push_back({r[0].as<std::string>(), r[1].as<long long>(), r[2].as<long long>(),
                       r[3].as<long long>(), r[4].as<long long>(),
                       domain::money{r[5].as<long long>()}});
    return out;
}

std::optional<std::string> leads_tx::open_lead_for(const std::optional<std::string>& claim_id,
                                                   const std::vector<entity_row>& entities) {
    if (claim_id) {
        const auto r = impl_->exec(open_lead_of_claim, *claim_id);
        if (!r.empty()) return r[0][0].as<std::string>();
    }
    for (const auto& e : entities) {
        const auto r = impl_->exec(open_lead_of_entity, e.kind, e.hash);
        if (!r.empty()) return r[0][0].as<std::string>();
    }
    return std::nullopt;
}

std::string leads_tx::create_lead(const std::string& region, const std::string& rule_set_version) {
    const auto id = support::new_uuid();
    impl_->exec(create_lead_sql, id, region, rule_set_version);
    return id;
}

void leads_tx::add_claim(const std::string& lead_id, const std::string& claim_id) {
    impl_->exec(add_claim_sql, lead_id, claim_id);
}

void leads_tx::add_entity(const std::string& lead_id, const entity_row& e) {
    impl_->exec(add_entity_sql, lead_id, e.kind, e.hash, e.masked, e.sealed);
}

void leads_tx::add_report(const std::string& lead_id, const report_row& r) {
    impl_->exec(add_report_sql, lead_id, r.member, r.adjuster_id, r.claim_id, r.note,
                r.evidence_json);
}

std::optional<std::pair<std::string, std::string>> leads_tx::reporter(const std::string& lead_id) {
    const auto r = impl_->exec(reporter_sql, lead_id);
    if (r.empty()) return std::nullopt;
    return std::make_pair(r[0][0].as<std::string>(), r[0][1].as<std::string>());
}

std::optional<std::string> leads_tx::region_of_visible(const std::string& claim_id,
                                                       const std::string& member) {
    const auto r = impl_->exec(region_sql, claim_id, member);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<std::string>();
}

void leads_tx::audit(const audit_entry& a) {
    impl_->exec(audit_sql, a.actor, a.organisation, a.action, a.id_kind, a.lead_id,
                text_array(a.claims), a.reason);
}

void leads_tx::commit() { impl_->tx.commit(); }

}  // namespace crossclaim::storage
