#pragma once
// Screening one claim against the pool: every enabled rule, in DOMAIN.md order, and the
// lead's score. Pure, like the rules: storage gathers the input and records the hits.

#include <vector>

#include "fraud/rule_settings.hpp"
#include "fraud/screening.hpp"

namespace crossclaim::fraud {

/// The hits of every enabled rule on `in.claim`, in the order of `rule_codes`. SHOP_CLUSTER
/// runs last and counts this claim as flagged when any other rule hit it.
std::vector<rule_hit> screen(const screening_input& in, const rule_settings& s);

/// The lead's score: the hits' weights added up, capped at 100 (never below 0).
int lead_score(const std::vector<rule_hit>& hits);

}  // namespace crossclaim::fraud
