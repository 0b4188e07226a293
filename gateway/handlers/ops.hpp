#pragma once
// Operations: liveness, readiness, metrics, and the API's own description.

#include "gateway/router.hpp"

namespace crossclaim::gateway::handlers {

/// GET /healthz: the process is up.
response healthz(const handler_context& ctx);
/// GET /readyz: the database answers (runs on a database thread).
response readyz(const handler_context& ctx);
/// GET /metrics: Prometheus text.
response metrics(const handler_context& ctx);
/// GET /v1/openapi.json: the OpenAPI document of this gateway's version.
response openapi(const handler_context& ctx);

}  // namespace crossclaim::gateway::handlers
