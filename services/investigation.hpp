#pragma once
// What investigators of the anti-fraud committee do with the pool: work the lead queue, see
// a lead with its evidence (masked, or revealed with a case reference), move it through its
// lifecycle, search an identifier across members, export a referral for the police — and
// what adjusters do: report a suspicion from the scene. Every reveal, search and export is
// audited in the same transaction that reads the values.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "privacy/keyring.hpp"
#include "storage/leads_store.hpp"

namespace crossclaim::services {

/// Who is asking: the certificate's CN and O.
struct caller {
    std::string name, organisation;
};

/// A pooled identifier as an investigator sees it.
struct entity_view {
    std::string kind, hash, masked;
    std::optional<std::string> value;  ///< only when revealed
};

/// A lead with everything the lead page shows.
struct lead_view {
    storage::lead_row lead;
    std::vector<entity_view> entities;
    std::vector<storage::history_row_view> history;
    /// masked form of every hash the hits' evidence names, for explaining matches
    std::map<std::string, std::string> masked;
    std::optional<std::pair<std::string, std::string>> reporter;  ///< member, adjuster
};

/// A case reference: 1–64 visible ASCII characters. Returns why not, or nullopt.
std::optional<std::string> invalid_reason(const std::string& reason);

/// The lead; with `reveal_reason`, its identifiers in the clear and an audit row.
std::optional<lead_view> get_lead(storage::session& db, const privacy::keyring& keys,
                                  const std::string& lead_id,
                                  const std::optional<std::string>& reveal_reason,
                                  const caller& who);

/// A change asked by PATCH /v1/leads/{id}.
struct lead_patch {
    std::optional<std::string> status, assignee, note;
    std::optional<domain::money> confirmed_amount;
};

/// How a change ended.
struct patch_result {
    enum { ok, not_found, conflict, invalid } outcome = ok;
    std::string message;  ///< why, when not ok
    std::string field;    ///< the JSON pointer at fault, when invalid
};

patch_result patch_lead(storage::session& db, const config::fraud_settings& f,
                        const std::string& lead_id, const lead_patch& p, const caller& who);

/// A lead's link graph.
struct graph {
    struct node {
        std::string id, kind, label;
    };
    struct edge {
        std::string from, to, kind;
    };
    std::vector<node> nodes;
    std::vector<edge> edges;
};
std::optional<graph> lead_graph(storage::session& db, const std::string& lead_id);

/// Every pooled claim touching the identifier (kind and readable value), across members;
/// audited. nullopt when the value is not valid for its kind.
std::optional<std::vector<storage::entity_claim>> search_entity(
    storage::session& db, const privacy::keyring& keys, fraud::id_kind kind,
    const std::string& value, const std::string& reason, const caller& who);

/// The case file for the police, as JSON text, and the SHA-256 of that text; audited.
struct referral {
    std::string document_json, sha256;
};
std::optional<referral> make_referral(storage::session& db, const privacy::keyring& keys,
                                      const std::string& lead_id, const std::string& reason,
                                      const caller& who);

/// An adjuster's report from the scene.
struct fraud_report {
    std::string adjuster_id;
    std::optional<std::string> claim_id;
    std::vector<std::string> plates, id_numbers, phones;  ///< normalised
    std::string note;
    std::vector<std::string> evidence;  ///< sha256 hex
};
struct report_result {
    enum { created, unknown_claim } outcome = created;
    std::string lead_id;
};
report_result report_fraud(storage::session& db, const config::settings& s,
                           const privacy::keyring& keys, const std::string& member,
                           const fraud_report& r);

}  // namespace crossclaim::services
