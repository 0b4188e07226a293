#pragma once
// Overdue stages and their escalations. Several gateway instances may scan at once: rows
// are taken FOR UPDATE SKIP LOCKED and each level has one row, so each escalation happens
// once.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/time.hpp"
#include "storage/claims_store.hpp"

namespace crossclaim::storage {

/// A stage past its next escalation time.
struct overdue_stage {
    long long deadline_id = 0;
    std::string claim_id;
    std::string party;
    std::string stage;
    std::string basis;
    domain::instant due;
    int level = 0;  ///< levels already reached
    std::string handling_branch;
    std::optional<std::string> notified_branch;
};

class escalation_tx {
  public:
    explicit escalation_tx(session& s);
    ~escalation_tx();
    /// Up to `limit` overdue stages, locked until commit.
    std::vector<overdue_stage> take_overdue(int limit);
    /// Records `level` for the stage; `next_at` is when the following level falls due
    /// (nullopt after the last level).
    void escalate(const overdue_stage& s, int level, const std::string& target,
                  std::optional<domain::instant> next_at);
    void enqueue(const std::vector<outbox_event>& events);
    void commit();

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace crossclaim::storage
