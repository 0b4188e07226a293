#pragma once
// The console's own routes (API.md, "Identity"): its files, login, logout and who is
// logged in. Its data calls reuse the API's handlers with the session's identity.

#include "gateway/router.hpp"

namespace crossclaim::gateway::handlers {

/// GET /console/…: a static file of the console, with its ETag (304 when unchanged).
response console_file(const handler_context& ctx);
/// GET /console: to /console/.
response console_redirect(const handler_context& ctx);
/// POST /console/api/login {"name","password"}: a session cookie and the CSRF token.
response console_login(const handler_context& ctx);
/// POST /console/api/logout: ends the session.
response console_logout(const handler_context& ctx);
/// GET /console/api/me: the logged-in user and the CSRF token.
response console_me(const handler_context& ctx);

}  // namespace crossclaim::gateway::handlers
