#pragma once
// Who is calling the console's data routes: the user of the session cookie, checked on a
// database thread before the handler runs (sessions live in the database, so any gateway
// instance serves them).

#include <optional>
#include <string>
#include <string_view>

#include "gateway/router.hpp"

namespace crossclaim::gateway {

/// The session cookie. The __Host- prefix makes browsers keep it only when Secure, for
/// Path=/ and without Domain.
inline constexpr std::string_view session_cookie = "__Host-cc_session";

/// The session token in a Cookie header, or empty.
std::string session_token(std::string_view cookie_header);

/// Set-Cookie values that start and end a session.
std::string session_cookie_for(std::string_view token);
std::string expired_session_cookie();

/// The 401 for a request without a live session; `token` is the cookie's (an ended
/// session's cookie is cleared).
response no_session(std::string_view token);

/// Finds the session of `req`'s cookie and sets `req.identity` to its user (O =
/// organisation, CN = user name). Refuses with 401 without a live session, 403 when the
/// user's role may not call the route, and 403 when a state change (POST, PATCH, PUT,
/// DELETE) lacks the session's CSRF token in X-CSRF-Token.
std::optional<response> authorize_console(const app& a, storage::session& db, request& req,
                                          role_set roles);

}  // namespace crossclaim::gateway
