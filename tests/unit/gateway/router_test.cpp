#include "gateway/router.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <tuple>

using namespace crossclaim::gateway;

namespace {

response dummy_a(const handler_context&) { return json_response(200, "a"); }
response dummy_b(const handler_context&) { return json_response(200, "b"); }

// A small table, independent of the gateway's own routes.
const std::vector<route>& test_table() {
    static const std::vector<route> table = {
        {"GET", "/v1/claims", listener::api, {role::insurer}, true, dummy_a},
        {"POST", "/v1/claims", listener::api, {role::insurer}, true, dummy_b},
        {"GET", "/v1/claims/{claim_id}", listener::api, {role::insurer}, true, dummy_a},
        {"PUT",
         "/v1/claims/{claim_id}/parties/{role}",
         listener::api,
         {role::insurer},
         true,
         dummy_b},
        {"GET", "/v1/claims/summary", listener::api, {role::association}, true, dummy_b},
        {"GET", "/console/", listener::console, {}, false, dummy_a},
        {"POST", "/console/api/login", listener::console, {}, true, dummy_b},
    };
    return table;
}

const route& entry(std::size_t i) { return test_table().at(i); }

}  // namespace

TEST_CASE("a literal path matches the route with that method", "[router]") {
    const auto m = match(test_table(), listener::api, "POST", "/v1/claims");
    CHECK(m.found == &entry(1));
    CHECK(m.path_known);
    CHECK(m.path_params.empty());
}

TEST_CASE("a {param} segment matches any one segment and its value is extracted", "[router]") {
    const auto m = match(test_table(), listener::api, "GET", "/v1/claims/CC-2026-0001");
    CHECK(m.found == &entry(2));
    CHECK(m.path_params == std::map<std::string, std::string>{{"claim_id", "CC-2026-0001"}});
}

TEST_CASE("several {param} segments are all extracted by name", "[router]") {
    const auto m = match(test_table(), listener::api, "PUT", "/v1/claims/C1/parties/B");
    CHECK(m.found == &entry(3));
    CHECK(m.path_params == std::map<std::string, std::string>{{"claim_id", "C1"}, {"role", "B"}});
}

TEST_CASE("a {param} segment does not match more or fewer segments", "[router]") {
    CHECK_FALSE(match(test_table(), listener::api, "GET", "/v1/claims/C1/extra").path_known);
    CHECK_FALSE(match(test_table(), listener::api, "PUT", "/v1/claims/C1/parties").path_known);
}

TEST_CASE("the first route of the table wins when a literal and a {param} both match", "[router]") {
    // "/v1/claims/summary" is declared after "/v1/claims/{claim_id}": the table order decides.
    const auto m = match(test_table(), listener::api, "GET", "/v1/claims/summary");
    CHECK(m.found == &entry(2));
    CHECK(m.path_params.at("claim_id") == "summary");
}

TEST_CASE("a known path with another method is path_known with the Allow list", "[router]") {
    const auto m = match(test_table(), listener::api, "DELETE", "/v1/claims");
    CHECK(m.found == nullptr);
    CHECK(m.path_known);
    CHECK(m.allowed == "GET, POST");
    CHECK(m.path_params.empty());
}

TEST_CASE("a wrong method on a {param} path lists the methods of that path only", "[router]") {
    const auto m = match(test_table(), listener::api, "POST", "/v1/claims/C1");
    CHECK(m.found == nullptr);
    CHECK(m.path_known);
    CHECK(m.allowed == "GET");
}

TEST_CASE("an unknown path is not known and allows nothing", "[router]") {
    const auto m = match(test_table(), listener::api, "GET", "/v2/claims");
    CHECK(m.found == nullptr);
    CHECK_FALSE(m.path_known);
    CHECK(m.allowed.empty());
    CHECK_FALSE(match(test_table(), listener::api, "GET", "/").path_known);
    CHECK_FALSE(match(test_table(), listener::api, "GET", "").path_known);
}

TEST_CASE("methods are matched exactly, case included", "[router]") {
    const auto m = match(test_table(), listener::api, "get", "/v1/claims");
    CHECK(m.found == nullptr);
    CHECK(m.path_known);
}

TEST_CASE("a console route is not matched on the api listener and vice versa", "[router]") {
    const auto on_api = match(test_table(), listener::api, "POST", "/console/api/login");
    CHECK(on_api.found == nullptr);
    CHECK_FALSE(on_api.path_known);

    const auto on_console = match(test_table(), listener::console, "POST", "/console/api/login");
    CHECK(on_console.found == &entry(6));

    const auto api_on_console = match(test_table(), listener::console, "GET", "/v1/claims");
    CHECK(api_on_console.found == nullptr);
    CHECK_FALSE(api_on_console.path_known);
}

