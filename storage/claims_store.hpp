#pragma once
// Claims persistence. A `claims_tx` is one database transaction with the operations intake
// and status changes need; the decisions themselves are made by the domain between its
// reads and writes. pqxx stays inside claims_store.cpp.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/money.hpp"
#include "domain/routing.hpp"
#include "domain/time.hpp"
#include "storage/db_pool.hpp"
#include "storage/pipeline.hpp"
#include "storage/pool_store.hpp"

namespace crossclaim::storage {

/// An event for one branch, with its envelope already encoded.
struct outbox_event {
    std::string event_id;
    std::string branch;
    std::string claim_id;
    std::string type;
    domain::instant occurred_at;
    std::string envelope_json;
};

/// A stage deadline of one party.
struct deadline_row {
    std::string party;
    std::string tier;
    std::string stage;
    std::string basis;
    domain::instant due;
};

/// A clearing entry: `debtor` owes `creditor`.
struct clearing_row {
    std::string creditor;
    std::string debtor;
    domain::money amount;
    domain::date day;
};

/// Everything intake commits at once.
struct new_claim {
    std::string claim_id;
    std::string submitter;
    std::string external_ref;
    std::string body_sha256;
    std::string accident_region;
    domain::instant occurred_at;
    domain::instant reported_at;
    std::string tier;
    std::string document_json;
    std::string decision_json;
    std::string response_json;
    std::vector<domain::party_route> routes;
    std::vector<deadline_row> deadlines;
    std::vector<clearing_row> clearing;
    std::vector<outbox_event> events;
    pool_rows pool;  ///< the claim's fraud-pool rows; its screening is queued with them
};

/// How an intake ended.
enum class intake_outcome { created, replayed, conflict };

struct intake_result {
    intake_outcome outcome;
    std::string response_json;  ///< the answer first given (created and replayed)
};

/// One party's claim as stored, for a status change.
struct party_state {
    std::string claim_id;
    std::string party;
    std::string insurer;
    std::string status;
    std::string tier;
    std::string handling_branch;
    std::optional<std::string> notified_branch;
};

/// A status change to record.
struct history_row {
    std::string claim_id;
    std::string party;
    std::string status;
    domain::instant at;
    std::optional<domain::money> amount;
    std::optional<std::string> method;
    std::optional<std::string> reason;
    std::string recorded_by;  ///< "PICC/picc-claims-core"
};

/// Inserts the claim with its parties (REPORTED then ROUTED), deadlines, clearing entries,
/// pool rows, screening and events in one statement — or finds the earlier claim with the
/// same key. Two racing submissions produce one claim: the second waits on the unique key,
/// then replays.
intake_result insert_claim(session& s, const new_claim& c);

/// The whole claim for GET /v1/claims/{id} as a JSON object text (nullopt unless `member`
/// insures one of its parties), read through `p`; one statement. False when `p` is full.
bool claim_view(pipeline& p, const std::string& claim_id, const std::string& member,
                pipeline::value_fn then, pipeline::failure_fn failed);

/// One transaction over the claims tables. Commits only on `commit()`.
class claims_tx {
  public:
    explicit claims_tx(session& s);
    ~claims_tx();
    claims_tx(const claims_tx&) = delete;
    claims_tx& operator=(const claims_tx&) = delete;

    /// True when `member` insures one of the claim's parties.
    bool visible_to(const std::string& claim_id, const std::string& member);
    /// The party's claim, locked until commit; nullopt when there is none.
    std::optional<party_state> lock_party(const std::string& claim_id, const std::string& party);
    /// Records the change and sets the party's status.
    void record_status(const history_row& h);
    /// Marks the party's open deadlines for `stages` as met at `at`.
    void meet_stages(const std::string& claim_id, const std::string& party,
                     const std::vector<std::string>& stages, domain::instant at);
    /// Cancels the party's still-open deadlines (the claim ended without them).
    void cancel_open_deadlines(const std::string& claim_id, const std::string& party,
                               domain::instant at);
    void add_deadlines(const std::string& claim_id, const std::vector<deadline_row>& rows);
    /// Appends events to the outbox.
    void enqueue(const std::vector<outbox_event>& events);

    void commit();

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// A party's claim in some status, with its insurer and when the claim was reported.
struct party_ref {
    std::string claim_id, party, insurer;
    domain::instant reported_at;
};

/// Up to `limit` party claims in `status`, oldest report first (for the demo loader).
std::vector<party_ref> parties_in_status(session& s, const std::string& status, int limit);

/// True when `text` is a UUID in canonical form (so it can be given to the database).
bool is_uuid(std::string_view text);

}  // namespace crossclaim::storage
