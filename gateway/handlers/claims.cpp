// Insurer API for claims: intake, the fast-settle check, reading a claim, status changes.
// Each handler decodes, asks the domain, stores through one transaction, encodes.

#include "gateway/handlers/claims.hpp"

#include <boost/json.hpp>

#include "adapters/envelope.hpp"
#include "domain/lifecycle.hpp"
#include "domain/routing.hpp"
#include "domain/sla.hpp"
#include "fast_settle/engine.hpp"
#include "gateway/app.hpp"
#include "gateway/json/claim_json.hpp"
#include "gateway/json/fields.hpp"
#include "services/intake.hpp"
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

response get_claim(const handler_context& ctx) {
    const auto& id = ctx.request.path_params.at("claim_id");
    const auto not_found = problem(404, "Not Found", "no claim " + id + " for this member");
    if (!storage::is_uuid(id)) return not_found;
    const auto view = storage::claim_view(*ctx.db, id, ctx.request.identity->member);
    return view ? json_response(200, *view) : not_found;
}

response post_status(const handler_context& ctx) {
    const auto& id = ctx.request.path_params.at("claim_id");
    const auto not_found = problem(404, "Not Found", "no claim " + id + " for this member");
    if (!storage::is_uuid(id)) return not_found;

    const auto body = json::decode_status_change(ctx.request.body);
    if (!body.value) return body_rejected(body.malformed, body.errors);
    const auto& change = *body.value;
    if (change.at > now() + std::chrono::minutes(5))
        return body_rejected(false, {{"/at", "IN_FUTURE", "the status time lies in the future"}});

    const std::string& member = ctx.request.identity->member;
    storage::claims_tx tx(*ctx.db);
    if (!tx.visible_to(id, member)) return not_found;
    const auto party = tx.lock_party(id, change.party);
    if (!party)
        return body_rejected(false, {{"/party", "UNKNOWN_PARTY", "the claim has no such party"}});
    if (party->insurer != member)
        return problem(403, "Forbidden",
                       "only party " + change.party + "'s insurer may change its status");
    const auto from = domain::parse_claim_status(party->status);
    if (!from || !domain::can_transition(*from, change.status))
        return problem(409, "Conflict",
                       "party " + change.party + "'s claim cannot go from " + party->status +
                           " to " + std::string(domain::to_string(change.status)));

    const std::string to = std::string(domain::to_string(change.status));
    tx.record_status(
        {id, change.party, to, change.at, change.amount,
         change.method ? std::optional<std::string>(std::string(domain::to_string(*change.method)))
                       : std::nullopt,
         change.reason, caller(ctx.request)});

    // The stage this status completes, and the clocks it starts or ends.
    std::vector<std::string> met{to};
    if (change.status == domain::claim_status::rejected) met.push_back("APPROVED");  // decided
    tx.meet_stages(id, change.party, met, change.at);
    using enum domain::claim_status;
    if (change.status == rejected || change.status == withdrawn || change.status == closed)
        tx.cancel_open_deadlines(id, change.party, change.at);
    const auto tier = domain::parse_sla_tier(party->tier);
    std::vector<storage::deadline_row> next;
    if (tier)
        for (const auto& dl :
             domain::deadlines_from(*tier, change.status, change.at, ctx.app.settings.calendar))
            next.push_back({change.party, party->tier, std::string(domain::to_string(dl.stage)),
                            std::string(dl.basis), dl.due});
    tx.add_deadlines(id, next);

    bj::object data{{"party", change.party},
                    {"previous_status", party->status},
                    {"status", to},
                    {"at", domain::format_rfc3339(change.at)},
                    {"recorded_by", caller(ctx.request)}};
    if (change.amount) data["amount"] = domain::to_string(*change.amount);
    if (change.method) data["method"] = std::string(domain::to_string(*change.method));
    if (change.reason) data["reason"] = *change.reason;
    const std::string data_text = bj::serialize(data);
    std::vector<storage::outbox_event> events{adapters::make_event(
        adapters::claim_status_changed, id, party->handling_branch, now(), data_text)};
    if (party->notified_branch)
        events.push_back(adapters::make_event(adapters::claim_status_changed, id,
                                              *party->notified_branch, now(), data_text));
    tx.enqueue(events);
    tx.commit();
    return json_response(200, bj::serialize(bj::object{{"claim_id", id},
                                                       {"party", change.party},
                                                       {"previous_status", party->status},
                                                       {"status", to}}));
}

}  // namespace crossclaim::gateway::handlers
