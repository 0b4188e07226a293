#pragma once
// Who is calling. TLS hands request logic an immutable identity taken from the verified
// client certificate's subject: O = member code, OU = role, CN = system or person.

#include <optional>
#include <string>
#include <string_view>

#include "domain/zone.hpp"

namespace crossclaim::gateway {

enum class role { insurer, investigator, association };

/// "insurer", "investigator", "association".
std::string_view to_string(role r);
/// The role named by a certificate's OU, or nullopt.
std::optional<role> parse_role(std::string_view ou);

/// The verified caller.
struct peer_identity {
    std::string member;  ///< O
    gateway::role role;  ///< OU
    std::string name;    ///< CN
};

/// Maps a certificate subject to an identity; nullopt when O or CN is empty or OU is not a
/// known role (such a caller is refused with 403 on every route).
std::optional<peer_identity> identity_from_subject(std::string_view o, std::string_view ou,
                                                   std::string_view cn);

/// Why the zone does not know the caller's organisation for its role (API.md,
/// "Organisations"), or nullopt when it does: an insurer must be a configured member, an
/// investigator or association an organisation configured with that role.
std::optional<std::string> unknown_organisation(const peer_identity& id, const domain::zone& zone);

}  // namespace crossclaim::gateway
