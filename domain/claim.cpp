#include "domain/claim.hpp"

namespace crossclaim::domain {

bool cover::in_force_at(instant t) const {
    const date day = shanghai_day(t);
    return start <= day && day <= end;
}

const party* claim::find_party(std::string_view role) const {
    for (const auto& p : parties)
        if (p.role == role) return &p;
    return nullptr;
}

}  // namespace crossclaim::domain
