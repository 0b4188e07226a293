#pragma once
// Per-member rate limits on the API listener: a token bucket per member or organisation,
// in this gateway instance's memory. The buckets are keyed by configured codes only (a
// certificate naming anything else is refused before), so their number is bounded.

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "config/config.hpp"

namespace crossclaim::gateway {

class rate_limiter {
  public:
    using clock = std::chrono::steady_clock;

    explicit rate_limiter(config::rate_limit_settings settings);

    /// Takes one request from `member`'s bucket at `now`. 0 when the request may go on;
    /// otherwise the whole seconds (at least 1) until the bucket holds a request again.
    int take(const std::string& member, clock::time_point now);

    /// `member`'s limit in words: "500 requests a second, bursts of 1000".
    std::string describe(const std::string& member) const;

  private:
    const config::rate_limit& limit_of(const std::string& member) const;

    struct bucket {
        double tokens;
        clock::time_point at;
    };
    const config::rate_limit_settings settings_;
    std::mutex mutex_;
    std::map<std::string, bucket, std::less<>> buckets_;
};

}  // namespace crossclaim::gateway
