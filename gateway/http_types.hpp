#pragma once
// Plain request and response values that handlers see. Beast stays in server.cpp, so a
// handler reads like a function from a request to a response.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gateway/identity.hpp"

namespace crossclaim::gateway {

struct request {
    std::string method;  ///< "GET", "POST", …
    std::string path;    ///< without the query
    std::map<std::string, std::string> query;
    std::map<std::string, std::string> path_params;  ///< from `{name}` segments
    std::string content_type;
    std::string accept;
    std::string body;
    std::string request_id;
    std::string cookie;         ///< the Cookie header (console)
    std::string csrf_token;     ///< the X-CSRF-Token header (console)
    std::string if_none_match;  ///< the If-None-Match header (console's static files)
    /// The API listener's certificate identity, or on the console the logged-in user's
    /// (O = organisation, role, CN = user name).
    std::optional<peer_identity> identity;

    /// A query parameter, or nullopt.
    std::optional<std::string> param(const std::string& name) const;
};

struct response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

/// One problem of a request body: JSON pointer, code and a sentence.
struct field_error {
    std::string path;
    std::string code;
    std::string message;
};

/// The problem type of a status: "urn:crossclaim:problem:validation" for 422, and so on
/// (README, "Problem types"); "about:blank" for a status without one.
std::string problem_type(int status);

/// An application/problem+json response.
response problem(int status, std::string_view title, std::string_view detail,
                 const std::vector<field_error>& errors = {});

/// The answer to a body that was refused: 400 when it was not JSON at all, otherwise 422
/// with every field error.
response body_rejected(bool malformed, const std::vector<field_error>& errors);

/// The 422 answer to invalid query parameters; each error's path is "/query/<name>".
response query_rejected(const std::vector<field_error>& errors);

/// A JSON response with the given status.
response json_response(int status, std::string body);

/// Splits "a=1&b=x%20y" into decoded pairs (the last of a repeated name wins).
std::map<std::string, std::string> parse_query(std::string_view query);

}  // namespace crossclaim::gateway
