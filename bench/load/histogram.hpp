#pragma once
// A latency histogram in the manner of HdrHistogram: values in whole microseconds, exact below
// 128 µs, above that 128 linear sub-buckets per power of two, so a bucket is never wider than
// 1/128 of its values (under 0.8 %) and a reported value, the bucket's middle, lies within
// 0.4 % of every value the bucket holds. It covers 0 to 100 s in about 2,600 counters (21 KB);
// a longer value is kept as 100 s. Pure and header-only (no clock, no I/O): unit tests use it.

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace crossclaim::bench::load {

/// The bucket layout, apart from the class so that it can size its counters with it.
namespace buckets {

/// log2 of the sub-buckets per power of two.
inline constexpr int sub_bits = 7;
inline constexpr std::uint64_t sub_count = std::uint64_t{1} << sub_bits;
/// The largest value kept apart from the others: 100 s in microseconds.
inline constexpr std::uint64_t highest = 100'000'000;

/// The bucket index of a value (≤ highest).
constexpr std::size_t index_of(std::uint64_t us) {
    if (us < sub_count) return static_cast<std::size_t>(us);
    // Values in [2^m, 2^(m+1)) for m ≥ sub_bits go to 128 buckets of width 2^(m - 7).
    const int m = std::bit_width(us) - 1;
    const int shift = m - sub_bits;
    return static_cast<std::size_t>(sub_count * static_cast<std::uint64_t>(shift + 1) +
                                    ((us >> shift) - sub_count));
}

/// The lowest value of bucket `i`.
constexpr std::uint64_t lowest_of(std::size_t i) {
    if (i < sub_count) return i;
    const auto shift = i / sub_count - 1;
    return (sub_count + i % sub_count) << shift;
}

/// How many values bucket `i` holds.
constexpr std::uint64_t width_of(std::size_t i) {
    return i < sub_count ? 1 : std::uint64_t{1} << (i / sub_count - 1);
}

/// The value a bucket reports: its middle, at most half a width from any value in it.
constexpr std::uint64_t middle_of(std::size_t i) { return lowest_of(i) + (width_of(i) - 1) / 2; }

inline constexpr std::size_t count = index_of(highest) + 1;

}  // namespace buckets

/// Counts of latencies; one per connection, merged at the end.
class histogram {
  public:
    /// Counts one value (microseconds); values above buckets::highest count as highest.
    void record(std::uint64_t us) { record(us, 1); }

    /// Counts `n` occurrences of one value.
    void record(std::uint64_t us, std::uint64_t n) {
        if (n == 0) return;
        us = std::min(us, buckets::highest);
        counts_[buckets::index_of(us)] += n;
        if (total_ == 0 || us < min_) min_ = us;
        max_ = std::max(max_, us);
        total_ += n;
        sum_ += static_cast<double>(us) * static_cast<double>(n);
    }

    /// Adds every count of `other`, as if its values had been recorded here.
    void merge(const histogram& other) {
        if (other.total_ == 0) return;
        for (std::size_t i = 0; i < buckets::count; ++i) counts_[i] += other.counts_[i];
        min_ = total_ == 0 ? other.min_ : std::min(min_, other.min_);
        max_ = std::max(max_, other.max_);
        total_ += other.total_;
        sum_ += other.sum_;
    }

    /// How many values were recorded.
    std::uint64_t count() const { return total_; }
    /// The smallest and largest values recorded, exactly (0 when empty).
    std::uint64_t min() const { return min_; }
    std::uint64_t max() const { return max_; }
    /// The mean of the values recorded (0 when empty).
    double mean() const { return total_ == 0 ? 0.0 : sum_ / static_cast<double>(total_); }

    /// The value at or below which `p` percent of the values lie (0 < p ≤ 100): the middle of
    /// the bucket holding the ⌈p·n/100⌉-th smallest value, kept within [min, max]. 0 when empty.
    std::uint64_t percentile(double p) const {
        if (total_ == 0) return 0;
        p = std::clamp(p, 0.0, 100.0);
        const auto rank = std::max<std::uint64_t>(
            1, static_cast<std::uint64_t>(std::ceil(p / 100.0 * static_cast<double>(total_))));
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i < buckets::count; ++i) {
            seen += counts_[i];
            if (seen >= rank) return std::clamp(buckets::middle_of(i), min_, max_);
        }
        return max_;
    }

  private:
    std::array<std::uint64_t, buckets::count> counts_{};
    std::uint64_t total_ = 0, min_ = 0, max_ = 0;
    double sum_ = 0;
};

}  // namespace crossclaim::bench::load
