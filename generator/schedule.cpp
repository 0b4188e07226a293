#include "generator/schedule.hpp"

#include <algorithm>
#include <array>

namespace crossclaim::generator::detail {

schedule::schedule(domain::date first_day, int days, long long claims)
    : first_day_(first_day), days_(std::max(days, 1)), claims_(std::max(claims, 0LL)) {
    for (int d = 0; d < days_; ++d) total_weight_ += day_weight(first_day_ + std::chrono::days(d));
    end_ = domain::shanghai_midnight(first_day_ + std::chrono::days(days_));
}

int schedule::day_weight(domain::date d) {
    const std::chrono::weekday wd{d};
    if (wd == std::chrono::Saturday) return 62;
    if (wd == std::chrono::Sunday) return 55;
    return 100;
}

int schedule::hour_weight(int hour, bool weekend) {
    // Claims per hour as motor insurers see them: commuting peaks on working days, a broad
    // daytime hump at weekends, and little between midnight and five.
    static constexpr std::array<int, 24> working = {3,  2,  1,  1,  1,  3,  8,  22, 28, 18, 13, 13,
                                                    12, 12, 13, 14, 17, 25, 26, 16, 10, 7,  5,  4};
    static constexpr std::array<int, 24> rest = {4,  3,  2,  1,  1,  2,  4,  8,  12, 15, 18, 19,
                                                 18, 17, 17, 18, 18, 17, 15, 12, 9,  7,  6,  5};
    const auto h = static_cast<std::size_t>(std::clamp(hour, 0, 23));
    return weekend ? rest[h] : working[h];
}

void schedule::fill_day(rng& r) {
    today_.clear();
    used_ = 0;
    while (today_.empty() && day_ + 1 < days_) {
        ++day_;
        const domain::date d = first_day_ + std::chrono::days(day_);
        const long long w = day_weight(d);
        // Whole claims per day by cumulative rounding: the days add up to exactly `claims_`.
        const long long before = claims_ * weight_before_ / total_weight_;
        weight_before_ += w;
        const long long upto = claims_ * weight_before_ / total_weight_;
        const std::chrono::weekday wd{d};
        const bool weekend = wd == std::chrono::Saturday || wd == std::chrono::Sunday;
        std::vector<int> hours;
        for (int h = 0; h < 24; ++h) hours.push_back(hour_weight(h, weekend));
        const domain::instant midnight = domain::shanghai_midnight(d);
        for (long long i = before; i < upto; ++i) {
            const auto hour = static_cast<long long>(r.weighted(hours));
            today_.push_back(midnight + std::chrono::hours(hour) +
                             std::chrono::seconds(r.between(0, 3599)));
        }
        std::sort(today_.begin(), today_.end());
    }
}

domain::instant schedule::next(rng& r) {
    if (used_ >= today_.size()) fill_day(r);
    if (used_ >= today_.size()) return end_ - std::chrono::seconds(1);
    return today_[used_++];
}

}  // namespace crossclaim::generator::detail
