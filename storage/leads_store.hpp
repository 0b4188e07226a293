#pragma once
// The investigators' side of the pool: leads and their claims, hits, entities and notes; the
// audit trail; entity search across members; rule statistics. pqxx stays in the .cpp.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/money.hpp"
#include "domain/time.hpp"
#include "storage/db_pool.hpp"

namespace crossclaim::storage {

/// One rule's hit on a lead.
struct hit_row {
    std::string code;
    int weight = 0;
    std::string claim_id;  ///< the claim whose screening hit
    std::vector<std::string> claims;
    std::string evidence_json;  ///< [{claim_id, kind, hash, occurred_at}]
    std::string explanation;
    std::string rule_set_version;
};

/// An identifier through which a lead's claims connect.
struct entity_row {
    std::string kind, hash, masked, sealed;
};

/// A note or a change in a lead's history.
struct history_row_view {
    domain::instant at;
    std::string actor, change, note;
};

struct lead_row {
    std::string lead_id, status, region, rule_set_version;
    int score = 0;
    std::optional<std::string> assignee, merged_into;
    std::optional<domain::money> confirmed_amount, reward;
    domain::instant created_at, updated_at;
    long long created_micros = 0;  ///< for the paging cursor
    std::vector<std::string> claims;
    std::vector<hit_row> hits;
};

/// Filters of GET /v1/leads; empty ones do not filter.
struct lead_filter {
    std::string status, rule, region;
    int min_score = 0;
    std::optional<domain::instant> since, until;
    int limit = 50;
    /// Keyset cursor: the (created_at, lead_id) of the last lead of the previous page.
    std::optional<std::pair<long long, std::string>> after;
};

/// A pooled claim touching an identifier, across members.
struct entity_claim {
    std::string claim_id, member, region, party, masked;
    domain::instant occurred_at;
};

/// Per-rule outcome figures for GET /v1/fraud/rules.
struct rule_stats {
    std::string code;
    long long hits = 0, leads = 0, confirmed = 0, dismissed = 0;
    domain::money amount_confirmed;
};

/// An adjuster's report, as stored.
struct report_row {
    std::string member, adjuster_id;
    std::optional<std::string> claim_id;
    std::string note, evidence_json;
};

/// One audit row: who saw what, and why.
struct audit_entry {
    std::string actor, organisation, action;
    std::optional<std::string> id_kind, lead_id;
    std::vector<std::string> claims;
    std::string reason;
};

/// A graph edge's raw material: a pooled identifier of one of the lead's claims.
struct graph_entry {
    std::string claim_id, party, kind, hash, masked, vehicle;
    domain::instant occurred_at;
};

/// One transaction over the lead tables. Commits only on `commit()`.
class leads_tx {
  public:
    explicit leads_tx(session& s);
    ~leads_tx();
    leads_tx(const leads_tx&) = delete;
    leads_tx& operator=(const leads_tx&) = delete;

    /// A page of leads (newest first) with claims and hits, without entities and notes.
    std::vector<lead_row> list(const lead_filter& f);
    /// The lead (merged ones too: they point to their survivor); `lock` holds it until commit.
    std::optional<lead_row> find(const std::string& lead_id, bool lock = false);
    std::vector<entity_row> entities(const std::string& lead_id);
    std::vector<history_row_view> history(const std::string& lead_id);
    std::vector<graph_entry> graph_entries(const std::vector<std::string>& claims);
    /// The evidence hashes (sealed) of the claims, for the referral: (claim id, sealed).
    std::vector<std::pair<std::string, std::string>> evidence_of(
        const std::vector<std::string>& claims);

    void set_status(const std::string& lead_id, const std::string& status);
    void set_assignee(const std::string& lead_id, const std::string& assignee);
    void set_confirmed(const std::string& lead_id, domain::money amount, domain::money reward);
    void add_history(const std::string& lead_id, const std::string& actor,
                     const std::string& change, const std::string& note = "");

    std::vector<entity_claim> claims_with(const std::string& kind, const std::string& hash,
                                          int limit);
    std::vector<rule_stats> rule_figures();

    /// Open leads (NEW, ASSIGNED, INVESTIGATING) of a claim or holding one of the entities.
    std::optional<std::string> open_lead_for(const std::optional<std::string>& claim_id,
                                             const std::vector<entity_row>& entities);
    std::string create_lead(const std::string& region, const std::string& rule_set_version);
    void add_claim(const std::string& lead_id, const std::string& claim_id);
    void add_entity(const std::string& lead_id, const entity_row& e);
    void add_report(const std::string& lead_id, const report_row& r);
    /// The first report's member and adjuster, who earns the reward of a confirmed lead.
    std::optional<std::pair<std::string, std::string>> reporter(const std::string& lead_id);
    /// The accident region of a claim, when it exists and `member` insures one of its parties.
    std::optional<std::string> region_of_visible(const std::string& claim_id,
                                                 const std::string& member);

    void audit(const audit_entry& a);
    void commit();

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace crossclaim::storage
