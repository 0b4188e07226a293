#include "gateway/http_types.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

using namespace crossclaim::gateway;
namespace bj = boost::json;

TEST_CASE("parse_query decodes %XX escapes in names and values", "[http]") {
    const auto q = parse_query("name=x%20y&a%26b=%2F%3d");
    CHECK(q.size() == 2);
    CHECK(q.at("name") == "x y");
    CHECK(q.at("a&b") == "/=");
}

TEST_CASE("parse_query decodes + as a space", "[http]") {
    const auto q = parse_query("q=rear+end+collision");
    CHECK(q.at("q") == "rear end collision");
}

TEST_CASE("parse_query keeps a malformed or truncated escape as it is", "[http]") {
    const auto q = parse_query("a=100%&b=%zz&c=%2");
    CHECK(q.at("a") == "100%");
    CHECK(q.at("b") == "%zz");
    CHECK(q.at("c") == "%2");
}

TEST_CASE("parse_query gives a name without '=' an empty value", "[http]") {
    const auto q = parse_query("verbose&limit=10");
    REQUIRE(q.count("verbose") == 1);
    CHECK(q.at("verbose").empty());
    CHECK(q.at("limit") == "10");
}

TEST_CASE("parse_query skips empty pairs", "[http]") {
    const auto q = parse_query("&&a=1&&b=2&");
    CHECK(q.size() == 2);
    CHECK(q.at("a") == "1");
    CHECK(q.at("b") == "2");
    CHECK(parse_query("").empty());
    CHECK(parse_query("&").empty());
}

TEST_CASE("parse_query keeps the last value of a repeated name", "[http]") {
    const auto q = parse_query("a=1&a=2");
    CHECK(q.size() == 1);
    CHECK(q.at("a") == "2");
}

TEST_CASE("parse_query splits a pair at its first '='", "[http]") {
    const auto q = parse_query("expr=a=b");
    CHECK(q.at("expr") == "a=b");
}

TEST_CASE("request::param returns a query value or nullopt", "[http]") {
    request r;
    r.query = parse_query("limit=10");
    CHECK(r.param("limit") == std::optional<std::string>("10"));
    CHECK_FALSE(r.param("offset"));
}

TEST_CASE("problem() is application/problem+json with type, title, status and detail", "[http]") {
    const auto r = problem(409, "Conflict", "external_ref already used with another body");
    CHECK(r.status == 409);
    CHECK(r.content_type == "application/problem+json");
    const auto body = bj::parse(r.body).as_object();
    CHECK(body.at("type").is_string());
    CHECK_FALSE(body.at("type").as_string().empty());
    CHECK(body.at("title").as_string() == "Conflict");
    CHECK(body.at("status").as_int64() == 409);
    CHECK(body.at("detail").as_string() == "external_ref already used with another body");
}

TEST_CASE("problem() has no errors array when no field errors are given", "[http]") {
    const auto body = bj::parse(problem(400, "Bad Request", "malformed JSON").body).as_object();
    CHECK_FALSE(body.contains("errors"));
}

TEST_CASE("problem() lists every field error with path, code and message in order", "[http]") {
    const auto r = problem(422, "Unprocessable Content", "2 problems",
                           {{"/parties/0/vehicle/plate", "INVALID_PLATE", "not a plate"},
                            {"/accident/region", "UNKNOWN_REGION", "not in the zone"}});
    CHECK(r.status == 422);
    const auto body = bj::parse(r.body).as_object();
    const auto& errors = body.at("errors").as_array();
    REQUIRE(errors.size() == 2);
    const auto& first = errors[0].as_object();
    CHECK(first.at("path").as_string() == "/parties/0/vehicle/plate");
    CHECK(first.at("code").as_string() == "INVALID_PLATE");
    CHECK(first.at("message").as_string() == "not a plate");
    CHECK(errors[1].as_object().at("code").as_string() == "UNKNOWN_REGION");
}

TEST_CASE("problem() escapes text so that the body stays valid JSON", "[http]") {
    const auto r = problem(422, "Unprocessable \"Content\"", "line\nbreak \\ and \"quotes\"");
    const auto body = bj::parse(r.body).as_object();
    CHECK(body.at("title").as_string() == "Unprocessable \"Content\"");
    CHECK(body.at("detail").as_string() == "line\nbreak \\ and \"quotes\"");
}

TEST_CASE("json_response keeps status and body as application/json", "[http]") {
    const auto r = json_response(201, R"({"claim_id":"x"})");
    CHECK(r.status == 201);
    CHECK(r.content_type == "application/json");
    CHECK(r.body == R"({"claim_id":"x"})");
}

TEST_CASE("a problem names its type by status, so clients need not parse titles", "[http]") {
    using crossclaim::gateway::problem;
    const auto r = problem(422, "Unprocessable Content", "bad", {{"/a", "INVALID", "why"}});
    CHECK(r.body.find(R"("type":"urn:crossclaim:problem:validation")") != std::string::npos);
    CHECK(crossclaim::gateway::problem_type(409) == "urn:crossclaim:problem:conflict");
    CHECK(crossclaim::gateway::problem_type(429) == "urn:crossclaim:problem:rate-limited");
    CHECK(crossclaim::gateway::problem_type(503) == "urn:crossclaim:problem:unavailable");
    CHECK(crossclaim::gateway::problem_type(418) == "about:blank");
}
