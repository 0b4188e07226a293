#include "storage/retention_store.hpp"

#include <array>
#include <pqxx/pqxx>

#include "storage/sql_types.hpp"

namespace crossclaim::storage {
namespace {

// Closed leads whose last change is past retention, and everything hanging off them. A
// merged lead goes with its survivor's age, never before it.
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

const statement purge_claims{"retention.claims", R"sql(
    WITH old AS (DELETE FROM pool_claims WHERE occurred_at < now() - make_interval(years => $1)
                 RETURNING claim_id),
    p AS (DELETE FROM pool_phone_people WHERE seen_at < now() - make_interval(years => $1)),
    s AS (DELETE FROM pool_shop_flags WHERE seen_at < now() - make_interval(years => $1))
    SELECT count(*) FROM old)sql"};

const statement audit_purge{"retention.audit", R"sql(
    INSERT INTO audit_log (actor, organisation, action, reason)
    VALUES ('retention', 'crossclaim', 'purge', $1))sql"};

}  // namespace

purged purge_expired(session& s, int years) {
    pqxx::work tx(s.conn());
    s.prepare(old_leads);
    s.prepare(purge_claims);
    s.prepare(audit_purge);
    purged p;
    std::vector<std::string> leads;
    for (const auto& row : tx.exec_prepared(std::string(old_leads.name), years))
        leads.push_back(row[0].as<std::string>());
    if (!leads.empty()) {
        const auto ids = text_array(leads);
        for (const auto& st : purge_lead_rows) {
            s.prepare(st);
            tx.exec_prepared0(std::string(st.name), ids);
        }
    }
    p.leads = static_cast<long long>(leads.size());
    p.claims = tx.exec_prepared1(std::string(purge_claims.name), years)[0].as<long long>();
    if (p.claims + p.leads > 0)
        tx.exec_prepared0(std::string(audit_purge.name),
                          "retention " + std::to_string(years) +
                              " years: " + std::to_string(p.claims) + " pooled claims, " +
                              std::to_string(p.leads) + " closed leads");
    tx.commit();
    return p;
}

}  // namespace crossclaim::storage
