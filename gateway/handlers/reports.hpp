#pragma once
// Association reports (API.md, "Association API"), JSON or CSV by Accept.

#include "gateway/router.hpp"

namespace crossclaim::gateway::handlers {

/// GET /v1/reports/clearing?month=YYYY-MM: the month's netted statement per insurer pair.
response clearing_report(const handler_context& ctx);
/// GET /v1/reports/assists?month=YYYY-MM: assists per company and region.
response assists_report(const handler_context& ctx);

}  // namespace crossclaim::gateway::handlers
