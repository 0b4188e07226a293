#include "privacy/personal_fields.hpp"

#include <boost/json.hpp>

#include "privacy/keyring.hpp"

namespace crossclaim::privacy {
namespace {

namespace bj = boost::json;

// A key holds a personal identifier: "name" only as a driver's (a repair shop's is not).
bool personal(std::string_view parent, std::string_view key) {
    if (key == "name") return parent == "driver";
    return key == "plate" || key == "vin" || key == "id_number" || key == "phone" ||
           key == "payee_account";
}

template <typename Change>
void walk(bj::value& v, std::string_view parent, const Change& change) {
    if (auto* o = v.if_object()) {
        for (auto& [key, child] : *o) {
            if (child.is_string() && personal(parent, key)) {
                auto& s = child.get_string();
                if (!s.empty()) s = change(std::string_view(key), std::string_view(s));
            } else {
                walk(child, key, change);
            }
        }
    } else if (auto* a = v.if_array()) {
        for (auto& child : *a) walk(child, parent, change);
    }
}

}  // namespace

std::string seal_personal_fields(const keyring& keys, std::string_view json) {
    // One arena for the document's values, freed at once: parsing allocated value by value.
    bj::monotonic_resource arena;
    auto v = bj::parse(json, &arena);
    walk(v, "",
         [&](std::string_view key, std::string_view plain) { return keys.seal(key, plain); });
    return bj::serialize(v);
}

std::string open_personal_fields(const keyring& keys, std::string_view json) {
    bj::monotonic_resource arena;
    auto v = bj::parse(json, &arena);
    walk(v, "", [&](std::string_view key, std::string_view stored) {
        return keys.open(key, stored).value_or(std::string(stored));
    });
    return bj::serialize(v);
}

}  // namespace crossclaim::privacy
