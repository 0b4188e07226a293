#pragma once
// Routing of each party's claim (DOMAIN.md, "Out-of-area claims and routing"): handled by
// the party's insurer's branch in the accident region; without one, by the underwriting
// branch, flagged NO_LOCAL_BRANCH. The underwriting branch is told of out-of-area claims.
// Everything comes from the zone's data: a third region is a config change.

#include <optional>
#include <string>
#include <vector>

#include "domain/claim.hpp"
#include "domain/zone.hpp"

namespace crossclaim::domain {

/// Where one party's claim goes.
struct party_route {
    std::string party;                ///< role
    std::string insurer;              ///< member code
    std::string underwriting_region;  ///< prefecture of the policy
    std::string handling_branch;      ///< the branch that handles the claim
    /// The underwriting branch when it must be notified (out of area, and not the handler).
    std::optional<std::string> notified_branch;
    bool out_of_area = false;
    std::vector<std::string> flags;  ///< NO_LOCAL_BRANCH, NO_UNDERWRITING_BRANCH
};

/// True when the accident happened in another prefecture than the one the policy is from.
/// Compares prefectures (6212xx vs 6205xx), never provinces: both zone regions are in 62.
bool is_out_of_area(std::string_view accident_region, std::string_view policy_region);

/// Routes every party of `c`. Each party's insurer must be a member with a branch.
std::vector<party_route> route_claim(const claim& c, const zone& z);

}  // namespace crossclaim::domain
