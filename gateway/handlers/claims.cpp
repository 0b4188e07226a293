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
#include "storage/claims_store.hpp"
#include "support/ids.hpp"

namespace crossclaim::gateway::handlers {
namespace {

namespace bj = boost::json;

domain::instant now() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

// What the domain decides about a claim at intake; the same for the check and the intake.
struct decided {
    std::vector<domain::party_route> routes;
    fast_settle::assessment assessment;
    domain::sla_tier tier;
    std::vector<domain::deadline> deadlines;
};

decided decide(const domain::claim& c, const config::settings& s, domain::instant reported_at) {
    decided d;
    d.routes = domain::route_claim(c, s.zone);
    d.assessment = fast_settle::assess(c, s.zone, s.rulebook);
    d.tier = domain::choose_tier(c, d.assessment.fast_settle.eligible);
    d.deadlines =
        domain::deadlines_from(d.tier, domain::claim_status::reported, reported_at, s.calendar);
    return d;
}

bj::array routing_json(const std::vector<domain::party_route>& routes) {
    bj::array out;
    for (const auto& r : routes) {
        bj::array flags;
        for (const auto& f : r.flags) flags.emplace_back(f);
        out.push_back(bj::object{{"party", r.party},
                                 {"insurer", r.insurer},
                                 {"underwriting_region", r.underwriting_region},
                                 {"handling_branch", r.handling_branch},
                                 {"out_of_area", r.out_of_area},
                                 {"flags", std::move(flags)}});
    }
    return out;
}

// The facts a branch needs to start work on one party's claim.
std::string routed_data(const domain::claim& c, const domain::party& p,
                        const domain::party_route& r, const decided& d, bool handling) {
    bj::object data{{"party", p.role},
                    {"duty", handling ? "HANDLE" : "UNDERWRITER_NOTICE"},
                    {"insurer", r.insurer},
                    {"handling_branch", r.handling_branch},
                    {"underwriting_region", r.underwriting_region},
                    {"out_of_area", r.out_of_area},
                    {"external_ref", c.external_ref},
                    {"occurred_at", domain::format_rfc3339(c.accident.occurred_at)},
                    {"accident_region", c.accident.region},
                    {"county", c.accident.county},
                    {"location", c.accident.location},
                    {"plate", p.vehicle.plate},
                    {"estimated_loss", domain::to_string(p.estimated_loss)},
                    {"fast_settle_eligible", d.assessment.fast_settle.eligible},
                    {"tier", std::string(domain::to_string(d.tier))}};
    bj::array flags;
    for (const auto& f : r.flags) flags.emplace_back(f);
    data["flags"] = std::move(flags);
    return bj::serialize(data);
}

std::string caller(const request& req) { return req.identity->member + "/" + req.identity->name; }

}  // namespace

response create_claim(const handler_context& ctx) {
    const auto& s = ctx.app.settings;
    const auto decoded = json::decode_claim(ctx.request.body, s.zone);
    if (!decoded.claim) return body_rejected(json::is_malformed(decoded), decoded.errors);
    const domain::claim& c = *decoded.claim;

    const auto reported_at = now();
    const decided d = decide(c, s, reported_at);

    storage::new_claim row;
    row.claim_id = support::new_uuid();
    row.submitter = ctx.request.identity->member;
    row.external_ref = c.external_ref;
    // Whitespace and formatting do not make a body different; its content does.
    row.document_json = decoded.normalized;
    row.body_sha256 = support::sha256_hex(row.document_json);
    row.accident_region = c.accident.region;
    row.occurred_at = c.accident.occurred_at;
    row.reported_at = reported_at;
    row.tier = std::string(domain::to_string(d.tier));
    row.decision_json = json::encode_assessment_fields(d.assessment, d.tier, d.deadlines);
    row.response_json = json::splice_objects(
        bj::serialize(bj::object{{"claim_id", row.claim_id}, {"routing", routing_json(d.routes)}}),
        row.decision_json);
    row.routes = d.routes;
    for (const auto& r : d.routes)
        for (const auto& dl : d.deadlines)
            row.deadlines.push_back({r.party, row.tier, std::string(domain::to_string(dl.stage)),
                                     std::string(dl.basis), dl.due});
    for (const auto& e : d.assessment.fast_settle.clearing)
        row.clearing.push_back({e.creditor, e.debtor, e.amount, domain::shanghai_day(reported_at)});
    for (std::size_t i = 0; i < d.routes.size(); ++i) {
        const auto& r = d.routes[i];
        const auto& p = c.parties[i];
        row.events.push_back(adapters::make_event(adapters::claim_routed, row.claim_id,
                                                  r.handling_branch, reported_at,
                                                  routed_data(c, p, r, d, true)));
        if (r.notified_branch)
            row.events.push_back(adapters::make_event(adapters::claim_routed, row.claim_id,
                                                      *r.notified_branch, reported_at,
                                                      routed_data(c, p, r, d, false)));
    }

    storage::claims_tx tx(*ctx.db);
    const auto result = tx.insert_claim(row);
    tx.commit();
    switch (result.outcome) {
        case storage::intake_outcome::created: {
            auto r = json_response(201, result.response_json);
            r.headers.emplace_back("Location", "/v1/claims/" + row.claim_id);
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
    const decided d = decide(*decoded.claim, s, now());
    return json_response(200, json::encode_assessment_fields(d.assessment, d.tier, d.deadlines));
}

response get_claim(const handler_context& ctx) {
    const auto& id = ctx.request.path_params.at("claim_id");
    const auto not_found = problem(404, "Not Found", "no claim " + id + " for this member");
    if (!storage::is_uuid(id)) return not_found;
    storage::claims_tx tx(*ctx.db);
    if (!tx.visible_to(id, ctx.request.identity->member)) return not_found;
    const auto view = tx.claim_view(id);
    tx.commit();
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
