// The route table: every route of the gateway, its listener, who may call it, and whether
// its handler runs on a database thread.

#include "gateway/handlers/claims.hpp"
#include "gateway/handlers/delivery.hpp"
#include "gateway/handlers/fraud.hpp"
#include "gateway/handlers/ops.hpp"
#include "gateway/handlers/reports.hpp"
#include "gateway/router.hpp"

namespace crossclaim::gateway {

const std::vector<route>& routes() {
    using enum listener;
    using role::association, role::insurer, role::investigator;
    static const std::vector<route> table = {
        // Operations. The API listener still requires a client certificate for them.
        {"GET", "/healthz", api, {}, false, handlers::healthz},
        {"GET", "/readyz", api, {}, true, handlers::readyz},
        {"GET", "/metrics", api, role_set::all(), false, handlers::metrics},
        {"GET", "/healthz", console, {}, false, handlers::healthz},
        {"GET", "/readyz", console, {}, true, handlers::readyz},

        // Member insurers' systems.
        {"POST", "/v1/claims", api, {insurer}, true, handlers::create_claim},
        {"POST", "/v1/fast-settle/check", api, {insurer}, false, handlers::check_fast_settle},
        {"GET", "/v1/claims/{claim_id}", api, {insurer}, true, handlers::get_claim},
        {"POST", "/v1/claims/{claim_id}/events", api, {insurer}, true, handlers::post_status},
        {"GET", "/v1/inbox", api, {insurer}, true, handlers::inbox},
        {"POST", "/v1/inbox/ack", api, {insurer}, true, handlers::inbox_ack},
        {"POST", "/v1/assists", api, {insurer}, true, handlers::post_assist},
        {"POST", "/v1/fraud/reports", api, {insurer}, true, handlers::post_fraud_report},

        // The association.
        {"GET", "/v1/reports/clearing", api, {association}, true, handlers::clearing_report},
        {"GET", "/v1/reports/assists", api, {association}, true, handlers::assists_report},
        {"GET", "/v1/deliveries/dead", api, {association}, true, handlers::dead_letters},
        {"POST", "/v1/deliveries/replay", api, {association}, true, handlers::replay},

        // Investigators of the anti-fraud committee.
        {"GET", "/v1/leads", api, {investigator}, true, handlers::list_leads},
        {"GET", "/v1/leads/{lead_id}", api, {investigator}, true, handlers::get_lead},
        {"PATCH", "/v1/leads/{lead_id}", api, {investigator}, true, handlers::patch_lead},
        {"GET", "/v1/leads/{lead_id}/graph", api, {investigator}, true, handlers::lead_graph},
        {"GET", "/v1/leads/{lead_id}/referral", api, {investigator}, true, handlers::lead_referral},
        {"GET", "/v1/entities", api, {investigator}, true, handlers::search_entities},
        {"GET", "/v1/fraud/rules", api, {investigator}, true, handlers::fraud_rules},
    };
    return table;
}

}  // namespace crossclaim::gateway
