#pragma once
// Prometheus text exposition: requests by route and status, a latency histogram, and the
// database pool's use. A mutex is enough at this gateway's request rates; measured in bench/.

#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "storage/db_pool.hpp"

namespace crossclaim::gateway {

class metrics {
  public:
    /// Counts one finished request.
    void record(std::string_view route, int status, std::chrono::microseconds latency);
    /// The exposition text, with the pool's current figures.
    std::string render(const storage::pool_stats& pool) const;

    /// Upper bounds of the latency buckets, in seconds.
    static constexpr std::array<double, 10> bounds{0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,  0.1,    0.25,  0.5,  1.0};

  private:
    struct histogram {
        std::array<std::uint64_t, bounds.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, std::uint64_t> requests_;
    std::map<std::string, histogram> latency_;
};

}  // namespace crossclaim::gateway
