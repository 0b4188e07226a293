// The route table: every route of the gateway, its listener, who may call it, and whether
// its handler runs on a database thread.

#include "gateway/handlers/fraud.hpp"
#include "gateway/handlers/ops.hpp"
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

        // Investigators (fraud pool; not built yet, see fraud/README.md).
        {"GET", "/v1/leads", api, {investigator}, false, handlers::not_built},
        {"GET", "/v1/leads/{lead_id}", api, {investigator}, false, handlers::not_built},
        {"GET", "/v1/entities", api, {investigator}, false, handlers::not_built},
    };
    return table;
}

}  // namespace crossclaim::gateway
