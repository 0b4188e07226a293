#include "gateway/handlers/reports.hpp"

#include <cctype>

#include "gateway/json/report_json.hpp"
#include "storage/report_queries.hpp"
#include "storage/retention_store.hpp"

namespace crossclaim::gateway::handlers {
namespace {

using storage::report;

// A range of days may span at most this many, so that a report's time stays bounded.
constexpr int max_range_days = 366;

bool digits(std::string_view s) {
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

std::optional<json::period_label> month_period(std::string_view m) {
    if (m.size() != 7 || m[4] != '-' || !digits(m.substr(0, 4)) || !digits(m.substr(5)))
        return std::nullopt;
    const auto first = domain::parse_date(std::string(m) + "-01");
    if (!first) return std::nullopt;
    const std::chrono::year_month_day ymd{*first};
    const auto next = std::chrono::year_month_day{ymd.year() / ymd.month() / 1} + std::chrono::months{1};
    return json::period_label{std::string(m), {*first, domain::date{next}}};
}

json::period_label previous_month(const json::period_label& p) {
    const std::chrono::year_month_day ymd{p.days.from};
    const auto prev = std::chrono::year_month_day{ymd.year() / ymd.month() / 1} - std::chrono::months{1};
    const auto month = domain::format_date(domain::date{prev}).substr(0, 7);
    return *month_period(month);
}

struct period_or_errors {
    std::optional<json::period_label> period;
    std::vector<field_error> errors;
};

// ?month=YYYY-MM, or (where `ranges`) ?from=YYYY-MM-DD&to=YYYY-MM-DD with `to` inclusive.
period_or_errors read_period(const request& r, bool ranges) {
    const auto month = r.param("month");
    const auto from = r.param("from"), to = r.param("to");
    if (month) {
        if (auto p = month_period(*month)) return {std::move(p), {}};
        return {std::nullopt, {{"/query/month", "INVALID_MONTH", "must be a month like 2026-11"}}};
    }
    if (!ranges || (!from && !to))
        return {std::nullopt,
                {{"/query/month", "REQUIRED",
                  ranges ? "give month=YYYY-MM, or from=YYYY-MM-DD and to=YYYY-MM-DD"
                         : "give month=YYYY-MM"}}};
    std::vector<field_error> errors;
    std::optional<domain::date> first, last;
    for (const auto& [name, value, out] :
         {std::tuple{"from", from, &first}, std::tuple{"to", to, &last}}) {
        const std::string path = std::string("/query/") + name;
        if (!value)
            errors.push_back({path, "REQUIRED", "give both from and to (YYYY-MM-DD)"});
        else if (!(*out = domain::parse_date(*value)))
            errors.push_back({path, "INVALID_DATE", "must be a date like 2026-11-30"});
    }
    if (errors.empty() && *last < *first)
        errors.push_back({"/query/to", "INVALID_RANGE", "must not be before from"});
    if (errors.empty() && (*last - *first).count() >= max_range_days)
        errors.push_back({"/query/to", "RANGE_TOO_LONG",
                          "a range may span at most " + std::to_string(max_range_days) + " days"});
    if (!errors.empty()) return {std::nullopt, std::move(errors)};
    return {json::period_label{"", {*first, *last + std::chrono::days{1}}}, {}};
}

response invalid_query(std::vector<field_error> errors) {
    return query_rejected(errors);
}

std::string file_name(std::string_view report_name, const json::period_label& p) {
    return std::string(report_name) + "-" +
           (p.month.empty() ? domain::format_date(p.days.from) + "_" +
                                  domain::format_date(p.days.to - std::chrono::days{1})
                            : p.month);
}

response render(const request& r, std::string_view name, const json::period_label& p,
                std::string document) {
    if (r.accept.find("text/csv") == std::string::npos) return json_response(200, std::move(document));
    response out{200, "text/csv; charset=utf-8", json::report_csv(name, document), {}};
    out.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"" + file_name(name, p) + ".csv\"");
    return out;
}

// Once a month of claims is dropped past the zone's retention of claims, a period that starts
// before the reports count every row again would count some of its claims and not others:
// it is refused. `counted` is the period the report reads (for the monthly report, the
// previous month too).
std::optional<field_error> past_retention(const handler_context& ctx, const json::period_label& p,
                                          domain::date counted) {
    const auto from = storage::reports_complete_from(*ctx.db);
    if (!from || domain::format_date(counted) >= *from) return std::nullopt;
    return field_error{p.month.empty() ? "/query/from" : "/query/month", "PAST_RETENTION",
                       "claims of this period" +
                           std::string(counted < p.days.from ? " or of the month before it" : "") +
                           " were dropped past the zone's retention of claims; the reports count "
                           "every claim from " + *from};
}

template <report R>
response one_report(const handler_context& ctx, std::string_view name, bool ranges) {
    auto p = read_period(ctx.request, ranges);
    if (!p.period) return invalid_query(std::move(p.errors));
    if (R != report::fraud)
        if (auto e = past_retention(ctx, *p.period, p.period->days.from)) return invalid_query({*e});
    const auto figures = storage::read_reports(*ctx.db, {p.period->days}, {R});
    return render(ctx.request, name, *p.period, json::report_document(R, figures[0], *p.period));
}

}  // namespace

std::optional<monthly_report_text> read_monthly(const handler_context& ctx,
                                                std::vector<field_error>& errors) {
    auto p = read_period(ctx.request, false);
    if (!p.period) {
        errors = std::move(p.errors);
        return std::nullopt;
    }
    const auto prev = previous_month(*p.period);
    if (auto e = past_retention(ctx, *p.period, prev.days.from)) {
        errors = {*e};
        return std::nullopt;
    }
    const auto f = storage::read_reports(
        *ctx.db, {p.period->days, prev.days},
        {report::summary, report::sla, report::fraud, report::assists, report::clearing});
    return monthly_report_text{p.period->month, json::monthly_document(f[0], *p.period, f[1], prev)};
}

response summary_report(const handler_context& ctx) {
    return one_report<report::summary>(ctx, "summary", true);
}
response sla_report(const handler_context& ctx) {
    return one_report<report::sla>(ctx, "sla", true);
}
response fraud_report(const handler_context& ctx) {
    return one_report<report::fraud>(ctx, "fraud", true);
}
response assists_report(const handler_context& ctx) {
    return one_report<report::assists>(ctx, "assists", true);
}
response clearing_report(const handler_context& ctx) {
    return one_report<report::clearing>(ctx, "clearing", true);
}

response monthly_report(const handler_context& ctx) {
    std::vector<field_error> errors;
    auto m = read_monthly(ctx, errors);
    if (!m) return invalid_query(std::move(errors));
    const auto label = *month_period(m->month);
    return render(ctx.request, "monthly", label, std::move(m->document));
}

}  // namespace crossclaim::gateway::handlers
