#include "gateway/handlers/fraud.hpp"

#include <algorithm>
#include <charconv>

#include "fraud/lead_status.hpp"
#include "gateway/app.hpp"
#include "gateway/json/fields.hpp"
#include "gateway/json/lead_json.hpp"
#include "services/investigation.hpp"
#include "storage/claims_store.hpp"

namespace crossclaim::gateway::handlers {
namespace {

services::caller caller_of(const handler_context& ctx) {
    return {ctx.request.identity->name, ctx.request.identity->member};
}

response not_found(const std::string& id) { return problem(404, "Not Found", "no lead " + id); }

response bad_query(const std::string& param, const std::string& code, const std::string& why) {
    return query_rejected({{"/query/" + param, code, why}});
}

std::optional<int> integer(const std::string& text, int min, int max) {
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || v < min || v > max)
        return std::nullopt;
    return v;
}

// The case reference a reveal, search or export needs; a response when it is missing.
std::optional<response> check_reason(const std::optional<std::string>& reason) {
    if (const auto why = services::invalid_reason(reason.value_or("")))
        return bad_query("reason", "REASON_REQUIRED", *why);
    return std::nullopt;
}

}  // namespace

response list_leads(const handler_context& ctx) {
    const auto& q = ctx.request;
    storage::lead_filter f;
    if (auto s = q.param("status")) {
        if (!fraud::parse_lead_status(*s) || *s == "MERGED")
            return bad_query("status", "INVALID_STATUS",
                             "must be NEW, ASSIGNED, INVESTIGATING, CONFIRMED or DISMISSED");
        f.status = *s;
    }
    if (auto r = q.param("rule")) {
        if (std::find(fraud::rule_codes.begin(), fraud::rule_codes.end(), *r) ==
            fraud::rule_codes.end())
            return bad_query("rule", "INVALID_RULE", "must be a rule code of GET /v1/fraud/rules");
        f.rule = *r;
    }
    if (auto m = q.param("min_score")) {
        const auto v = integer(*m, 0, 100);
        if (!v) return bad_query("min_score", "INVALID_SCORE", "must be an integer from 0 to 100");
        f.min_score = *v;
    }
    if (auto r = q.param("region")) {
        if (!ctx.app.settings.zone.is_member_region(*r))
            return bad_query("region", "INVALID_REGION", "must be a region of the zone");
        f.region = *r;
    }
    for (const char* name : {"since", "until"})
        if (auto t = q.param(name)) {
            const auto at = domain::parse_rfc3339(*t);
            if (!at) return bad_query(name, "INVALID_TIME", "must be an RFC 3339 time");
            (std::string_view(name) == "since" ? f.since : f.until) = at;
        }
    if (auto l = q.param("limit")) {
        const auto v = integer(*l, 1, 200);
        if (!v) return bad_query("limit", "INVALID_LIMIT", "must be an integer from 1 to 200");
        f.limit = *v;
    }
    if (auto c = q.param("cursor")) {
        const auto sep = c->find('_');
        long long micros = 0;
        const auto [end, ec] =
            std::from_chars(c->data(), c->data() + (sep == std::string::npos ? 0 : sep), micros);
        if (sep == std::string::npos || ec != std::errc{} || !storage::is_uuid(c->substr(sep + 1)))
            return bad_query("cursor", "INVALID_CURSOR", "must be a next_cursor this route gave");
        f.after = std::make_pair(micros, c->substr(sep + 1));
    }
    storage::leads_tx tx(*ctx.db);
    const auto leads = tx.list(f);
    tx.commit();
    std::string next;
    if (static_cast<int>(leads.size()) == f.limit) {
        const auto& last = leads.back();
        next = std::to_string(last.created_micros) + "_" + last.lead_id;
    }
    return json_response(200, json::encode_lead_list(leads, next));
}

response get_lead(const handler_context& ctx) {
    const auto& id = ctx.request.path_params.at("lead_id");
    if (!storage::is_uuid(id)) return not_found(id);
    std::optional<std::string> reason;
    if (ctx.request.param("reveal") == "true") {
        if (auto r = check_reason(ctx.request.param("reason"))) return *r;
        reason = ctx.request.param("reason");
    }
    const auto v = services::get_lead(*ctx.db, ctx.app.keys, id, reason, caller_of(ctx));
    return v ? json_response(200, json::encode_lead(*v)) : not_found(id);
}

