#pragma once
// Mainland mobile numbers as integrators send them, and whether their segment (号段) is one
// the MIIT allocated to mobiles. Pure: the segment list is data (config/mobile_segments.toml)
// that the config loader reads and hands in, so a new segment is a data change, not a build.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crossclaim::domain {

/// The 11 national digits of a mainland mobile number written as integrators do
/// ("+86 138 0000 0000", "0086-138…", "8613800000000", "(138) 0000-0000"), or nullopt.
/// Spaces, '-', '(' and ')' are dropped anywhere; then a leading "+86", "0086" or "86" is
/// dropped when eleven digits starting with "1" follow it. What is left must be exactly
/// that. It says nothing about the segment: see mobile_segments::allocated.
std::optional<std::string> normalise_phone(std::string_view raw);

/// True when p can stand in a segment list: 3 to 11 digits, the first "1".
bool valid_segment_prefix(std::string_view p);

/// The number prefixes allocated to mobile services, as read from the segment data.
struct mobile_segments {
    /// The data's own version, logged at start-up and kept with each verdict's audit.
    std::string version;
    /// Leading digits of allocated numbers, of varying length ("138", "1610", "17400"); each
    /// passes valid_segment_prefix (the loader refuses the file otherwise).
    std::vector<std::string> prefixes;

    /// True when eleven_digits is 11 digits that start with one of the prefixes.
    bool allocated(std::string_view eleven_digits) const;
};

}  // namespace crossclaim::domain
