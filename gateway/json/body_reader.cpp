#include "gateway/json/body_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <system_error>

#include "gateway/json/claim_json.hpp"  // malformed_json_code, which handlers already know

namespace crossclaim::gateway::json {
namespace {

namespace bj = boost::json;

// domain::parse_money takes at most 13 integer digits; numbers obey the same bound so that
// "1e13" and 10000000000000 fail alike and fen never overflows.
constexpr std::int64_t max_whole_yuan = 9'999'999'999'999;
constexpr double max_money_double = 1e13;

constexpr std::string_view too_large = "must be less than 10000000000000";
constexpr std::string_view negative = "must not be negative";
constexpr std::string_view two_decimals =
    "must be an amount with at most two decimals, such as \"1800.00\"";

// RFC 6901: '~' and '/' in a key would otherwise change the pointer's meaning.
std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

}  // namespace

std::optional<bj::value> parse_body(std::string_view body) {
    try {
        boost::system::error_code ec;
        bj::value root = bj::parse(bj::string_view(body.data(), body.size()), ec);
        if (ec) return std::nullopt;
        return root;
    } catch (const boost::system::system_error&) {
        // Only the parser reports through system_error, and it was asked not to throw; a body
        // that still gets here is treated as not JSON rather than failing the request.
        return std::nullopt;
    }
}

field_error malformed_json_error() {
    return field_error{"", std::string(malformed_json_code), "the body is not valid JSON"};
}

std::string child(const std::string& path, std::string_view key) {
    return path + "/" + pointer_token(key);
}

std::string child(const std::string& path, std::size_t index) {
    return path + "/" + std::to_string(index);
}

// Limits are in characters as people count them; Boost.JSON has already checked the UTF-8.
std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool visible_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

bool valid_role(std::string_view r) { return r.size() == 1 && r[0] >= 'A' && r[0] <= 'Z'; }

void body_reader::fail(std::string path, std::string_view code, std::string message) {
    errors_.push_back(field_error{std::move(path), std::string(code), std::move(message)});
}

const bj::object* body_reader::root_object(const bj::value& root) {
    if (const auto* o = root.if_object()) return o;
    fail("", "WRONG_TYPE", "the body must be a JSON object");
    return nullptr;
}

void body_reader::reject_unknown(const bj::object& o, const std::string& path,
                                 std::initializer_list<std::string_view> known) {
    for (const auto& kv : o) {
        const std::string_view key(kv.key().data(), kv.key().size());
        if (std::find(known.begin(), known.end(), key) == known.end())
            fail(child(path, key), "UNKNOWN_FIELD", "is not a field of this object");
    }
}

// A null is read as absent so that members whose serializers write null for an empty
// optional are not refused.
const bj::value* body_reader::member(const bj::object& o, const std::string& path,
                                     std::string_view key, bool required) {
    const auto* v = o.if_contains(key);
    if (v != nullptr && !v->is_null()) return v;
    if (required) fail(child(path, key), "MISSING", "is required");
    return nullptr;
}

std::optional<std::string> body_reader::text(const bj::object& o, const std::string& path,
                                             std::string_view key, bool required) {
    const auto* v = member(o, path, key, required);
    if (v == nullptr) return std::nullopt;
    if (const auto* s = v->if_string()) return std::string(s->data(), s->size());
    fail(child(path, key), "WRONG_TYPE", "must be a string");
    return std::nullopt;
}

std::optional<std::string> body_reader::bounded_text(const bj::object& o, const std::string& path,
                                                     std::string_view key, std::size_t limit,
                                                     bool required) {
    auto s = text(o, path, key, required);
    if (!s) return s;
    if (required && s->empty())
        fail(child(path, key), "MISSING", "must not be empty");
    else if (code_points(*s) > limit)
        fail(child(path, key), "TOO_LONG",
             "must be at most " + std::to_string(limit) + " characters");
    return s;
}

std::optional<std::string> body_reader::role(const bj::object& o, const std::string& path,
                                             std::string_view key, bool required) {
    auto r = text(o, path, key, required);
    if (r && !valid_role(*r))
        fail(child(path, key), "INVALID_ROLE", "must be one capital letter A-Z");
    return r;
}

std::optional<bool> body_reader::flag(const bj::object& o, const std::string& path,
                                      std::string_view key, bool required) {
    const auto* v = member(o, path, key, required);
    if (v == nullptr) return std::nullopt;
    if (const auto* b = v->if_bool()) return *b;
    fail(child(path, key), "WRONG_TYPE", "must be true or false");
    return std::nullopt;
}

const bj::object* body_reader::object(const bj::object& o, const std::string& path,
                                      std::string_view key, bool required) {
    const auto* v = member(o, path, key, required);
    if (v == nullptr) return nullptr;
    if (const auto* obj = v->if_object()) return obj;
    fail(child(path, key), "WRONG_TYPE", "must be an object");
    return nullptr;
}

const bj::array* body_reader::array(const bj::object& o, const std::string& path,
                                    std::string_view key, bool required) {
    const auto* v = member(o, path, key, required);
    if (v == nullptr) return nullptr;
    if (const auto* arr = v->if_array()) return arr;
    fail(child(path, key), "WRONG_TYPE", "must be an array");
    return nullptr;
}

std::optional<domain::money> body_reader::money(const bj::object& o, const std::string& path,
                                                std::string_view key, bool required) {
    const auto* v = member(o, path, key, required);
    if (v == nullptr) return std::nullopt;
    return money_of(*v, child(path, key));
}

std::optional<domain::money> body_reader::money_of(const bj::value& v, const std::string& p) {
    if (v.is_int64()) {
        const auto n = v.get_int64();
        if (n < 0) return money_fail(p, negative);
        if (n > max_whole_yuan) return money_fail(p, too_large);
        return domain::money{n * 100};
    }
    // Boost.JSON makes a number uint64 only when it does not fit int64.
    if (v.is_uint64()) return money_fail(p, too_large);
    if (v.is_double()) {
        const double d = v.get_double();
        if (d == 0) return domain::money{0};  // -0.0 too
        if (d < 0) return money_fail(p, negative);
        if (d >= max_money_double) return money_fail(p, too_large);
        // The shortest text that reads back as the same double is what the sender wrote,
        // less trailing zeros, for every amount with at most 15 significant digits, so
        // 1800.5 stays 1800.5 and 1800.123 keeps the third decimal that refuses it. Fixed
        // notation, because plain to_chars writes 1e12 as "1e+12", which parse_money
        // refuses; a tiny fraction that overflows the buffer has too many decimals anyway.
        char buf[64];
        const auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
        if (r.ec != std::errc{}) return money_fail(p, two_decimals);
        return money_text(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)), p);
    }
    if (const auto* s = v.if_string()) return money_text(std::string_view(s->data(), s->size()), p);
    return money_fail(p, "must be a number or a string such as \"1800.00\"");
}

