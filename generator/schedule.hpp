#pragma once
// When the synthetic accidents happen: a fixed number of claims spread over a period with the
// rhythm of real traffic (fewer on weekends, peaks at the morning and evening rush, a few at
// night), handed out one at a time in time order so that a long run holds one day at most.

#include <cstddef>
#include <vector>

#include "domain/time.hpp"
#include "generator/random.hpp"

namespace crossclaim::generator::detail {

/// The accident times of `claims` claims over `days` days from `first_day` (local days).
class schedule {
  public:
    /// `days` below 1 counts as 1.
    schedule(domain::date first_day, int days, long long claims);

    /// The next accident time, never before the previous one; after `claims` times, the last
    /// instant of the period.
    domain::instant next(rng& r);

    /// The first instant after the period.
    domain::instant end() const { return end_; }

    /// Relative traffic of a local day (weekday 100).
    static int day_weight(domain::date d);
    /// Relative traffic of a local hour 0–23 on a working day or a weekend day.
    static int hour_weight(int hour, bool weekend);

  private:
    void fill_day(rng& r);

    domain::date first_day_;
    int days_;
    long long claims_;
    long long total_weight_ = 0;
    long long weight_before_ = 0;  ///< of the days before `day_`
    int day_ = -1;                 ///< index of the day `today_` holds
    std::vector<domain::instant> today_;
    std::size_t used_ = 0;
    domain::instant end_;
};

}  // namespace crossclaim::generator::detail
