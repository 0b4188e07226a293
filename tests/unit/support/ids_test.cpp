// Claim ids name the UTC month they were received in (the claims' partitions are months of
// ids), and are otherwise random version-8 UUIDs.

#include "support/ids.hpp"

#include <catch2/catch.hpp>
#include <regex>
#include <set>

using namespace std::chrono;
using crossclaim::support::new_claim_id;

TEST_CASE("a claim id starts with cc and the UTC month it was received in", "[unit][ids]") {
    // 2026-12-31 23:59:59 UTC is already 2027-01-01 in Shanghai; the id keeps the UTC month.
    const sys_seconds end_of_year = sys_days{2026y / 12 / 31} + 23h + 59min + 59s;
    CHECK(new_claim_id(end_of_year).substr(0, 9) == "cc202612-");
    CHECK(new_claim_id(end_of_year + 1s).substr(0, 9) == "cc202701-");
    CHECK(new_claim_id(sys_days{2031y / 3 / 1}).substr(0, 9) == "cc203103-");
}

TEST_CASE("a claim id is a version-8 RFC 9562 UUID with 90 random bits", "[unit][ids]") {
    const std::regex form("cc[0-9]{6}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) {
        const auto id = new_claim_id(sys_days{2026y / 12 / 7});
        REQUIRE(std::regex_match(id, form));
        seen.insert(id);
    }
    CHECK(seen.size() == 10000);
}

TEST_CASE("a claim id outside the years 2000-2999 is refused", "[unit][ids]") {
    CHECK_THROWS_AS(new_claim_id(sys_days{1999y / 12 / 31}), std::invalid_argument);
    CHECK_THROWS_AS(new_claim_id(sys_days{3000y / 1 / 1}), std::invalid_argument);
    CHECK(new_claim_id(sys_days{2000y / 1 / 1}).substr(0, 8) == "cc200001");
}
