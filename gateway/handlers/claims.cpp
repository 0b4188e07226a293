// Insurer API for claims: intake, the fast-settle check, reading a claim, status changes.
// Each handler decodes, calls its service (intake, lifecycle) or the domain, encodes.

#include "gateway/handlers/claims.hpp"

#include <boost/json.hpp>

#include "domain/lifecycle.hpp"
#include "domain/routing.hpp"
#include "fast_settle/engine.hpp"
#include "gateway/app.hpp"
#include "gateway/json/claim_json.hpp"
#include "gateway/json/fields.hpp"
#include "privacy/personal_fields.hpp"
#include "services/intake.hpp"
#include "services/lifecycle.hpp"
#include "storage/claims_store.hpp"

namespace crossclaim::gateway::handlers {
namespace {

namespace bj = boost::json;

domain::instant now() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string caller(const request& req) { return req.identity->member + "/" + req.identity->name; }

}  // namespace

response create_claim(const handler_context& ctx) {
    const auto& s = ctx.app.settings;
    const auto decoded = json::decode_claim(ctx.request.body, s.zone);
    if (!decoded.claim) return body_rejected(json::is_malformed(decoded), decoded.errors);
    const auto& c = *decoded.claim;
    const auto result = services::submit_claim(
        *ctx.db, s, ctx.app.keys, ctx.request.identity->member, c, decoded.normalized, now());
    switch (result.outcome) {
        case storage::intake_outcome::created: {
            auto r = json_response(201, result.response_json);
            r.headers.emplace_back("Location", "/v1/claims/" + result.claim_id);
            return r;
        }
        case storage::intake_outcome::replayed:
            return json_response(200, result.response_json);
        case storage::intake_outcome::conflict:
            break;
    }
    return problem(409, "Conflict",
                   "external_ref " + c.external_ref +
                       " was already used for a different report by this member");
}

response check_fast_settle(const handler_context& ctx) {
    const auto& s = ctx.app.settings;
    const auto decoded = json::decode_claim(ctx.request.body, s.zone);
    if (!decoded.claim) return body_rejected(json::is_malformed(decoded), decoded.errors);
    const auto d = services::decide(*decoded.claim, s, now());
    return json_response(200, json::encode_assessment_fields(d.assessment, d.tier, d.deadlines));
}

void get_claim(const handler_context& ctx, storage::pipeline& db, answer_to to) {
    const auto& id = ctx.request.path_params.at("claim_id");
    // Made only when needed: most reads find their claim.
    const auto not_found = [id] {
        return problem(404, "Not Found", "no claim " + id + " for this member");
    };
    if (!storage::is_uuid(id)) return to.answer(not_found());
    const bool sent = storage::claim_view(
        db, id, ctx.request.identity->member,
        [&keys = ctx.app.keys, answer = to.answer, not_found](std::optional<std::string> view) {
            answer(view ? json_response(200, privacy::open_personal_fields(keys, *view))
                        : not_found());
        },
        to.failed);
    if (!sent) to.failed(storage::failure::overloaded);
}

response post_status(const handler_context& ctx) {
    const auto& id = ctx.request.path_params.at("claim_id");
    const auto missing = problem(404, "Not Found", "no claim " + id + " for this member");
    if (!storage::is_uuid(id)) return missing;

    const auto body = json::decode_status_change(ctx.request.body);
    if (!body.value) return body_rejected(body.malformed, body.errors);
    const auto& change = *body.value;
    if (change.at > now() + std::chrono::minutes(5))
        return body_rejected(false, {{"/at", "IN_FUTURE", "the status time lies in the future"}});

    const auto r = services::change_status(
        *ctx.db, ctx.app.settings, ctx.request.identity->member, caller(ctx.request),
        {id, change.party, change.status, change.at, change.amount, change.method, change.reason},
        now());
    using enum services::status_changed::outcome;
    switch (r.result) {
        case not_found:
            return missing;
        case unknown_party:
            return body_rejected(false, {{"/party", "UNKNOWN_PARTY", "the claim has no such party"}});
        case not_insurer:
            return problem(403, "Forbidden",
                           "only party " + change.party + "'s insurer may change its status");
        case not_allowed:
            return problem(409, "Conflict",
                           "party " + change.party + "'s claim cannot go from " +
                               r.previous_status + " to " +
                               std::string(domain::to_string(change.status)));
        case changed:
            break;
    }
    return json_response(200, bj::serialize(bj::object{
                                  {"claim_id", id},
                                  {"party", change.party},
                                  {"previous_status", r.previous_status},
                                  {"status", std::string(domain::to_string(change.status))}}));
}

}  // namespace crossclaim::gateway::handlers
