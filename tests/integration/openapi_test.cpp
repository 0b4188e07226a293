// The OpenAPI document on the wire: served to every role at /v1/openapi.json, drawn for people
// at /docs/ on the console listener, and its example claims are claims the gateway accepts.

#include "gateway/openapi.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace crossclaim::testing;
namespace bj = boost::json;

namespace {

// The example claims of POST /v1/claims, by name.
std::vector<std::pair<std::string, bj::object>> example_claims() {
    const auto doc = bj::parse(crossclaim::gateway::openapi_json()).as_object();
    const auto& media = doc.at("paths")
                            .at("/v1/claims")
                            .at("post")
                            .at("requestBody")
                            .at("content")
                            .at("application/json")
                            .as_object();
    std::vector<std::pair<std::string, bj::object>> out;
    for (const auto& [name, ref] : media.at("examples").as_object()) {
        const std::string pointer(ref.at("$ref").as_string());  // "#/components/examples/…"
        const auto& example =
            doc.at("components").at("examples").at(pointer.substr(pointer.rfind('/') + 1));
        out.emplace_back(std::string(name), example.at("value").as_object());
    }
    return out;
}

}  // namespace

TEST_CASE(
    "every example claim of the OpenAPI document is accepted by the fast-settle check and "
    "by intake",
    "[integration][openapi]") {
    test_pki pki;
    test_database db;
    gateway_process gw({db.url(), &pki});
    const auto examples = example_claims();
    REQUIRE(examples.size() >= 2);
    for (const auto& [name, claim] : examples) {
        INFO("example " << name);
        const std::string insurer(
            claim.at("parties").as_array()[0].at("policy").at("insurer").as_string());
        const auto cert = pki.issue(insurer, "insurer", "core");
        const auto body = bj::serialize(claim);
        const auto check =
            https(gw.api_port(), "POST", "/v1/fast-settle/check", cert, pki.ca(), body);
        CHECK(check.status == 200);
        INFO(check.body);
        const auto intake = https(gw.api_port(), "POST", "/v1/claims", cert, pki.ca(), body);
        CHECK(intake.status == 201);
        INFO(intake.body);
    }
}

TEST_CASE(
    "the OpenAPI document is served to every role and drawn at /docs/ under the console's "
    "CSP",
    "[integration][openapi]") {
    test_pki pki;
    test_database db;
    gateway_process gw({db.url(), &pki});
    for (const auto& [org, role] : std::vector<std::pair<std::string, std::string>>{
             {"PICC", "insurer"}, {"AFC", "investigator"}, {"LNIA", "association"}}) {
        const auto r =
            https(gw.api_port(), "GET", "/v1/openapi.json", pki.issue(org, role, "x"), pki.ca());
        INFO(role);
        CHECK(r.status == 200);
        CHECK(r.body == crossclaim::gateway::openapi_json());
    }
    const auto json = https(gw.console_port(), "GET", "/docs/openapi.json", std::nullopt, pki.ca());
    CHECK(json.status == 200);
    CHECK(json.body == crossclaim::gateway::openapi_json());
    CHECK_FALSE(json.header("etag").empty());

    const auto page = https(gw.console_port(), "GET", "/docs/", std::nullopt, pki.ca());
    REQUIRE(page.status == 200);
    CHECK(page.header("content-security-policy").find("unsafe-inline") == std::string::npos);
    CHECK(page.body.find("<script>") == std::string::npos);
    for (const char* file : {"/docs/vendor/swagger-ui-bundle.js", "/docs/vendor/swagger-ui.css",
                             "/docs/docs.js", "/docs/docs.css"})
        CHECK(https(gw.console_port(), "GET", file, std::nullopt, pki.ca()).status == 200);

    // Drawn in a real headless Chromium: every operation appears, with no error and no CSP
    // violation on the page.
    temp_dir logs;
    const std::string out = logs.path() + "/docs.log";
    const int code =
        run({"/usr/bin/env",
             "CC_DOCS_URL=https://127.0.0.1:" + std::to_string(gw.console_port()) + "/docs/",
             "node", source_dir() + "/tests/console/docs_e2e.mjs"},
            out);
    INFO(read_file(out));
    CHECK(code == 0);
}
