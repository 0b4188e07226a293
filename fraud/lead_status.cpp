#include "fraud/lead_status.hpp"

#include <array>
#include <utility>

namespace crossclaim::fraud {
namespace {

constexpr std::array<std::pair<lead_status, std::string_view>, 6> names{{
    {lead_status::new_lead, "NEW"},
    {lead_status::assigned, "ASSIGNED"},
    {lead_status::investigating, "INVESTIGATING"},
    {lead_status::confirmed, "CONFIRMED"},
    {lead_status::dismissed, "DISMISSED"},
    {lead_status::merged, "MERGED"},
}};

}  // namespace

std::string_view to_string(lead_status s) {
    for (const auto& [v, n] : names)
        if (v == s) return n;
    return "NEW";
}

std::optional<lead_status> parse_lead_status(std::string_view text) {
    for (const auto& [v, n] : names)
        if (n == text) return v;
    return std::nullopt;
}

bool can_move(lead_status from, lead_status to) {
    using enum lead_status;
    switch (from) {
        case new_lead:
            return to == assigned;
        case assigned:
            return to == investigating;
        case investigating:
            return to == confirmed || to == dismissed;
        default:
            return false;
    }
}

domain::money reward_for(domain::money confirmed, int share_basis_points) {
    return domain::money{confirmed.fen * share_basis_points / 10'000};
}

}  // namespace crossclaim::fraud
