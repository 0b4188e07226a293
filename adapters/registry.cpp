// The adapters the gateway knows, by the name branches use in config.

#include <map>

#include "adapters/adapter.hpp"
#include "adapters/json_webhook.hpp"
#include "adapters/pull.hpp"
#include "adapters/xml_legacy.hpp"

namespace crossclaim::adapters {
namespace {

const std::map<std::string_view, const adapter*>& registry() {
    static const json_webhook json;
    static const xml_legacy xml;
    static const pull inbox;
    static const std::map<std::string_view, const adapter*> all = {
        {"json_webhook", &json},
        {"xml_legacy", &xml},
        {"pull", &inbox},
    };
    return all;
}

}  // namespace

const adapter* find(std::string_view name) {
    const auto it = registry().find(name);
    return it == registry().end() ? nullptr : it->second;
}

std::vector<std::string_view> names() {
    std::vector<std::string_view> out;
    for (const auto& [name, a] : registry()) out.push_back(name);
    return out;
}

}  // namespace crossclaim::adapters
