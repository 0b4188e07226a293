#include "bench/load/histogram.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

using crossclaim::bench::load::histogram;
namespace buckets = crossclaim::bench::load::buckets;

namespace {

/// The exact percentile as the histogram defines it: the ⌈p·n/100⌉-th smallest value.
std::uint64_t exact_percentile(std::vector<std::uint64_t> values, double p) {
    std::sort(values.begin(), values.end());
    const auto rank = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size()))));
    return values[rank - 1];
}

/// True when `got` lies within 1 % of `want` (the precision the histogram promises).
bool within_one_percent(std::uint64_t got, std::uint64_t want) {
    const double diff = std::abs(static_cast<double>(got) - static_cast<double>(want));
    return diff <= 0.01 * static_cast<double>(want);
}

const double checked_percentiles[] = {1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100};

}  // namespace

TEST_CASE("every bucket above 128 microseconds is at most 1/128 of its lowest value wide",
          "[bench]") {
    const std::uint64_t samples[] = {
        0,    1,      127,       128,   129,   255,        256,
        1000, 65'535, 1'000'000, 4'095, 4'096, 99'999'999, buckets::highest};
    for (std::uint64_t v : samples) {
        const auto i = buckets::index_of(v);
        INFO("value " << v);
        CHECK(i < buckets::count);
        CHECK(buckets::lowest_of(i) <= v);
        CHECK(v < buckets::lowest_of(i) + buckets::width_of(i));
        if (v >= buckets::sub_count)
            CHECK(buckets::width_of(i) * buckets::sub_count <= buckets::lowest_of(i));
        else
            CHECK(buckets::width_of(i) == 1);
    }
    // Neighbouring buckets leave no gap and do not overlap.
    for (std::size_t i = 0; i + 1 < buckets::count; ++i)
        REQUIRE(buckets::lowest_of(i) + buckets::width_of(i) == buckets::lowest_of(i + 1));
}

TEST_CASE("values below 128 microseconds are reported exactly", "[bench]") {
    histogram h;
    for (std::uint64_t v = 1; v <= 100; ++v) h.record(v);
    CHECK(h.count() == 100);
    CHECK(h.percentile(50) == 50);
    CHECK(h.percentile(90) == 90);
    CHECK(h.percentile(99) == 99);
    CHECK(h.min() == 1);
    CHECK(h.max() == 100);
    CHECK(h.mean() == Approx(50.5));
}

TEST_CASE("percentiles of a uniform distribution lie within 1 % of the exact ones", "[bench]") {
    histogram h;
    std::vector<std::uint64_t> values;
    for (std::uint64_t v = 1; v <= 100'000; ++v) {
        h.record(v);
        values.push_back(v);
    }
    for (double p : checked_percentiles) {
        INFO("p" << p);
        CHECK(within_one_percent(h.percentile(p), exact_percentile(values, p)));
    }
    CHECK(h.max() == 100'000);
}

TEST_CASE("percentiles of a long-tailed distribution lie within 1 % of the exact ones", "[bench]") {
    // Log-normal around 2 ms with a tail into seconds, as a loaded gateway's latencies look.
    std::mt19937_64 random(42);
    std::lognormal_distribution<double> latency(std::log(2000.0), 1.2);
    histogram h;
    std::vector<std::uint64_t> values;
    for (int i = 0; i < 200'000; ++i) {
        const auto v = static_cast<std::uint64_t>(latency(random));
        h.record(v);
        values.push_back(v);
    }
    for (double p : checked_percentiles) {
        INFO("p" << p);
        CHECK(within_one_percent(h.percentile(p), exact_percentile(values, p)));
    }
    CHECK(h.max() == *std::max_element(values.begin(), values.end()));
    CHECK(h.min() == *std::min_element(values.begin(), values.end()));
}

TEST_CASE("a single repeated value is every percentile", "[bench]") {
    histogram h;
    h.record(123'456, 1000);
    CHECK(h.count() == 1000);
    CHECK(h.percentile(0.1) == 123'456);
    CHECK(h.percentile(50) == 123'456);
    CHECK(h.percentile(100) == 123'456);
}

TEST_CASE("two merged histograms equal one that recorded all their values", "[bench]") {
    histogram first, second, both;
    std::mt19937_64 random(7);
    std::uniform_int_distribution<std::uint64_t> fast(200, 5'000), slow(50'000, 2'000'000);
    for (int i = 0; i < 50'000; ++i) {
        const auto a = fast(random), b = slow(random);
        first.record(a);
        second.record(b);
        both.record(a);
        both.record(b);
    }
    histogram merged = first;
    merged.merge(second);
    CHECK(merged.count() == 100'000);
    CHECK(merged.min() == both.min());
    CHECK(merged.max() == both.max());
    CHECK(merged.mean() == Approx(both.mean()));
    for (double p : checked_percentiles) {
        INFO("p" << p);
        CHECK(merged.percentile(p) == both.percentile(p));
    }
    // Half the values are fast, so the median lies at the top of the fast ones (within 1 %).
    CHECK(merged.percentile(50) <= 5'050);
    CHECK(merged.percentile(51) >= 50'000);
}

TEST_CASE("an empty histogram reports zero and merges as nothing", "[bench]") {
    histogram empty;
    CHECK(empty.count() == 0);
    CHECK(empty.percentile(50) == 0);
    CHECK(empty.percentile(99.9) == 0);
    CHECK(empty.max() == 0);
    CHECK(empty.min() == 0);
    CHECK(empty.mean() == 0);

    histogram h;
    h.record(300);
    h.record(900);
    h.merge(empty);
    CHECK(h.count() == 2);
    CHECK(h.min() == 300);

    histogram into_empty;
    into_empty.merge(h);
    CHECK(into_empty.count() == 2);
    CHECK(into_empty.min() == 300);
    CHECK(into_empty.max() == 900);
    CHECK(into_empty.percentile(50) == h.percentile(50));
}

TEST_CASE("values beyond 100 s count as 100 s", "[bench]") {
    histogram h;
    h.record(250'000'000);
    CHECK(h.count() == 1);
    CHECK(h.max() == buckets::highest);
    CHECK(h.percentile(100) == buckets::highest);
}
