#pragma once
// The generator's only source of chance. Every draw is integer arithmetic on the raw output
// of std::mt19937_64, whose sequence the standard fixes for a seed, so that a seed gives the
// same claims with any standard library (the <random> distributions are not so fixed).

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <vector>

namespace crossclaim::generator::detail {

/// Uniform and weighted draws from one seeded engine.
class rng {
  public:
    /// An engine seeded with `seed`.
    explicit rng(std::uint64_t seed) : engine_(seed) {}

    /// 64 raw bits.
    std::uint64_t bits() { return engine_(); }

    /// Uniform in [0, n), n > 0. The modulo bias is below n / 2^64: nothing a test can see.
    std::uint64_t below(std::uint64_t n) { return engine_() % n; }

    /// Uniform in [lo, hi], lo <= hi.
    long long between(long long lo, long long hi) {
        return lo + static_cast<long long>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }

    /// True with probability per_mille / 1000.
    bool chance(int per_mille) { return below(1000) < static_cast<std::uint64_t>(per_mille); }

    /// An index into `weights`, each drawn in proportion to its (non-negative) weight.
    std::size_t weighted(const std::vector<int>& weights) {
        long long total = 0;
        for (int w : weights) total += w;
        if (total <= 0) return 0;
        long long r = static_cast<long long>(below(static_cast<std::uint64_t>(total)));
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (r < weights[i]) return i;
            r -= weights[i];
        }
        return weights.size() - 1;
    }

    /// An element of a non-empty vector.
    template <class T>
    const T& pick(const std::vector<T>& v) {
        return v[static_cast<std::size_t>(below(v.size()))];
    }

  private:
    std::mt19937_64 engine_;
};

}  // namespace crossclaim::generator::detail
