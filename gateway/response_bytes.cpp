#include "gateway/response_bytes.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/status.hpp>
#include <string>
#include <vector>

namespace crossclaim::gateway {
namespace {

namespace http = boost::beast::http;

using header_field = std::pair<std::string_view, std::string_view>;

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// What every response carries: HTTPS only from now on, no content sniffing, no framing,
// and data answers are never cached. The console's pages also run under a policy that lets
// no inline script or style run.
void add_security_headers(std::vector<header_field>& out, std::string_view content_type,
                          listener kind) {
    out.emplace_back("X-Content-Type-Options", "nosniff");
    out.emplace_back("X-Frame-Options", "DENY");
    out.emplace_back("Strict-Transport-Security", "max-age=31536000");
    if (starts_with(content_type, "application/json") ||
        starts_with(content_type, "application/problem+json"))
        out.emplace_back("Cache-Control", "no-store");
    if (kind != listener::console) return;
    out.emplace_back("Content-Security-Policy",
                     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' "
                     "data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
                     "base-uri 'none'; form-action 'self'");
    out.emplace_back("Referrer-Policy", "no-referrer");
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
    out += name;
    out += ": ";
    const auto start = out.size();
    out += value;
    for (auto i = start; i < out.size(); ++i)
        if (out[i] == '\r' || out[i] == '\n') out[i] = ' ';
    out += "\r\n";
}

}  // namespace

std::string response_bytes(const response& r, std::string_view request_id, listener kind,
                           bool keep_alive) {
    std::vector<header_field> defaults;
    defaults.reserve(10);
    defaults.emplace_back("Server", "crossclaim");
    defaults.emplace_back("Content-Type", r.content_type);
    defaults.emplace_back("X-Request-Id", request_id);
    add_security_headers(defaults, r.content_type, kind);
    // The response's own headers replace the defaults of the same name, not each other.
    const auto overridden = [&](std::string_view name) {
        for (const auto& h : r.headers)
            if (boost::beast::iequals(h.first, name)) return true;
        return false;
    };
    // 1xx, 204 and 304 carry no body and no length.
    const bool bodiless = r.status / 100 == 1 || r.status == 204 || r.status == 304;

    std::string out;
    out.reserve(256 + r.body.size() + 64 * r.headers.size());
    out += "HTTP/1.1 ";
    out += std::to_string(r.status);
    out += ' ';
    out += http::obsolete_reason(static_cast<http::status>(r.status));
    out += "\r\n";
    for (const auto& [name, value] : defaults)
        if (!overridden(name)) append_field(out, name, value);
    for (const auto& [name, value] : r.headers) append_field(out, name, value);
    if (!bodiless) append_field(out, "Content-Length", std::to_string(r.body.size()));
    if (!keep_alive) append_field(out, "Connection", "close");
    out += "\r\n";
    if (!bodiless) out += r.body;
    return out;
}

}  // namespace crossclaim::gateway
