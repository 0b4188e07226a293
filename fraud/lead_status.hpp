#pragma once
// A lead's lifecycle: NEW → ASSIGNED → INVESTIGATING → CONFIRMED | DISMISSED. MERGED is set
// only by screening, when a claim connects two leads.

#include <optional>
#include <string_view>

#include "domain/money.hpp"

namespace crossclaim::fraud {

enum class lead_status { new_lead, assigned, investigating, confirmed, dismissed, merged };

/// "NEW", "ASSIGNED", …
std::string_view to_string(lead_status s);
/// The status named so, or nullopt.
std::optional<lead_status> parse_lead_status(std::string_view text);

/// True for the moves an investigator may make; every other move is refused (409).
bool can_move(lead_status from, lead_status to);

/// The reporting adjuster's reward: `share_basis_points` of the confirmed amount, in whole
/// fen rounded down.
domain::money reward_for(domain::money confirmed, int share_basis_points);

}  // namespace crossclaim::fraud
