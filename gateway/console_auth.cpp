#include "gateway/console_auth.hpp"

#include "gateway/app.hpp"
#include "services/console_accounts.hpp"
#include "support/password.hpp"

namespace crossclaim::gateway {

std::string session_token(std::string_view cookie_header) {
    // Cookie: a=1; __Host-cc_session=abc; b=2
    std::string_view rest = cookie_header;
    while (!rest.empty()) {
        const auto semi = rest.find(';');
        auto pair = rest.substr(0, semi);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == session_cookie)
            return std::string(pair.substr(eq + 1));
        if (semi == std::string_view::npos) break;
        rest.remove_prefix(semi + 1);
    }
    return {};
}

std::string session_cookie_for(std::string_view token) {
    return std::string(session_cookie) + "=" + std::string(token) +
           "; Path=/; Secure; HttpOnly; SameSite=Strict";
}

std::string expired_session_cookie() {
    return std::string(session_cookie) + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict";
}

response no_session(std::string_view token) {
    auto r = problem(401, "Unauthorized", "log in first: no session, or it has ended");
    if (!token.empty()) r.headers.emplace_back("Set-Cookie", expired_session_cookie());
    return r;
}

std::optional<response> authorize_console(const app& a, storage::session& db, request& req,
                                          role_set roles) {
    const auto token = session_token(req.cookie);
    const auto s = token.empty() ? std::nullopt : services::session_of(db, a.settings.console, token);
    if (!s) return no_session(token);
    const auto r = parse_role(s->role);
    if (!r) return problem(403, "Forbidden", "the user's role is unknown");
    req.identity = peer_identity{s->organisation, *r, s->user};
    if (!roles.contains(*r))
        return problem(403, "Forbidden",
                       "the role " + s->role + " may not call " + req.method + " " + req.path);
    const bool changes = req.method != "GET" && req.method != "HEAD";
    if (changes && !support::same_secret(req.csrf_token, s->csrf_token))
        return problem(403, "Forbidden",
                       "a change needs the session's CSRF token in the X-CSRF-Token header");
    return std::nullopt;
}

}  // namespace crossclaim::gateway
