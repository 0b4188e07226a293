#include "fraud/screening.hpp"

#include <array>

namespace crossclaim::fraud {
namespace {

struct kind_name {
    id_kind kind;
    std::string_view name;
};

// One table for both directions, so a kind added to the enum needs one line here.
constexpr std::array<kind_name, 7> kind_names{{
    {id_kind::plate, "plate"},
    {id_kind::vin, "vin"},
    {id_kind::id_number, "id_number"},
    {id_kind::phone, "phone"},
    {id_kind::account, "account"},
    {id_kind::shop, "shop"},
    {id_kind::evidence, "evidence"},
}};

}  // namespace

std::string_view to_string(id_kind k) {
    for (const auto& entry : kind_names)
        if (entry.kind == k) return entry.name;
    return "";
}

std::optional<id_kind> id_kind_from(std::string_view name) {
    for (const auto& entry : kind_names)
        if (entry.name == name) return entry.kind;
    return std::nullopt;
}

}  // namespace crossclaim::fraud
