#pragma once
// Money is exact: an integer number of fen (1/100 CNY). Never a floating point.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crossclaim::domain {

/// An amount of CNY counted in fen.
struct money {
    std::int64_t fen = 0;

    auto operator<=>(const money&) const = default;
    money& operator+=(money o) {
        fen += o.fen;
        return *this;
    }
    money& operator-=(money o) {
        fen -= o.fen;
        return *this;
    }
    friend money operator+(money a, money b) { return money{a.fen + b.fen}; }
    friend money operator-(money a, money b) { return money{a.fen - b.fen}; }
};

/// Whole yuan, for readable constants and tests: `yuan(2000)` is 2,000.00 CNY.
constexpr money yuan(std::int64_t y) { return money{y * 100}; }

/// The smaller of two amounts.
constexpr money min(money a, money b) { return a < b ? a : b; }

/// "2000.00": always two decimals, a leading '-' for negative amounts.
std::string to_string(money m);

/// Parses "2000", "2000.5" or "2000.50" (at most two decimals, no sign, no exponent,
/// at most 13 integer digits). Anything else is nullopt.
std::optional<money> parse_money(std::string_view text);

}  // namespace crossclaim::domain
