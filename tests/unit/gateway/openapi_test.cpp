// The OpenAPI document (api/openapi.yaml, built in as JSON) and the route table agree: every
// route is documented with its method, path, roles and listener, and every documented
// operation is a route. The console's copies of the association's and investigators' /v1
// routes (/console/api/…) are documented once, under /v1, as served on both listeners.

#include "gateway/openapi.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "gateway/router.hpp"

using namespace crossclaim::gateway;
namespace bj = boost::json;

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view name_of(listener l) { return l == listener::api ? "api" : "console"; }

std::set<std::string> role_names(const role_set& roles) {
    std::set<std::string> out;
    for (auto r : {role::insurer, role::investigator, role::association})
        if (roles.contains(r)) out.emplace(to_string(r));
    return out;
}

std::set<std::string> strings(const bj::value* v) {
    std::set<std::string> out;
    if (v && v->is_array())
        for (const auto& s : v->as_array()) out.emplace(s.as_string());
    return out;
}

// Where the document describes a route: its own path, or the /v1 path a console copy serves.
std::string documented_path(const route& r) {
    constexpr std::string_view console_api = "/console/api/";
    const std::string pattern(r.pattern);
    if (r.listener != listener::console || !pattern.starts_with(console_api)) return pattern;
    const auto v1 = "/v1/" + pattern.substr(console_api.size());
    for (const auto& other : routes())
        if (other.listener == listener::api && other.method == r.method && other.pattern == v1)
            return v1;
    return pattern;
}

}  // namespace

TEST_CASE("the OpenAPI document is OpenAPI 3.1 JSON", "[unit][openapi]") {
    const auto doc = bj::parse(openapi_json()).as_object();
    CHECK(doc.at("openapi").as_string() == "3.1.0");
    CHECK(doc.at("paths").as_object().size() > 30);
}

TEST_CASE("every route is in the OpenAPI document with its method, path, roles and listener",
          "[unit][openapi]") {
    const auto doc = bj::parse(openapi_json()).as_object();
    const auto& paths = doc.at("paths").as_object();
    for (const auto& r : routes()) {
        const auto path = documented_path(r);
        INFO(r.method << " " << r.pattern << " on " << name_of(r.listener) << " → " << path);
        const auto* item = paths.if_contains(path);
        REQUIRE(item);
        const auto* op = item->as_object().if_contains(lower(r.method));
        REQUIRE(op);
        CHECK(strings(op->as_object().if_contains("x-crossclaim-roles")) == role_names(r.roles));
        CHECK(strings(op->as_object().if_contains("x-crossclaim-listeners"))
                  .contains(std::string(name_of(r.listener))));
    }
}

TEST_CASE("every operation of the OpenAPI document is a route on each listener it names",
          "[unit][openapi]") {
    const auto doc = bj::parse(openapi_json()).as_object();
    std::set<std::string> served;  // "get /v1/leads console"
    for (const auto& r : routes())
        served.insert(lower(r.method) + " " + documented_path(r) + " " +
                      std::string(name_of(r.listener)));
    int operations = 0;
    for (const auto& [path, item] : doc.at("paths").as_object()) {
        for (const auto& [method, op] : item.as_object()) {
            if (!op.is_object() || !op.as_object().contains("responses")) continue;
            ++operations;
            const auto listeners = strings(op.as_object().if_contains("x-crossclaim-listeners"));
            INFO(method << " " << path);
            CHECK_FALSE(listeners.empty());
            for (const auto& l : listeners)
                CHECK(served.contains(std::string(method) + " " + std::string(path) + " " + l));
        }
    }
    CHECK(operations >= 30);
}