TEST_CASE("a trailing slash is part of the path", "[router]") {
    CHECK(match(test_table(), listener::console, "GET", "/console/").found == &entry(5));
    CHECK_FALSE(match(test_table(), listener::console, "GET", "/console").path_known);
    CHECK(match(test_table(), listener::api, "GET", "/v1/claims").found == &entry(0));
    CHECK_FALSE(match(test_table(), listener::api, "GET", "/v1/claims/").path_known);
}

TEST_CASE("role_set contains exactly the roles it was built from", "[router]") {
    constexpr role_set investigators{role::investigator};
    CHECK(investigators.contains(role::investigator));
    CHECK_FALSE(investigators.contains(role::insurer));
    CHECK_FALSE(investigators.contains(role::association));
    CHECK_FALSE(investigators.empty());

    constexpr role_set two{role::insurer, role::association};
    CHECK(two.contains(role::insurer));
    CHECK(two.contains(role::association));
    CHECK_FALSE(two.contains(role::investigator));
}

TEST_CASE("an empty role_set is empty and contains no role", "[router]") {
    constexpr role_set none{};
    CHECK(none.empty());
    CHECK_FALSE(none.contains(role::insurer));
    CHECK_FALSE(none.contains(role::investigator));
    CHECK_FALSE(none.contains(role::association));
}

TEST_CASE("role_set::all contains every role", "[router]") {
    constexpr auto all = role_set::all();
    CHECK_FALSE(all.empty());
    CHECK(all.contains(role::insurer));
    CHECK(all.contains(role::investigator));
    CHECK(all.contains(role::association));
}

TEST_CASE("every route of the gateway has a pattern starting with '/' and exactly one handler",
          "[router][routes]") {
    REQUIRE_FALSE(routes().empty());
    for (const auto& r : routes()) {
        INFO(r.method << " " << r.pattern);
        REQUIRE_FALSE(r.pattern.empty());
        CHECK(r.pattern.front() == '/');
        CHECK_FALSE(r.method.empty());
        // A database route's handler runs on a database thread, or (`pipelined`) on the I/O
        // thread through its pipelined connection; never both.
        CHECK((r.handler != nullptr) != (r.pipelined != nullptr));
        if (r.pipelined) CHECK(r.needs_db);
    }
}

TEST_CASE("no two gateway routes share listener, method and pattern", "[router][routes]") {
    std::set<std::tuple<listener, std::string_view, std::string_view>> seen;
    for (const auto& r : routes()) {
        INFO(r.method << " " << r.pattern);
        CHECK(seen.emplace(r.listener, r.method, r.pattern).second);
    }
}

TEST_CASE("every gateway route is reached by matching its own pattern", "[router][routes]") {
    // A route shadowed by an earlier one could never be called.
    for (const auto& r : routes()) {
        INFO(r.method << " " << r.pattern);
        const auto m = match(routes(), r.listener, r.method, r.pattern);
        CHECK(m.found == &r);
    }
}

TEST_CASE("investigator routes do not admit the insurer role", "[router][routes]") {
    int investigator_routes = 0;
    for (const auto& r : routes()) {
        if (!r.pattern.starts_with("/v1/leads") && !r.pattern.starts_with("/v1/entities")) continue;
        ++investigator_routes;
        INFO(r.method << " " << r.pattern);
        CHECK(r.listener == listener::api);
        CHECK(r.roles.contains(role::investigator));
        CHECK_FALSE(r.roles.contains(role::insurer));
    }
    CHECK(investigator_routes >= 3);
}

TEST_CASE("/healthz is served on both listeners without an identity", "[router][routes]") {
    for (auto l : {listener::api, listener::console}) {
        const auto m = match(routes(), l, "GET", "/healthz");
        REQUIRE(m.found != nullptr);
        CHECK(m.found->roles.empty());
        CHECK_FALSE(m.found->needs_db);
    }
}

TEST_CASE("/metrics needs an identity of some role", "[router][routes]") {
    const auto m = match(routes(), listener::api, "GET", "/metrics");
    REQUIRE(m.found != nullptr);
    CHECK_FALSE(m.found->roles.empty());
    CHECK_FALSE(match(routes(), listener::console, "GET", "/metrics").path_known);
}
