#include "domain/phone.hpp"

#include <toml++/toml.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace crossclaim::domain;

namespace {

// The segment data as shipped, read the simple way: the real loader (config/) adds
// positions and the refusal of unknown keys, which are its own tests' business.
mobile_segments shipped_segments() {
    const auto doc = toml::parse_file(CROSSCLAIM_SOURCE_DIR "/config/mobile_segments.toml");
    mobile_segments s;
    s.version = doc["version"].value_or(std::string());
    if (const auto* list = doc["mobile"].as_array())
        for (const auto& p : *list) s.prefixes.push_back(p.value_or(std::string()));
    return s;
}

}  // namespace

TEST_CASE("the phone forms integrators send normalise to the 11 national digits", "[unit][phone]") {
    for (const char* raw :
         {"13800000000", "+8613800000000", "8613800000000", "008613800000000", "+86 138 0000 0000",
          "138 0000 0000", "138-0000-0000", "+86-138-0000-0000", "0086 138 0000 0000",
          "(+86) 138 0000 0000", "+86 (138) 0000-0000", " 13800000000 "}) {
        INFO(raw);
        CHECK(normalise_phone(raw) == std::optional<std::string>("13800000000"));
    }
}

TEST_CASE("a number that does not come down to 1 and ten more digits is refused", "[unit][phone]") {
    for (const char* raw : {"",
                            "   ",
                            "1380000000",
                            "138000000000",
                            "+87 138 0000 0000",
                            "+8713800000000",
                            "+86 1380000000",
                            "+86 138000000000",
                            "861380000000",
                            "138000O0000",
                            "138-0000-000a",
                            "tel:13800000000",
                            "+86 23800000000",
                            "23800000000",
                            "013800000000",
                            "+013800000000",
                            "++8613800000000",
                            "138.0000.0000",
                            "138\t0000\t0000",
                            "13800000000+",
                            "86",
                            "+86"}) {
        INFO(raw);
        CHECK_FALSE(normalise_phone(raw).has_value());
    }
}

TEST_CASE("a bare 86 is a country code only when a whole mobile number follows it",
          "[unit][phone]") {
    // "86" then eleven digits starting with 1: the country code, dropped.
    CHECK(normalise_phone("86 139 1234 5678") == std::optional<std::string>("13912345678"));
    // Eleven digits starting "86" are not a mainland mobile, with or without a code.
    CHECK_FALSE(normalise_phone("86139123456").has_value());
}

TEST_CASE("the shipped segment data is versioned and every entry is a prefix of a number",
          "[unit][phone]") {
    const auto segments = shipped_segments();
    CHECK_FALSE(segments.version.empty());
    REQUIRE(segments.prefixes.size() >= 50);
    std::set<std::string> seen;
    for (const auto& p : segments.prefixes) {
        INFO(p);
        CHECK(valid_segment_prefix(p));
        CHECK(seen.insert(p).second);
    }
}

TEST_CASE("numbers in allocated mobile segments are accepted", "[unit][phone]") {
    const auto segments = shipped_segments();
    for (const char* n : {"13800000000", "13912345678", "13499999999", "14512345678", "14712345678",
                          "15012345678", "15912345678", "16212345678", "16612345678", "17012345678",
                          "17712345678", "18012345678", "18912345678", "19012345678", "19912345678",
                          "16101234567", "17400123456", "17405999999"}) {
        INFO(n);
        CHECK(segments.allocated(n));
    }
}

TEST_CASE("numbers in segments not allocated to mobiles are refused", "[unit][phone]") {
    const auto segments = shipped_segments();
    for (const char* n :
         {"14012345678", "14112345678", "14412345678", "14612345678", "14812345678", "15412345678",
          "16012345678", "17912345678", "19412345678", "10012345678", "11012345678", "12012345678",
          // Inside 161 and 174 only 1610 and 17400–17405 are mobile.
          "16112345678", "16191234567", "17406000000", "17409999999", "17412345678"}) {
        INFO(n);
        CHECK_FALSE(segments.allocated(n));
    }
}

TEST_CASE("only an 11-digit national number can be in a segment", "[unit][phone]") {
    const mobile_segments segments{"test", {"138"}};
    CHECK(segments.allocated("13800000000"));
    CHECK_FALSE(segments.allocated("1380000000"));
    CHECK_FALSE(segments.allocated("138000000000"));
    CHECK_FALSE(segments.allocated("+8613800000000"));
    CHECK_FALSE(segments.allocated("138 0000 0000"));
    CHECK_FALSE(segments.allocated("1380000000x"));
    CHECK_FALSE(mobile_segments{}.allocated("13800000000"));
}

TEST_CASE("a segment prefix is 3 to 11 digits starting with 1", "[unit][phone]") {
    CHECK(valid_segment_prefix("130"));
    CHECK(valid_segment_prefix("17400"));
    CHECK(valid_segment_prefix("13800000000"));
    CHECK_FALSE(valid_segment_prefix(""));
    CHECK_FALSE(valid_segment_prefix("13"));
    CHECK_FALSE(valid_segment_prefix("238"));
    CHECK_FALSE(valid_segment_prefix("13a"));
    CHECK_FALSE(valid_segment_prefix("138000000000"));
}

// Hidden ("[.oracle]"): it needs the file that CTest's phone_oracle_generate writes, so
// CTest runs it by name with that fixture rather than through catch_discover_tests.
TEST_CASE("the gateway's mobile verdict equals libphonenumber-js for every prefix",
          "[unit][phone][.oracle]") {
    const char* path = std::getenv("CROSSCLAIM_PHONE_ORACLE");
    if (path == nullptr || *path == '\0')
        FAIL(
            "CROSSCLAIM_PHONE_ORACLE is not set: point it at the output of "
            "`node tests/oracle/phone_prefixes.mjs` (CTest's phone_oracle_generate does)");
    std::ifstream in(path);
    if (!in) FAIL("cannot read the oracle file " << path);

    const auto segments = shipped_segments();
    std::size_t lines = 0;
    std::vector<std::string> mismatches;
    std::set<std::string> four_digit_prefixes;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        ++lines;
        std::istringstream fields(line);
        std::string number;
        int verdict = -1;
        fields >> number >> verdict;
        if (!fields || (verdict != 0 && verdict != 1) || number.size() != 11) {
            FAIL("line " << lines << " of " << path << " is not `NUMBER 0|1`: " << line);
        }
        four_digit_prefixes.insert(number.substr(0, 4));
        // Through normalise_phone, as intake will: the oracle's numbers must pass it whole.
        const auto normal = normalise_phone(number);
        const bool ours =
            normal == std::optional<std::string>(number) && segments.allocated(number);
        if (ours != (verdict == 1))
            mismatches.push_back(number + ": libphonenumber-js " + std::to_string(verdict) +
                                 ", gateway " + (ours ? "1" : "0"));
    }
    if (lines == 0) FAIL("the oracle file " << path << " is empty");
    INFO(lines << " oracle lines, data version " << segments.version);
    // Every four-digit prefix 1000–1999 (and so every three-digit one) must have been asked.
    CHECK(lines >= 1100);
    CHECK(four_digit_prefixes.size() == 1000);
    std::string first;
    for (std::size_t i = 0; i < mismatches.size() && i < 20; ++i) first += mismatches[i] + "\n";
    INFO(mismatches.size() << " numbers disagree; the first:\n" << first);
    CHECK(mismatches.empty());
}
