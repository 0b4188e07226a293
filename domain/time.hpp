#pragma once
// Time in the scheme is Asia/Shanghai. China has kept UTC+8 without daylight saving since
// 1991, so a fixed offset is exact for every date this product handles; it is named here
// once so that no other file adds hours by hand.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace crossclaim::domain {

/// A point in time, to the second.
using instant = std::chrono::sys_seconds;
/// A calendar day (a local date when it comes from `shanghai_day`).
using date = std::chrono::sys_days;

/// The Asia/Shanghai offset from UTC.
inline constexpr std::chrono::seconds shanghai_offset = std::chrono::hours(8);

/// The Asia/Shanghai calendar day on which `t` falls.
date shanghai_day(instant t);
/// The instant at which the Asia/Shanghai day `d` starts (00:00 local).
instant shanghai_midnight(date d);

/// Parses RFC 3339 with an explicit offset ("2026-11-20T08:15:00+08:00", "…Z"); fractional
/// seconds are accepted and dropped. nullopt when malformed or out of range.
std::optional<instant> parse_rfc3339(std::string_view text);
/// "2026-11-20T08:15:00+08:00": always in Asia/Shanghai.
std::string format_rfc3339(instant t);

/// Parses "2026-03-01" (a real calendar date). nullopt otherwise.
std::optional<date> parse_date(std::string_view text);
/// "2026-03-01".
std::string format_date(date d);

}  // namespace crossclaim::domain
