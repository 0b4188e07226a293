#include "domain/time.hpp"

#include <charconv>
#include <cstdio>

namespace crossclaim::domain {
namespace {

// Reads exactly `n` digits at `pos`; -1 when any is not a digit.
int digits(std::string_view s, std::size_t pos, std::size_t n) {
    if (pos + n > s.size()) return -1;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

std::optional<date> make_date(int y, int m, int d) {
    if (y < 1900 || y > 2999) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{y},
                                          std::chrono::month{static_cast<unsigned>(m)},
                                          std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return date{ymd};
}

}  // namespace

date shanghai_day(instant t) { return std::chrono::floor<std::chrono::days>(t + shanghai_offset); }

instant shanghai_midnight(date d) { return instant{d} - shanghai_offset; }

std::optional<date> parse_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    const int y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
    if (y < 0 || m < 0 || d < 0) return std::nullopt;
    return make_date(y, m, d);
}

std::string format_date(date d) {
    const std::chrono::year_month_day ymd{d};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

std::optional<instant> parse_rfc3339(std::string_view s) {
    // YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)
    if (s.size() < 20) return std::nullopt;
    const auto day = parse_date(s.substr(0, 10));
    if (!day || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':') return std::nullopt;
    const int hh = digits(s, 11, 2), mm = digits(s, 14, 2), ss = digits(s, 17, 2);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) return std::nullopt;
    std::size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        const auto start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        if (pos == start) return std::nullopt;
    }
    std::chrono::seconds offset{0};
    const auto zone = s.substr(pos);
    if (zone == "Z" || zone == "z") {
        offset = std::chrono::seconds{0};
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
        const int oh = digits(zone, 1, 2), om = digits(zone, 4, 2);
        if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
        offset = std::chrono::hours(oh) + std::chrono::minutes(om);
        if (zone[0] == '-') offset = -offset;
    } else {
        return std::nullopt;
    }
    const instant local = instant{*day} + std::chrono::hours(hh) + std::chrono::minutes(mm) +
                          std::chrono::seconds(ss);
    return local - offset;
}

std::string format_rfc3339(instant t) {
    const instant local = t + shanghai_offset;
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::hh_mm_ss hms{local - day};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return format_date(day) + "T" + buf + "+08:00";
}

}  // namespace crossclaim::domain
