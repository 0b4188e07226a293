#pragma once
// The outbox: events written with the change they announce, delivered by workers to push
// branches (at least once, in order per claim and branch), read by pull members as an inbox.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/db_pool.hpp"

namespace crossclaim::storage {

/// A connection owned by one background thread (delivery worker, SLA scheduler).
class background_connection {
  public:
    explicit background_connection(std::string url);
    ~background_connection();
    /// The session, connecting first when needed; throws when the database is unreachable.
    session& get();
    /// Drops the connection after an error; the next `get` reconnects.
    void reset();

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// An event taken for delivery.
struct claimed_event {
    long long seq = 0;
    std::string event_id;
    std::string branch;
    std::string claim_id;
    std::string type;
    std::string envelope_json;
    int attempts = 0;  ///< tries before this one
};

/// One due event, leased until it is settled or the lease ends, so that other workers and
/// instances pass it by; no transaction stays open meanwhile.
class outbox_claim {
  public:
    /// Leases the oldest due event of `branches` whose earlier events for the same claim and
    /// branch are all delivered; nullptr when there is none. Unsettled, it is due again when
    /// `lease` has passed (a crashed worker's event is retried).
    static std::unique_ptr<outbox_claim> next(session& s, const std::vector<std::string>& branches,
                                              std::chrono::milliseconds lease);
    const claimed_event& event() const { return event_; }
    /// Marks it delivered.
    void delivered();
    /// Records the failure: retried after `retry_in`, or dead-lettered.
    void failed(const std::string& error, std::chrono::milliseconds retry_in, bool dead);

    outbox_claim(session& s, claimed_event e) : sess_(s), event_(std::move(e)) {}

  private:
    session& sess_;
    claimed_event event_;
};

/// An event as a pull member reads it.
struct inbox_item {
    long long seq;
    std::string envelope_json;
};

/// Events of `branches` after `after`, oldest first.
std::vector<inbox_item> read_inbox(session& s, const std::vector<std::string>& branches,
                                   long long after, int limit);
/// The member's acknowledged position (0 when it never acknowledged).
long long inbox_position(session& s, const std::string& member);
/// Moves the member's position forward to `up_to` (never back). Returns false, changing
/// nothing, when `up_to` lies beyond the last event of `branches`: acknowledging events that
/// do not exist yet would silently skip them when they come.
bool ack_inbox(session& s, const std::string& member, const std::vector<std::string>& branches,
               long long up_to);

/// A dead letter.
struct dead_letter {
    std::string event_id;
    std::string branch;
    std::string claim_id;
    std::string type;
    int attempts;
    std::string last_error;
};

/// Dead letters, oldest first (all branches when `branch` is empty).
std::vector<dead_letter> list_dead_letters(session& s, const std::string& branch);
/// Puts dead letters back in the queue with fresh tries: one event, one branch's, or all
/// (both empty). Returns how many.
int replay_dead_letters(session& s, const std::string& event_id, const std::string& branch);

}  // namespace crossclaim::storage