response patch_lead(const handler_context& ctx) {
    const auto& id = ctx.request.path_params.at("lead_id");
    if (!storage::is_uuid(id)) return not_found(id);
    const auto body = json::decode_lead_change(ctx.request.body);
    if (!body.value) return body_rejected(body.malformed, body.errors);
    const auto& c = *body.value;
    const auto r =
        services::patch_lead(*ctx.db, ctx.app.settings.fraud, id,
                             {c.status, c.assignee, c.note, c.confirmed_amount}, caller_of(ctx));
    switch (r.outcome) {
        case services::patch_result::not_found:
            return not_found(id);
        case services::patch_result::conflict:
            return problem(409, "Conflict", r.message);
        case services::patch_result::invalid:
            return body_rejected(false, {{r.field, "INVALID_CHANGE", r.message}});
        case services::patch_result::ok:
            break;
    }
    const auto v = services::get_lead(*ctx.db, ctx.app.keys, id, std::nullopt, caller_of(ctx));
    return v ? json_response(200, json::encode_lead(*v)) : not_found(id);
}

response lead_graph(const handler_context& ctx) {
    const auto& id = ctx.request.path_params.at("lead_id");
    if (!storage::is_uuid(id)) return not_found(id);
    const auto g = services::lead_graph(*ctx.db, id);
    return g ? json_response(200, json::encode_graph(*g)) : not_found(id);
}

response lead_referral(const handler_context& ctx) {
    const auto& id = ctx.request.path_params.at("lead_id");
    if (!storage::is_uuid(id)) return not_found(id);
    if (auto r = check_reason(ctx.request.param("reason"))) return *r;
    const auto ref = services::make_referral(*ctx.db, ctx.app.keys, id,
                                             *ctx.request.param("reason"), caller_of(ctx));
    if (!ref) return not_found(id);
    return json_response(
        200, "{\"sha256\":\"" + ref->sha256 + "\",\"referral\":" + ref->document_json + "}");
}

response search_entities(const handler_context& ctx) {
    const auto kind_text = ctx.request.param("kind").value_or("");
    const auto kind = fraud::id_kind_from(kind_text);
    if (!kind || *kind == fraud::id_kind::evidence)
        return bad_query("kind", "INVALID_KIND",
                         "must be plate, vin, id_number, phone, account or shop");
    const auto value = ctx.request.param("value").value_or("");
    if (value.empty() || value.size() > 64)
        return bad_query("value", "INVALID_VALUE", "must be the identifier, 1 to 64 characters");
    if (auto r = check_reason(ctx.request.param("reason"))) return *r;
    const auto claims = services::search_entity(*ctx.db, ctx.app.keys, *kind, value,
                                                *ctx.request.param("reason"), caller_of(ctx));
    if (!claims) return bad_query("value", "INVALID_VALUE", "is not a valid " + kind_text);
    return json_response(200, json::encode_entity_claims(kind_text, *claims));
}

response fraud_rules(const handler_context& ctx) {
    storage::leads_tx tx(*ctx.db);
    const auto figures = tx.rule_figures();
    tx.commit();
    return json_response(200, json::encode_rules(ctx.app.settings.fraud.rules, figures));
}

response post_fraud_report(const handler_context& ctx) {
    const auto body = json::decode_fraud_report(ctx.request.body);
    if (!body.value) return body_rejected(body.malformed, body.errors);
    const auto& b = *body.value;
    const auto r = services::report_fraud(
        *ctx.db, ctx.app.settings, ctx.app.keys, ctx.request.identity->member,
        {b.adjuster_id, b.claim_id, b.plates, b.id_numbers, b.phones, b.note, b.evidence});
    if (r.outcome == services::report_result::unknown_claim)
        return body_rejected(false, {{"/claim_id", "UNKNOWN_CLAIM",
                                      "is not a claim of a party this member insures"}});
    return json_response(201, "{\"lead_id\":\"" + r.lead_id + "\"}");
}

}  // namespace crossclaim::gateway::handlers
