#include "gateway/handlers/reports.hpp"

#include <boost/json.hpp>

#include "fast_settle/clearing.hpp"
#include "gateway/app.hpp"
#include "storage/reports_store.hpp"

namespace crossclaim::gateway::handlers {
namespace {

namespace bj = boost::json;

struct month_range {
    std::string text;
    domain::date from, to;
};

std::optional<month_range> parse_month(const std::optional<std::string>& m) {
    if (!m || m->size() != 7) return std::nullopt;
    const auto first = domain::parse_date(*m + "-01");
    if (!first) return std::nullopt;
    const std::chrono::year_month_day ymd{*first};
    const auto next =
        std::chrono::year_month_day{ymd.year() / ymd.month() / 1} + std::chrono::months{1};
    return month_range{*m, *first, domain::date{next}};
}

bool wants_csv(const request& r) { return r.accept.find("text/csv") != std::string::npos; }

response bad_month() {
    return problem(422, "Unprocessable Content", "invalid query parameter",
                   {{"/query/month", "INVALID_MONTH", "must be a month like 2026-11"}});
}

response csv(std::string body, const std::string& name) {
    response r{200, "text/csv; charset=utf-8", std::move(body), {}};
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
    return r;
}

}  // namespace

response clearing_report(const handler_context& ctx) {
    const auto month = parse_month(ctx.request.param("month"));
    if (!month) return bad_month();
    const auto entries = storage::clearing_between(*ctx.db, month->from, month->to);
    const auto lines = fast_settle::net_statement(entries);
    if (wants_csv(ctx.request)) {
        std::string out =
            "month,debtor,creditor,net_amount,gross_debtor_to_creditor,gross_creditor_to_debtor,"
            "entries\n";
        for (const auto& l : lines)
            out += month->text + "," + l.debtor + "," + l.creditor + "," +
                   domain::to_string(l.amount) + "," +
                   domain::to_string(l.gross_debtor_to_creditor) + "," +
                   domain::to_string(l.gross_creditor_to_debtor) + "," + std::to_string(l.entries) +
                   "\n";
        return csv(std::move(out), "clearing-" + month->text);
    }
    bj::array statement;
    for (const auto& l : lines)
        statement.push_back(
            bj::object{{"debtor", l.debtor},
                       {"creditor", l.creditor},
                       {"amount", domain::to_string(l.amount)},
                       {"gross_debtor_to_creditor", domain::to_string(l.gross_debtor_to_creditor)},
                       {"gross_creditor_to_debtor", domain::to_string(l.gross_creditor_to_debtor)},
                       {"entries", l.entries}});
    return json_response(200, bj::serialize(bj::object{{"month", month->text},
                                                       {"entries", entries.size()},
                                                       {"statement", std::move(statement)}}));
}

response assists_report(const handler_context& ctx) {
    const auto month = parse_month(ctx.request.param("month"));
    if (!month) return bad_month();
    const auto counts = storage::assists_between(*ctx.db, month->from, month->to);
    if (wants_csv(ctx.request)) {
        std::string out = "month,member,region,assists\n";
        for (const auto& c : counts)
            out += month->text + "," + c.member + "," + c.region + "," + std::to_string(c.assists) +
                   "\n";
        return csv(std::move(out), "assists-" + month->text);
    }
    bj::array rows;
    for (const auto& c : counts)
        rows.push_back(
            bj::object{{"member", c.member}, {"region", c.region}, {"assists", c.assists}});
    return json_response(
        200, bj::serialize(bj::object{{"month", month->text}, {"assists", std::move(rows)}}));
}

}  // namespace crossclaim::gateway::handlers
