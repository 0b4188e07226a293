// The route table: every route of the gateway, its listener, who may call it, and whether
// its handler runs on a database thread.

#include <deque>
#include <string>

#include "gateway/handlers/claims.hpp"
#include "gateway/handlers/console.hpp"
#include "gateway/handlers/delivery.hpp"
#include "gateway/handlers/fraud.hpp"
#include "gateway/handlers/ops.hpp"
#include "gateway/handlers/reports.hpp"
#include "gateway/router.hpp"

namespace crossclaim::gateway {

namespace {

std::vector<route> build_table() {
    using enum listener;
    using role::association, role::insurer, role::investigator;
    constexpr bool replica = true;  // the route may read a standby (route::on_replica)
    std::vector<route> table = {
        // Operations. The API listener still requires a client certificate for them.
        {"GET", "/healthz", api, {}, false, handlers::healthz},
        {"GET", "/readyz", api, {}, true, handlers::readyz},
        {"GET", "/metrics", api, role_set::all(), false, handlers::metrics},
        {"GET", "/v1/openapi.json", api, role_set::all(), false, handlers::openapi},
        {"GET", "/healthz", console, {}, false, handlers::healthz},
        {"GET", "/readyz", console, {}, true, handlers::readyz},

        // Member insurers' systems.
        {"POST", "/v1/claims", api, {insurer}, true, handlers::create_claim},
        {"POST", "/v1/fast-settle/check", api, {insurer}, false, handlers::check_fast_settle},
        {.method = "GET",
         .pattern = "/v1/claims/{claim_id}",
         .listener = api,
         .roles = {insurer},
         .needs_db = true,
         .handler = nullptr,
         .pipelined = handlers::get_claim},
        {"POST", "/v1/claims/{claim_id}/events", api, {insurer}, true, handlers::post_status},
        {"GET", "/v1/inbox", api, {insurer}, true, handlers::inbox},
        {"POST", "/v1/inbox/ack", api, {insurer}, true, handlers::inbox_ack},
        {"POST", "/v1/assists", api, {insurer}, true, handlers::post_assist},
        {"POST", "/v1/fraud/reports", api, {insurer}, true, handlers::post_fraud_report},

        // The association.
        // Reports read a month of facts: they may read a standby (`replica`).
        {"GET", "/v1/reports/summary", api, {association}, true, handlers::summary_report, replica},
        {"GET", "/v1/reports/sla", api, {association}, true, handlers::sla_report, replica},
        {"GET", "/v1/reports/assists", api, {association}, true, handlers::assists_report, replica},
        {"GET", "/v1/reports/clearing", api, {association}, true, handlers::clearing_report,
         replica},
        {"GET", "/v1/reports/fraud", api, {association}, true, handlers::fraud_report, replica},
        {"GET", "/v1/reports/monthly", api, {association}, true, handlers::monthly_report, replica},
        {"GET", "/v1/deliveries/dead", api, {association}, true, handlers::dead_letters},
        {"POST", "/v1/deliveries/replay", api, {association}, true, handlers::replay},

        // Investigators of the anti-fraud committee.
        {"GET", "/v1/leads", api, {investigator}, true, handlers::list_leads, replica},
        {"GET", "/v1/leads/{lead_id}", api, {investigator}, true, handlers::get_lead},
        {"PATCH", "/v1/leads/{lead_id}", api, {investigator}, true, handlers::patch_lead},
        {"GET", "/v1/leads/{lead_id}/graph", api, {investigator}, true, handlers::lead_graph},
        {"GET", "/v1/leads/{lead_id}/referral", api, {investigator}, true, handlers::lead_referral},
        {"GET", "/v1/entities", api, {investigator}, true, handlers::search_entities},
        {"GET", "/v1/fraud/rules", api, {investigator}, true, handlers::fraud_rules},

        // The console: its login, and (below) the association's and investigators' routes
        // again for logged-in users. Its files come last: "/console/{dir}/{file}" would
        // otherwise take "/console/api/me".
        {"GET", "/console", console, {}, false, handlers::console_redirect},
        {"POST", "/console/api/login", console, {}, true, handlers::console_login},
        {"POST", "/console/api/logout", console, {association, investigator}, true,
         handlers::console_logout},
        // `me` looks up its session itself: it answers 401 as the authorization step would.
        {"GET", "/console/api/me", console, {}, true, handlers::console_me},
        {"GET", "/console/api/reports/monthly.pdf", console, {association}, true,
         handlers::monthly_report_pdf, replica},
    };

    // Every API route of the association and the investigators is served to console users
    // of those roles under /console/api/ ("/v1/leads" → "/console/api/leads"), by the same
    // handler; the identity is the session's user instead of a certificate.
    static std::deque<std::string> console_patterns;
    const std::size_t api_routes = table.size();
    for (std::size_t i = 0; i < api_routes; ++i) {
        route r = table[i];
        if (r.listener != api || r.roles.empty() || r.roles.contains(insurer)) continue;
        const auto& pattern = console_patterns.emplace_back(
            "/console/api/" + std::string(r.pattern.substr(std::string_view("/v1/").size())));
        r.pattern = pattern;
        r.listener = console;
        table.push_back(r);
    }
    // The API reference for people: Swagger UI drawing the OpenAPI document.
    table.push_back({"GET", "/docs/", console, {}, false, handlers::console_file});
    table.push_back({"GET", "/docs/{file}", console, {}, false, handlers::console_file});
    table.push_back({"GET", "/docs/{dir}/{file}", console, {}, false, handlers::console_file});
    table.push_back({"GET", "/console/", console, {}, false, handlers::console_file});
    table.push_back({"GET", "/console/{file}", console, {}, false, handlers::console_file});
    table.push_back({"GET", "/console/{dir}/{file}", console, {}, false, handlers::console_file});
    return table;
}

}  // namespace

const std::vector<route>& routes() {
    static const std::vector<route> table = build_table();
    return table;
}

}  // namespace crossclaim::gateway
