#pragma once
// Screening's database side: the queue (SKIP LOCKED, any number of workers and instances),
// the candidate lookups the rules need (index range scans on kind, hash and time, each
// bounded), the maintained counts, and the leads the hits go to. pqxx stays in the .cpp.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fraud/screening.hpp"
#include "storage/db_pool.hpp"

namespace crossclaim::storage {

/// A queued screening, locked until its transaction ends.
struct screening_job {
    std::string claim_id;
    std::string region;
    std::string facts_json;
    int attempts = 0;
};

/// Where a page of the pooled claims ends: the last claim's accident time and id. With no
/// id, the next page starts with the claims at `at`.
struct pool_cursor {
    domain::instant at;
    std::string claim_id;
};

/// Queue depth and the age of the oldest entry, for /metrics.
struct screening_backlog {
    long long depth = 0;
    double oldest_seconds = 0;
};

/// One screening in one transaction. Commits only on `commit()`; a screening's commit does
/// not wait for the disk: one lost in a crash is lost whole and done again (see `take()`).
class screening_tx {
  public:
    explicit screening_tx(session& s);
    ~screening_tx();
    screening_tx(const screening_tx&) = delete;
    screening_tx& operator=(const screening_tx&) = delete;

    /// The next due screening, locked; nullopt when the queue holds none. From here on the
    /// transaction commits without waiting for the disk and plans its statements once.
    std::optional<screening_job> take();

    /// Other claims' parties sharing this claim's vehicles, drivers, phones or evidence
    /// within ±`window` of the accident; at most `per_identifier` rows per identifier.
    std::vector<fraud::pool_match> matches(const fraud::pooled_claim& c,
                                           std::chrono::seconds window, int per_identifier);

    /// The maintained counts the rules read for `in.claim`, into `in`, in one statement: the
    /// loss statistics of its situations (before this claim's losses), per phone how many
    /// people use it (its own drivers among them; bounded), per shop how many other flagged
    /// claims name it (bounded).
    void read_counts(fraud::screening_input& in);
    /// Records that a flagged claim names this shop.
    void flag_shop(const std::string& shop, const std::string& claim_id);

    /// Open leads (NEW, ASSIGNED, INVESTIGATING) holding any of `claims`, oldest first.
    std::vector<std::string> open_leads_of(const std::vector<std::string>& claims);
    /// A new lead; returns its id.
    std::string create_lead(const std::string& region, const std::string& rule_set_version);
    /// Moves `absorbed`'s claims and entities into `survivor`; the absorbed lead keeps its
    /// rows and history and points to the survivor (status MERGED).
    void merge_lead(const std::string& absorbed, const std::string& survivor);
    void add_claims(const std::string& lead, const std::vector<std::string>& claims);
    /// The identifier as an entity of the lead (masked and sealed value from the pool).
    void add_entity(const std::string& lead, fraud::id_kind kind, const std::string& hash);
    void add_hit(const std::string& lead, const std::string& claim_id, const fraud::rule_hit& hit,
                 const std::string& rule_set_version);
    /// Recomputes the lead's score from its hits: each rule's weight once, capped at 100.
    void rescore(const std::string& lead);

    // Read-only use, for backtests over the stored pool.

    /// Makes this transaction read-only (call first): PostgreSQL refuses any write in it.
    void read_only();
    /// Up to `limit` pooled claims' facts (JSON) with accidents in [from, to), after
    /// `after` in (occurred_at, claim_id) order: (id, facts) pairs.
    std::vector<std::pair<std::string, std::string>> pooled(domain::instant from,
                                                            domain::instant to,
                                                            const pool_cursor& after, int limit);
    long long pooled_count(domain::instant from, domain::instant to);
    /// The closed-lead outcome ("CONFIRMED", "DISMISSED") of each claim that has one.
    std::map<std::string, std::string> outcomes();

    /// Adds the claim's losses and phone users to the maintained counts, marks it screened
    /// and removes it from the queue, in one statement; returns the seconds it waited.
    double done(const fraud::pooled_claim& c);
    void commit();

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// Puts a failed screening back with a delay, in its own transaction.
void screening_failed(session& s, const std::string& claim_id, const std::string& error,
                      std::chrono::seconds retry_in);

/// The queue's depth and oldest entry.
screening_backlog screening_queue_state(session& s);

/// The bucket a loss of `fen` falls in (1 %-wide, logarithmic), and the bucket's lower
/// bound: what the maintained median is made of.
int loss_bucket(std::int64_t fen);
std::int64_t loss_bucket_floor(int bucket);

}  // namespace crossclaim::storage
