#include "gateway/handlers/fraud.hpp"

namespace crossclaim::gateway::handlers {

response not_built(const handler_context& ctx) {
    return problem(501, "Not Implemented",
                   ctx.request.method + " " + ctx.request.path +
                       ": the fraud pool is not built yet (see fraud/README.md)");
}

}  // namespace crossclaim::gateway::handlers
