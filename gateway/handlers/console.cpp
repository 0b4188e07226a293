#include "gateway/handlers/console.hpp"

#include <boost/json.hpp>

#include "gateway/app.hpp"
#include "gateway/console_assets.hpp"
#include "gateway/console_auth.hpp"
#include "gateway/json/fields.hpp"
#include "services/console_accounts.hpp"

namespace crossclaim::gateway::handlers {
namespace {

namespace bj = boost::json;

std::string user_json(const storage::console_session& s) {
    return bj::serialize(bj::object{{"name", s.user},
                                    {"role", s.role},
                                    {"organisation", s.organisation},
                                    {"csrf_token", s.csrf_token}});
}

}  // namespace

response console_file(const handler_context& ctx) {
    const auto* f = ctx.app.assets.find(ctx.request.path);
    if (!f) return problem(404, "Not Found", "no such resource: " + ctx.request.path);
    response r{200, f->content_type, "", {{"ETag", f->etag}, {"Cache-Control", "no-cache"}}};
    if (ctx.request.if_none_match == f->etag)
        r.status = 304;
    else
        r.body = f->body;
    return r;
}

response console_redirect(const handler_context&) {
    return response{301, "text/plain; charset=utf-8", "", {{"Location", "/console/"}}};
}

response console_login(const handler_context& ctx) {
    const auto body = json::decode_login(ctx.request.body);
    if (!body.value) return body_rejected(body.malformed, body.errors);
    const auto got =
        services::log_in(*ctx.db, ctx.app.settings.console, body.value->name, body.value->password);
    using outcome = services::login_result::outcome;
    if (got.result == outcome::locked) {
        const auto wait = std::chrono::duration_cast<std::chrono::seconds>(
            *got.locked_until - std::chrono::system_clock::now());
        auto r = problem(423, "Locked",
                         "too many wrong passwords: this login is locked for a while; try "
                         "again later or ask an administrator");
        r.headers.emplace_back("Retry-After", std::to_string(std::max<long long>(1, wait.count())));
        return r;
    }
    if (got.result == outcome::wrong)
        return problem(401, "Unauthorized", "wrong name or password");
    auto r = json_response(200, user_json(got.session));
    r.headers.emplace_back("Set-Cookie", session_cookie_for(got.token));
    return r;
}

response console_logout(const handler_context& ctx) {
    services::log_out(*ctx.db, session_token(ctx.request.cookie));
    return response{204, "application/json", "", {{"Set-Cookie", expired_session_cookie()}}};
}

response console_me(const handler_context& ctx) {
    // The route has no role check, so that the session is read once, here.
    const auto token = session_token(ctx.request.cookie);
    const auto s = token.empty() ? std::nullopt
                                 : services::session_of(*ctx.db, ctx.app.settings.console, token);
    if (!s) return no_session(token);
    return json_response(200, user_json(*s));
}

}  // namespace crossclaim::gateway::handlers
