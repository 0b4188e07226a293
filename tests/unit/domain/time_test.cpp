#include "domain/time.hpp"

#include <catch2/catch.hpp>

using namespace crossclaim::domain;

TEST_CASE("RFC 3339 times are read with their offset and written in +08:00", "[time]") {
    const auto t = parse_rfc3339("2026-11-20T00:15:00Z");
    REQUIRE(t);
    CHECK(format_rfc3339(*t) == "2026-11-20T08:15:00+08:00");
    CHECK(parse_rfc3339("2026-11-20T08:15:00+08:00") == t);
    CHECK(parse_rfc3339("2026-11-20T08:15:00.250+08:00") == t);
    CHECK_FALSE(parse_rfc3339("2026-11-20T08:15:00"));
    CHECK_FALSE(parse_rfc3339("2026-02-30T08:15:00+08:00"));
    CHECK_FALSE(parse_rfc3339("2026-11-20 08:15:00+08:00"));
}

TEST_CASE("the Shanghai day of an instant is the local date, not the UTC one", "[time]") {
    const auto late_utc = *parse_rfc3339("2026-11-20T17:00:00Z");  // 01:00 on the 21st locally
    CHECK(format_date(shanghai_day(late_utc)) == "2026-11-21");
    CHECK(format_rfc3339(shanghai_midnight(*parse_date("2026-11-21"))) ==
          "2026-11-21T00:00:00+08:00");
}
