#include "domain/money.hpp"

#include <cstdlib>

namespace crossclaim::domain {

std::string to_string(money m) {
    const bool negative = m.fen < 0;
    // Work in unsigned space so that INT64_MIN does not overflow on negation.
    std::uint64_t abs =
        negative ? 0 - static_cast<std::uint64_t>(m.fen) : static_cast<std::uint64_t>(m.fen);
    std::string out = std::to_string(abs / 100);
    const auto cents = abs % 100;
    out += '.';
    out += static_cast<char>('0' + cents / 10);
    out += static_cast<char>('0' + cents % 10);
    return negative ? "-" + out : out;
}

std::optional<money> parse_money(std::string_view text) {
    const auto dot = text.find('.');
    const auto whole = text.substr(0, dot);
    const auto frac = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (whole.empty() || whole.size() > 13) return std::nullopt;
    if (dot != std::string_view::npos && (frac.empty() || frac.size() > 2)) return std::nullopt;
    std::int64_t fen = 0;
    for (char c : whole) {
        if (c < '0' || c > '9') return std::nullopt;
        fen = fen * 10 + (c - '0');
    }
    for (std::size_t i = 0; i < 2; ++i) {
        const char c = i < frac.size() ? frac[i] : '0';
        if (c < '0' || c > '9') return std::nullopt;
        fen = fen * 10 + (c - '0');
    }
    return money{fen};
}

}  // namespace crossclaim::domain
