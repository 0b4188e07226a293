#pragma once
// What several unit tests share: the demo zone and a situation table as data, and readable
// checks on decoders' field errors.

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "domain/zone.hpp"
#include "fast_settle/rulebook.hpp"

namespace crossclaim::test_fixtures {

/// Longnan and Tianshui; PICC, PAIC and CPIC with branches in both, LNRB in Longnan only.
inline domain::zone demo_zone() {
    domain::zone z;
    z.name = "Longnan-Tianshui";
    z.regions = {{"621200",
                  "Longnan",
                  {"621202", "621221", "621222", "621223", "621224", "621225", "621226", "621227",
                   "621228"}},
                 {"620500",
                  "Tianshui",
                  {"620502", "620503", "620521", "620522", "620523", "620524", "620525"}}};
    for (const char* m : {"PICC", "PAIC", "CPIC", "LNRB"}) z.members.push_back({m, m});
    for (const char* m : {"PICC", "PAIC", "CPIC"})
        for (const char* r : {"621200", "620500"})
            z.branches.push_back({std::string(m) + "-" + r, m, r});
    z.branches.push_back({"LNRB-621200", "LNRB", "621200"});
    // The segments the samples use; the shipped list is checked in phone_test.cpp.
    z.mobile = {"test", {"130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
                         "150", "151", "152", "155", "158", "166", "180", "186", "189", "199"}};
    return z;
}

/// Situations 1–20 listed, 21 and 99 not; limits at their defaults (10000/2000/100/2000).
inline fast_settle::rulebook demo_rulebook() {
    fast_settle::rulebook r;
    r.table.version = "test-2026.1";
    r.table.sha256 = std::string(64, 'a');
    for (int code = 1; code <= 21; ++code)
        r.table.entries.push_back({code, "情形", "situation", code <= 20});
    r.table.entries.push_back({99, "其他情形", "other (free text)", false});
    return r;
}

/// True when a decoder's result holds an error with that path and code, and a message.
template <class Decoded>
bool has_error(const Decoded& d, std::string_view path, std::string_view code) {
    return std::any_of(d.errors.begin(), d.errors.end(), [&](const auto& e) {
        return e.path == path && e.code == code && !e.message.empty();
    });
}

/// A decoder's errors, one per line, for test output.
template <class Decoded>
std::string describe(const Decoded& d) {
    std::string out;
    for (const auto& e : d.errors) out += e.path + " " + e.code + " (" + e.message + ")\n";
    return out;
}

/// `unit` written `n` times: overlong fields.
inline std::string repeat(std::string_view unit, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += unit;
    return out;
}

}  // namespace crossclaim::test_fixtures
