#pragma once
// Reading request bodies member by member. Every decoder of a request body walks its JSON
// with a body_reader, which records each problem with its JSON pointer instead of stopping
// at the first, so that API.md's "all validation errors of a body are reported at once"
// holds for every route alike. Boost.JSON appears here because only codec .cpp files
// include this header; handlers see the Boost-free headers beside it.

#include <boost/json.hpp>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/money.hpp"
#include "domain/time.hpp"
#include "gateway/http_types.hpp"

namespace crossclaim::gateway::json {

/// The body as JSON, or nullopt when it is not JSON at all; never throws.
std::optional<boost::json::value> parse_body(std::string_view body);
/// For a body that parses: one error per object key that appears again in its object, at the
/// repeated key's pointer (duplicate_keys.cpp).
std::vector<field_error> duplicate_key_errors(std::string_view body);

/// The single error reported for a body that is not JSON: MALFORMED_JSON at the root.
field_error malformed_json_error();

/// `path` extended by an object key (escaped per RFC 6901).
std::string child(const std::string& path, std::string_view key);
/// `path` extended by an array index.
std::string child(const std::string& path, std::size_t index);

/// Characters as people count them (code points of valid UTF-8).
std::size_t code_points(std::string_view utf8);

/// Only characters 0x21–0x7E: no space, no control character, nothing outside ASCII.
bool visible_ascii(std::string_view s);

/// A party's role: one capital letter A–Z.
bool valid_role(std::string_view role);

/// Reads typed members of JSON objects and records a field_error for every member that is
/// missing, of the wrong type or malformed. A member that is null counts as absent. Each
/// reading function returns the value, or nothing when it recorded an error instead.
class body_reader {
  public:
    /// Records a problem at `path`.
    void fail(std::string path, std::string_view code, std::string message);

    /// True when nothing has been recorded.
    bool ok() const { return errors_.empty(); }
    /// Every problem recorded so far, in the order found.
    const std::vector<field_error>& errors() const { return errors_; }
    /// Hands out the problems recorded so far.
    std::vector<field_error> take_errors() { return std::move(errors_); }

    /// The root of a body as an object, or nullptr after WRONG_TYPE at "".
    const boost::json::object* root_object(const boost::json::value& root);

    /// UNKNOWN_FIELD for every key of `o` (at `path`) not in `known`.
    void reject_unknown(const boost::json::object& o, const std::string& path,
                        std::initializer_list<std::string_view> known);

    /// The member, or nullptr when absent or null (MISSING when `required`).
    const boost::json::value* member(const boost::json::object& o, const std::string& path,
                                     std::string_view key, bool required);

    /// A string member.
    std::optional<std::string> text(const boost::json::object& o, const std::string& path,
                                    std::string_view key, bool required = true);

    /// A string of at most `limit` characters; when `required`, also non-empty.
    std::optional<std::string> bounded_text(const boost::json::object& o, const std::string& path,
                                            std::string_view key, std::size_t limit, bool required);

    /// A party role (INVALID_ROLE unless valid_role). The text is returned even when invalid,
    /// so that a caller can still match it against other members.
    std::optional<std::string> role(const boost::json::object& o, const std::string& path,
                                    std::string_view key, bool required = true);

    /// A boolean member.
    std::optional<bool> flag(const boost::json::object& o, const std::string& path,
                             std::string_view key, bool required = true);

    /// An object member.
    const boost::json::object* object(const boost::json::object& o, const std::string& path,
                                      std::string_view key, bool required = true);

    /// An array member.
    const boost::json::array* array(const boost::json::object& o, const std::string& path,
                                    std::string_view key, bool required = true);

    /// An amount: a JSON number or string with at most two decimals, not negative, below
    /// 10,000,000,000,000 (INVALID_MONEY).
    std::optional<domain::money> money(const boost::json::object& o, const std::string& path,
                                       std::string_view key, bool required = true);
    /// An amount read from value `v` at `path`, as `money` does.
    std::optional<domain::money> money_of(const boost::json::value& v, const std::string& path);
    /// An amount read from text `t` at `path`, as `money` does.
    std::optional<domain::money> money_text(std::string_view t, const std::string& path);

    /// An RFC 3339 time with offset (INVALID_TIME).
    std::optional<domain::instant> time(const boost::json::object& o, const std::string& path,
                                        std::string_view key, bool required = true);

    /// A calendar date such as 2026-03-01 (INVALID_DATE).
    std::optional<domain::date> date(const boost::json::object& o, const std::string& path,
                                     std::string_view key, bool required = true);

  private:
    std::optional<domain::money> money_fail(const std::string& path, std::string_view message);

    std::vector<field_error> errors_;
};

}  // namespace crossclaim::gateway::json
