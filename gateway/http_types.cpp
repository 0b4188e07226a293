#include "gateway/http_types.hpp"

#include <boost/json.hpp>
#include <map>

namespace crossclaim::gateway {

std::optional<std::string> request::param(const std::string& name) const {
    const auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
}

std::string problem_type(int status) {
    static const std::map<int, std::string_view> kinds = {
        {400, "malformed"},          {401, "unauthenticated"},
        {403, "forbidden"},          {404, "not-found"},
        {405, "method-not-allowed"}, {409, "conflict"},
        {413, "too-large"},          {415, "unsupported-media-type"},
        {422, "validation"},         {423, "locked"},
        {429, "rate-limited"},       {431, "headers-too-large"},
        {500, "internal"},           {503, "unavailable"}};
    const auto it = kinds.find(status);
    if (it == kinds.end()) return "about:blank";
    return "urn:crossclaim:problem:" + std::string(it->second);
}

response problem(int status, std::string_view title, std::string_view detail,
                 const std::vector<field_error>& errors) {
    boost::json::object o;
    o["type"] = problem_type(status);
    o["title"] = title;
    o["status"] = status;
    o["detail"] = detail;
    if (!errors.empty()) {
        boost::json::array arr;
        for (const auto& e : errors)
            arr.push_back(
                boost::json::object{{"path", e.path}, {"code", e.code}, {"message", e.message}});
        o["errors"] = std::move(arr);
    }
    return response{status, "application/problem+json", boost::json::serialize(o), {}};
}

response body_rejected(bool malformed, const std::vector<field_error>& errors) {
    if (malformed) return problem(400, "Bad Request", "the body is not valid JSON", errors);
    return problem(422, "Unprocessable Content", "the request body has invalid content", errors);
}

response query_rejected(const std::vector<field_error>& errors) {
    return problem(422, "Unprocessable Content", "invalid query parameter", errors);
}

response json_response(int status, std::string body) {
    return response{status, "application/json", std::move(body), {}};
}

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
                   hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}
}  // namespace

std::map<std::string, std::string> parse_query(std::string_view q) {
    std::map<std::string, std::string> out;
    while (!q.empty()) {
        const auto amp = q.find('&');
        const auto pair = q.substr(0, amp);
        if (!pair.empty()) {
            const auto eq = pair.find('=');
            out[percent_decode(pair.substr(0, eq))] =
                eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1));
        }
        if (amp == std::string_view::npos) break;
        q.remove_prefix(amp + 1);
    }
    return out;
}

}  // namespace crossclaim::gateway
