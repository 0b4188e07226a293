#pragma once
// Association reports (API.md, "Association API"), JSON or CSV by Accept, for a month
// (?month=YYYY-MM) or a range of days (?from=&to=, both inclusive; the monthly report takes
// a month only).

#include <optional>
#include <string>
#include <vector>

#include "gateway/router.hpp"

namespace crossclaim::gateway::handlers {

/// GET /v1/reports/summary: claims by direction, insurer and month; shares; reasons; tiers.
response summary_report(const handler_context& ctx);
/// GET /v1/reports/sla: attainment per insurer × tier × stage, times, overdue, escalations.
response sla_report(const handler_context& ctx);
/// GET /v1/reports/fraud: leads by status and rule, precision, confirmed amounts, rewards.
response fraud_report(const handler_context& ctx);
/// GET /v1/reports/assists: assists per company and region.
response assists_report(const handler_context& ctx);
/// GET /v1/reports/clearing: the netted statement per insurer pair.
response clearing_report(const handler_context& ctx);
/// GET /v1/reports/monthly: all of the above for the month, with changes against the last.
response monthly_report(const handler_context& ctx);

/// GET /console/api/reports/monthly.pdf?month=: the monthly report as a printable PDF.
response monthly_report_pdf(const handler_context& ctx);

/// The monthly report of ?month= as JSON text (for its PDF); nullopt with `errors` set
/// when the query names no month.
struct monthly_report_text {
    std::string month;
    std::string document;
};
std::optional<monthly_report_text> read_monthly(const handler_context& ctx,
                                                std::vector<field_error>& errors);

}  // namespace crossclaim::gateway::handlers
