#include "gateway/identity.hpp"

namespace crossclaim::gateway {

std::string_view to_string(role r) {
    switch (r) {
        case role::insurer:
            return "insurer";
        case role::investigator:
            return "investigator";
        case role::association:
            return "association";
    }
    return "unknown";
}

std::optional<role> parse_role(std::string_view ou) {
    if (ou == "insurer") return role::insurer;
    if (ou == "investigator") return role::investigator;
    if (ou == "association") return role::association;
    return std::nullopt;
}

std::optional<peer_identity> identity_from_subject(std::string_view o, std::string_view ou,
                                                   std::string_view cn) {
    const auto r = parse_role(ou);
    if (!r || o.empty() || cn.empty()) return std::nullopt;
    return peer_identity{std::string(o), *r, std::string(cn)};
}

std::optional<std::string> unknown_organisation(const peer_identity& id,
                                                const domain::zone& zone) {
    if (id.role == role::insurer) {
        if (zone.is_member(id.member)) return std::nullopt;
        return "the certificate's organisation " + id.member + " is not a member insurer of the zone";
    }
    if (zone.has_organisation(id.member, to_string(id.role))) return std::nullopt;
    return "the certificate's organisation " + id.member + " is not configured with the role " +
           std::string(to_string(id.role));
}

}  // namespace crossclaim::gateway
