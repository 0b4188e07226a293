#include "gateway/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace crossclaim::gateway {

rate_limiter::rate_limiter(config::rate_limit_settings settings)
    : settings_(std::move(settings)) {}

const config::rate_limit& rate_limiter::limit_of(const std::string& member) const {
    const auto found = settings_.by_member.find(member);
    return found == settings_.by_member.end() ? settings_.standard : found->second;
}

std::string rate_limiter::describe(const std::string& member) const {
    const auto& limit = limit_of(member);
    return std::to_string(limit.per_second) + " requests a second, bursts of " +
           std::to_string(limit.burst);
}

int rate_limiter::take(const std::string& member, clock::time_point now) {
    const auto& limit = limit_of(member);
    const double rate = limit.per_second, burst = limit.burst;

    const std::lock_guard lock(mutex_);
    auto& b = buckets_.try_emplace(member, bucket{burst, now}).first->second;
    if (now > b.at) {
        const std::chrono::duration<double> elapsed = now - b.at;
        b.tokens = std::min(burst, b.tokens + elapsed.count() * rate);
        b.at = now;
    }
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rate)));
}

}  // namespace crossclaim::gateway
