// The monthly progress report as a PDF (GET /console/api/reports/monthly.pdf?month=): the
// monthly report's document laid out as headings and tables, labels in Chinese and English.

#include <boost/json.hpp>
#include <cstdio>

#include "gateway/handlers/reports.hpp"
#include "support/pdf.hpp"

namespace crossclaim::gateway::handlers {
namespace {

namespace bj = boost::json;

std::string text(const bj::value* v) {
    if (!v || v->is_null()) return "—";
    if (v->is_string()) return std::string(v->as_string());
    if (v->is_double()) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.10g", v->as_double());
        return buf;
    }
    return bj::serialize(*v);
}

// A share (0..1) as a percentage with one decimal.
std::string percent(const bj::value* v) {
    if (!v || v->is_null() || !v->is_number()) return "—";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", v->to_number<double>() * 100.0);
    return buf;
}
std::string percent(const bj::object& o, std::string_view key) { return percent(o.if_contains(key)); }

std::string text(const bj::object& o, std::string_view key) { return text(o.if_contains(key)); }

const bj::object& object_at(const bj::object& o, std::string_view key) {
    static const bj::object empty;
    const auto* v = o.if_contains(key);
    return v && v->is_object() ? v->as_object() : empty;
}

// A table of the objects of array `key` of `o`, one column per named field.
void rows_table(support::pdf_document& pdf, const bj::object& o, std::string_view key,
                const std::vector<std::string>& header, const std::vector<std::string_view>& fields,
                const std::vector<double>& widths) {
    std::vector<std::vector<std::string>> rows;
    if (const auto* a = o.if_contains(key); a && a->is_array())
        for (const auto& row : a->as_array()) {
            if (!row.is_object()) continue;
            std::vector<std::string> cells;
            for (auto f : fields) cells.push_back(text(row.as_object(), f));
            rows.push_back(std::move(cells));
        }
    pdf.table(header, rows, widths);
}

std::string layout(const bj::object& m) {
    const std::string month = text(m, "month");
    support::pdf_document pdf("月度进展报告 Monthly progress report " + month);
    pdf.line("跨区域车险理赔一体化服务 Cross-regional motor claims service · " + text(m, "from") +
             " – " + text(m, "to") + " · 上月 previous month " + text(m, "previous_month"));
    pdf.gap();

    pdf.heading("主要指标 Headline figures");
    rows_table(pdf, m, "changes", {"指标 Figure", "本月 This month", "上月 Previous", "变化 Change"},
               {"figure", "current", "previous", "change"}, {3, 2, 2, 2});

    const auto& summary = object_at(m, "summary");
    pdf.heading("案件概况 Claims");
    pdf.line("报案 Claims reported: " + text(summary, "claims") + "    各方案件 Party claims: " +
             text(summary, "party_claims"));
    pdf.line("异地案件 Out of area: " + text(object_at(summary, "out_of_area"), "party_claims") +
             " (" + percent(object_at(summary, "out_of_area"), "share") + ")    快处快赔 Fast-settle: " +
             text(object_at(summary, "fast_settle"), "eligible") + " (" +
             percent(object_at(summary, "fast_settle"), "share") + ")    互碰自赔 Mutual: " +
             text(object_at(summary, "mutual_self_settle"), "eligible"));
    pdf.gap();
    rows_table(pdf, summary, "by_direction",
               {"事故地 Accident region", "承保地 Underwriting region", "案件 Party claims"},
               {"accident_region", "underwriting_region", "party_claims"}, {2, 2, 2});
    rows_table(pdf, summary, "by_insurer", {"保险公司 Insurer", "案件 Party claims", "异地 Out of area"},
               {"insurer", "party_claims", "out_of_area"}, {2, 2, 2});
    rows_table(pdf, summary, "ineligibility_reasons", {"不适用快处原因 Ineligibility reason", "案件 Claims"},
               {"reason", "claims"}, {4, 2});

    const auto& sla = object_at(m, "sla");
    const auto& overall = object_at(sla, "overall");
    pdf.heading("时效 Service levels");
    pdf.line("时限 Deadlines: " + text(overall, "deadlines") + "    按时 On time: " +
             text(overall, "met_on_time") + "    超时 Late: " + text(overall, "met_late") +
             "    逾期未办 Overdue: " + text(overall, "open_overdue") + "    达标率 Attainment: " +
             percent(overall, "attainment"));
    pdf.gap();
    rows_table(pdf, sla, "attainment",
               {"保险公司 Insurer", "级别 Tier", "环节 Stage", "时限 Due", "按时 On time", "达标率 Attainment"},
               {"insurer", "tier", "stage", "deadlines", "met_on_time", "attainment"},
               {1.4, 1.4, 2.2, 1, 1, 1.2});
    rows_table(pdf, sla, "escalations", {"督办级别 Escalation level", "次数 Escalations"},
               {"level", "escalations"}, {3, 2});

    pdf.heading("协助查勘 Assists");
    rows_table(pdf, object_at(m, "assists"), "assists",
               {"保险公司 Company", "地区 Region", "协助 Assists"}, {"member", "region", "assists"},
               {2, 2, 2});

    pdf.heading("清算 Clearing");
    rows_table(pdf, object_at(m, "clearing"), "statement",
               {"付款方 Debtor", "收款方 Creditor", "净额 Net amount", "笔数 Entries"},
               {"debtor", "creditor", "amount", "entries"}, {2, 2, 2, 1});

    const auto& fraud = object_at(m, "fraud");
    pdf.heading("反欺诈 Fraud");
    pdf.line("线索 Leads: " + text(object_at(fraud, "leads"), "total") +
             "    确认金额 Confirmed amount: " + text(fraud, "confirmed_amount"));
    pdf.gap();
    rows_table(pdf, object_at(fraud, "leads"), "by_status", {"状态 Status", "线索 Leads"},
               {"status", "leads"}, {3, 2});
    rows_table(pdf, fraud, "rules",
               {"规则 Rule", "命中 Hits", "线索 Leads", "确认 Confirmed", "排除 Dismissed", "准确率 Precision"},
               {"rule", "hits", "leads", "confirmed", "dismissed", "precision"}, {2.4, 1, 1, 1, 1, 1.2});
    rows_table(pdf, fraud, "rewards", {"会员 Member", "举报 Reports", "确认 Confirmed", "奖励 Reward"},
               {"member", "reports", "confirmed_leads", "reward"}, {2, 1, 1, 1.5});
    return pdf.finish();
}

}  // namespace

response monthly_report_pdf(const handler_context& ctx) {
    std::vector<field_error> errors;
    const auto m = read_monthly(ctx, errors);
    if (!m) return query_rejected(errors);
    const auto doc = bj::parse(m->document);
    response r{200, "application/pdf", layout(doc.as_object()), {}};
    r.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"monthly-" + m->month + ".pdf\"");
    return r;
}

}  // namespace crossclaim::gateway::handlers
