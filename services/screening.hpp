#pragma once
// Screening: one queued claim against the whole pool. Storage gathers the candidates and
// counts, the pure rules of fraud/ decide, and the hits go to leads (made, joined or merged)
// in the same transaction that takes the claim off the queue, so a crash in between loses
// nothing and does nothing twice.

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "fraud/screening.hpp"
#include "storage/db_pool.hpp"
#include "storage/screening_store.hpp"

namespace crossclaim::services {

/// Figures for /metrics: shared by the workers (writers) and the metrics route (reader).
class screening_stats {
  public:
    /// Counts a screened claim and how long it waited in the queue.
    void screened(double lag_seconds, int hits);
    /// The queue as last seen by a worker.
    void backlog(long long depth, double oldest_seconds);
    /// Prometheus text.
    std::string render() const;

    static constexpr std::array<double, 9> bounds{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60};

  private:
    mutable std::mutex mutex_;
    std::uint64_t screened_ = 0, hits_ = 0;
    std::array<std::uint64_t, bounds.size()> lag_buckets_{};
    double lag_sum_ = 0;
    long long depth_ = 0;
    double oldest_ = 0;
};

/// The rules' input for `claim`: candidates within ±`window` and the maintained counts.
/// Reads only: screening records the claim in the counts afterwards, a backtest does not.
fraud::screening_input gather(storage::screening_tx& tx, const fraud::pooled_claim& claim,
                              std::chrono::seconds window);

/// What one step did.
struct screened_claim {
    std::string claim_id;
    int hits = 0;
    std::string lead_id;  ///< empty when no rule hit
    double lag_seconds = 0;
};

/// Takes the next due claim off the queue and screens it; nullopt when none is due. Throws
/// on database errors (the transaction is rolled back and the claim stays queued); `taken`
/// is set to the claim's id as soon as one is taken, so the caller can record the failure.
std::optional<screened_claim> screen_next(storage::session& db, const config::fraud_settings& f,
                                          std::string& taken);

}  // namespace crossclaim::services
