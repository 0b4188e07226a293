#pragma once
// The zone: which prefectures take part, which insurers are members and where their
// city-level branches are. Everything routing needs is data here, so adding a region is a
// config change, never a code change.

#include <string>
#include <string_view>
#include <vector>

#include "domain/phone.hpp"

namespace crossclaim::domain {

/// A member prefecture, by its GB/T 2260 code ("621200").
struct region {
    std::string code;
    std::string name;
    std::vector<std::string> counties;  ///< its county-level codes (GB/T 2260), from config
};

/// A member insurer ("PICC").
struct member {
    std::string code;
    std::string name;
};

/// An organisation that is not an insurer: the anti-fraud committee ("AFC", role
/// "investigator") or an insurance association ("LNIA", role "association").
struct organisation {
    std::string code;
    std::string name;
    std::string role;
};

/// A member's city-level branch in one region ("PICC-621200").
struct branch {
    std::string code;
    std::string member;
    std::string region;
};

/// The zone's membership. Immutable once loaded from config.
struct zone {
    std::string name;
    std::vector<region> regions;
    std::vector<member> members;
    std::vector<branch> branches;
    std::vector<organisation> organisations;
    /// The numbering plan intake checks phones against (config/mobile_segments.toml).
    mobile_segments mobile;

    /// True when `code` is one of the zone's member prefectures.
    bool is_member_region(std::string_view code) const;
    /// True when `county` is one of the listed counties of the member region `region`.
    bool has_county(std::string_view region, std::string_view county) const;
    /// True when `code` is a member insurer.
    bool is_member(std::string_view code) const;
    /// True when `code` is an organisation configured with `role`.
    bool has_organisation(std::string_view code, std::string_view role) const;
    /// True when `code` names a member or an organisation of any role.
    bool knows(std::string_view code) const;
    /// The member's branch in the region, or nullptr when it has none there.
    const branch* find_branch(std::string_view member, std::string_view region) const;
    /// The branch with that code, or nullptr.
    const branch* find_branch(std::string_view code) const;
    /// True when the member has a branch in every region of the zone.
    bool has_branch_in_every_region(std::string_view member) const;
};

/// The prefecture part of a region code: its first four digits.
std::string_view prefecture_of(std::string_view region_code);

/// True for a 6-digit code of a prefecture: ends in "00" but is not a province ("620000").
bool is_prefecture_code(std::string_view code);

/// True when the county code ("621202") lies in the prefecture `region` ("621200").
bool county_in_region(std::string_view county, std::string_view region);

}  // namespace crossclaim::domain
