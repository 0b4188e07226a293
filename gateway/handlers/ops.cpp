#include "gateway/handlers/ops.hpp"

#include "gateway/app.hpp"
#include "gateway/openapi.hpp"
#include "services/screening.hpp"
#include "storage/db_pool.hpp"
#include "storage/health.hpp"

namespace crossclaim::gateway::handlers {

response healthz(const handler_context&) { return json_response(200, R"({"status":"up"})"); }

response readyz(const handler_context& ctx) {
    const long applied = storage::applied_migration_count(*ctx.db);
    return json_response(200, R"({"status":"ready","migrations":)" + std::to_string(applied) + "}");
}

response metrics(const handler_context& ctx) {
    return response{200,
                    "text/plain; version=0.0.4",
                    ctx.app.metrics.render(ctx.app.db.stats()) + ctx.app.screening.render(),
                    {}};
}

response openapi(const handler_context&) { return json_response(200, std::string(openapi_json())); }

}  // namespace crossclaim::gateway::handlers