std::optional<domain::money> body_reader::money_text(std::string_view t, const std::string& p) {
    if (!t.empty() && t.front() == '-') return money_fail(p, negative);
    if (auto m = domain::parse_money(t)) return m;
    const auto whole = t.substr(0, t.find('.'));
    if (whole.size() > 13 &&
        std::all_of(whole.begin(), whole.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return money_fail(p, too_large);
    return money_fail(p, two_decimals);
}

std::optional<domain::money> body_reader::money_fail(const std::string& p,
                                                     std::string_view message) {
    fail(p, "INVALID_MONEY", std::string(message));
    return std::nullopt;
}

std::optional<domain::instant> body_reader::time(const bj::object& o, const std::string& path,
                                                 std::string_view key, bool required) {
    auto s = text(o, path, key, required);
    if (!s) return std::nullopt;
    if (auto t = domain::parse_rfc3339(*s)) return t;
    fail(child(path, key), "INVALID_TIME",
         "must be an RFC 3339 time with offset, such as 2026-11-20T08:15:00+08:00");
    return std::nullopt;
}

std::optional<domain::date> body_reader::date(const bj::object& o, const std::string& path,
                                              std::string_view key, bool required) {
    auto s = text(o, path, key, required);
    if (!s) return std::nullopt;
    if (auto d = domain::parse_date(*s)) return d;
    fail(child(path, key), "INVALID_DATE", "must be a calendar date such as 2026-03-01");
    return std::nullopt;
}

}  // namespace crossclaim::gateway::json
