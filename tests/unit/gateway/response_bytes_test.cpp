// The bytes of a response, read back by Beast's HTTP parser as a client's library would.

#include "gateway/response_bytes.hpp"

#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace crossclaim::gateway;
namespace http = boost::beast::http;

namespace {

http::response<http::string_body> parse(const std::string& bytes) {
    http::response_parser<http::string_body> p;
    p.eager(true);
    boost::system::error_code ec;
    const auto used = p.put(boost::asio::buffer(bytes), ec);
    INFO(bytes);
    REQUIRE_FALSE(ec);
    if (!p.is_done()) {
        p.put_eof(ec);
        REQUIRE_FALSE(ec);
    }
    REQUIRE(p.is_done());
    REQUIRE(used == bytes.size());  // nothing after the message
    return p.release();
}

std::vector<std::string> values(const http::response<http::string_body>& m, std::string_view name) {
    std::vector<std::string> out;
    const auto [first, last] = m.base().equal_range(name);
    for (auto f = first; f != last; ++f) out.emplace_back(f->value());
    return out;
}

}  // namespace

TEST_CASE("an API answer carries its body, its length and the security headers",
          "[gateway][response]") {
    const response r{200, "application/json", R"({"status":"up"})", {}};
    const auto m = parse(response_bytes(r, "req-1", listener::api, true));
    CHECK(m.result_int() == 200);
    CHECK(m.reason() == "OK");
    CHECK(m.version() == 11);
    CHECK(m.body() == R"({"status":"up"})");
    CHECK(m[http::field::content_length] == "15");
    CHECK(m[http::field::content_type] == "application/json");
    CHECK(m[http::field::server] == "crossclaim");
    CHECK(m["X-Request-Id"] == "req-1");
    CHECK(m["X-Content-Type-Options"] == "nosniff");
    CHECK(m["X-Frame-Options"] == "DENY");
    CHECK(m[http::field::strict_transport_security] == "max-age=31536000");
    CHECK(m[http::field::cache_control] == "no-store");
    CHECK(m.keep_alive());
    CHECK(m.count("Content-Security-Policy") == 0);  // the console's only
}

TEST_CASE("a response's own header replaces the default of that name, and repeats stay",
          "[gateway][response]") {
    const response r{200,
                     "text/html; charset=utf-8",
                     "<p>x</p>",
                     {{"cache-control", "no-cache"},
                      {"ETag", "\"abc\""},
                      {"Set-Cookie", "a=1"},
                      {"Set-Cookie", "b=2"}}};
    const auto m = parse(response_bytes(r, "req-2", listener::console, true));
    CHECK(values(m, "Cache-Control") == std::vector<std::string>{"no-cache"});
    CHECK(m[http::field::etag] == "\"abc\"");
    CHECK(values(m, "Set-Cookie") == std::vector<std::string>{"a=1", "b=2"});
    CHECK(m["Content-Security-Policy"].find("script-src 'self'") != std::string::npos);
    CHECK(m["Referrer-Policy"] == "no-referrer");
    // HTML is not a data answer: no default no-store, and the handler's value is the only one.
    const auto plain =
        parse(response_bytes({200, "text/html", "", {}}, "r", listener::console, true));
    CHECK(plain.count(http::field::cache_control) == 0);
}

TEST_CASE("a closing answer says so, and 204 and 304 carry no length and no body",
          "[gateway][response]") {
    const auto closing =
        parse(response_bytes({429, "application/problem+json", "{}", {{"Retry-After", "3"}}}, "r",
                             listener::api, false));
    CHECK(closing.result_int() == 429);
    CHECK(closing.reason() == "Too Many Requests");
    CHECK_FALSE(closing.keep_alive());
    CHECK(closing[http::field::retry_after] == "3");
    CHECK(closing.body() == "{}");

    for (const int status : {204, 304}) {
        const auto bytes = response_bytes({status, "application/json", "", {{"ETag", "\"e\""}}},
                                          "r", listener::console, true);
        CHECK(bytes.find("Content-Length") == std::string::npos);
        CHECK(bytes.substr(bytes.size() - 4) == "\r\n\r\n");  // the header's end is the end
        const auto m = parse(bytes);
        CHECK(static_cast<int>(m.result_int()) == status);
        CHECK(m.body().empty());
        CHECK(m.keep_alive());
    }
}

TEST_CASE("a line break in a header value cannot start another header", "[gateway][response]") {
    const auto m = parse(response_bytes(
        {201, "application/json", "{}", {{"Location", "/v1/x\r\nSet-Cookie: evil=1"}}}, "r",
        listener::api, true));
    CHECK(m.count("Set-Cookie") == 0);
    CHECK(m[http::field::location] == "/v1/x  Set-Cookie: evil=1");
}
