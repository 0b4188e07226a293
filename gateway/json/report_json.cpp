#include "gateway/json/report_json.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>

#include "domain/money.hpp"

namespace crossclaim::gateway::json {
namespace {

namespace bj = boost::json;

// Serialises like boost::json::serialize, but writes a fraction as people read it: 0.6667
// and 12.5, not 6.667E-1 and 1.25E1.
void write(std::string& out, const bj::value& v) {
    switch (v.kind()) {
        case bj::kind::object: {
            out += '{';
            bool first = true;
            for (const auto& [k, child] : v.get_object()) {
                if (!first) out += ',';
                first = false;
                out += bj::serialize(bj::string_view(k)) + ":";
                write(out, child);
            }
            out += '}';
            break;
        }
        case bj::kind::array: {
            out += '[';
            bool first = true;
            for (const auto& child : v.get_array()) {
                if (!first) out += ',';
                first = false;
                write(out, child);
            }
            out += ']';
            break;
        }
        case bj::kind::double_: {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.10g", v.get_double());
            out += buf;
            break;
        }
        default:
            out += bj::serialize(v);
    }
}

std::string text_of(const bj::value& v) {
    std::string out;
    write(out, v);
    return out;
}

bj::object period_fields(const period_label& p) {
    bj::object o;
    if (!p.month.empty()) o["month"] = p.month;
    o["from"] = domain::format_date(p.days.from);
    o["to"] = domain::format_date(p.days.to - std::chrono::days{1});  // the last day, inclusive
    return o;
}

void append(bj::object& to, const std::string& json_text) {
    auto parsed = bj::parse(json_text);
    for (auto& [k, v] : parsed.as_object()) to[k] = std::move(v);
}

bj::object assists_object(const storage::report_figures& f) {
    bj::array rows;
    for (const auto& c : f.assists)
        rows.push_back(
            bj::object{{"member", c.member}, {"region", c.region}, {"assists", c.assists}});
    return bj::object{{"assists", std::move(rows)}};
}

bj::object clearing_object(const storage::report_figures& f) {
    bj::array statement;
    for (const auto& l : fast_settle::net_statement(f.clearing))
        statement.push_back(
            bj::object{{"debtor", l.debtor},
                       {"creditor", l.creditor},
                       {"amount", domain::to_string(l.amount)},
                       {"gross_debtor_to_creditor", domain::to_string(l.gross_debtor_to_creditor)},
                       {"gross_creditor_to_debtor", domain::to_string(l.gross_creditor_to_debtor)},
                       {"entries", l.entries}});
    std::size_t entries = 0;
    for (const auto& t : f.clearing) entries += t.entries;
    return bj::object{{"entries", entries}, {"statement", std::move(statement)}};
}

bj::object report_object(storage::report which, const storage::report_figures& f,
                         const period_label& p) {
    bj::object o = period_fields(p);
    switch (which) {
        case storage::report::summary: append(o, f.summary_json); break;
        case storage::report::sla: append(o, f.sla_json); break;
        case storage::report::fraud: append(o, f.fraud_json); break;
        case storage::report::assists:
            for (auto& [k, v] : assists_object(f)) o[k] = std::move(v);
            break;
        case storage::report::clearing:
            for (auto& [k, v] : clearing_object(f)) o[k] = std::move(v);
            break;
    }
    return o;
}

const bj::value* at_path(const bj::object& o, std::initializer_list<std::string_view> path) {
    const bj::value* v = nullptr;
    const bj::object* cur = &o;
    for (auto key : path) {
        if (!cur) return nullptr;
        v = cur->if_contains(key);
        if (!v) return nullptr;
        cur = v->if_object();
    }
    return v;
}

double number(const bj::value& v) {
    if (v.is_int64()) return static_cast<double>(v.as_int64());
    if (v.is_uint64()) return static_cast<double>(v.as_uint64());
    if (v.is_double()) return v.as_double();
    return 0;
}

// The change of one headline figure: a count's difference, a share's difference in four
// decimals, a money amount's difference as money; null when either month has none.
bj::value change(const bj::value& cur, const bj::value& prev) {
    if (cur.is_null() || prev.is_null()) return nullptr;
    if (cur.is_string() && prev.is_string()) {
        const auto a = domain::parse_money(cur.as_string());
        const auto b = domain::parse_money(prev.as_string());
        if (!a || !b) return nullptr;
        return bj::value(domain::to_string(domain::money{a->fen - b->fen}));
    }
    if (cur.is_double() || prev.is_double())
        return std::round((number(cur) - number(prev)) * 10000.0) / 10000.0;
    return static_cast<std::int64_t>(number(cur) - number(prev));
}

struct headline {
    std::string_view figure;
    std::initializer_list<std::string_view> path;
};

const std::array<headline, 9>& headlines() {
    static const std::array<headline, 9> h{{
        {"claims", {"summary", "claims"}},
        {"party_claims", {"summary", "party_claims"}},
        {"out_of_area_share", {"summary", "out_of_area", "share"}},
        {"fast_settle_share", {"summary", "fast_settle", "share"}},
        {"sla_attainment", {"sla", "overall", "attainment"}},
        {"assists", {"assists_total"}},
        {"clearing_entries", {"clearing", "entries"}},
        {"leads", {"fraud", "leads", "total"}},
        {"confirmed_amount", {"fraud", "confirmed_amount"}},
    }};
    return h;
}

bj::object monthly_parts(const storage::report_figures& f) {
    bj::object summary, sla, fraud;
    append(summary, f.summary_json);
    append(sla, f.sla_json);
    append(fraud, f.fraud_json);
    long long assists = 0;
    for (const auto& a : f.assists) assists += a.assists;
    return bj::object{{"summary", std::move(summary)},      {"sla", std::move(sla)},
                      {"assists", assists_object(f)},       {"clearing", clearing_object(f)},
                      {"fraud", std::move(fraud)},          {"assists_total", assists}};
}

// CSV in long form.

bool is_dimension(std::string_view name) {
    static constexpr std::array<std::string_view, 20> names{
        "month",  "accident_region", "underwriting_region", "insurer", "tier",     "stage",
        "reason", "status",          "rule",                "member",  "region",   "level",
        "debtor", "creditor",        "claim_id",            "party",   "due",      "figure",
        "branch", "event_id"};
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::string cell(const bj::value& v) {
    std::string text;
    if (v.is_string())
        text = std::string(v.as_string());
    else if (v.is_null())
        text = "";
    else
        text = text_of(v);
    // A cell a spreadsheet would run as a formula is quoted as text.
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '@' || text[0] == '\t' ||
                          text[0] == '\r'))
        text.insert(0, "'");
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string q = "\"";
    for (char c : text) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

void line(std::string& out, const std::string& section, const std::string& key,
          std::string_view measure, const bj::value& v) {
    out += cell(bj::value(section)) + "," + cell(bj::value(key)) + "," +
           cell(bj::value(std::string(measure))) + "," + cell(v) + "\n";
}

void flatten(std::string& out, const bj::object& o, const std::string& section) {
    for (const auto& [k, v] : o) {
        const std::string sub = section + "." + std::string(k);
        if (const auto* child = v.if_object()) {
            flatten(out, *child, sub);
        } else if (const auto* rows = v.if_array()) {
            for (const auto& row : *rows) {
                const auto* r = row.if_object();
                if (!r) continue;
                std::string key;
                for (const auto& [rk, rv] : *r)
                    if (is_dimension(rk))
                        key += (key.empty() ? "" : " / ") +
                               (rv.is_string() ? std::string(rv.as_string()) : text_of(rv));
                for (const auto& [rk, rv] : *r)
                    if (!is_dimension(rk) && !rv.is_object() && !rv.is_array())
                        line(out, sub, key, rk, rv);
            }
        } else {
            line(out, section, "", k, v);  // a figure of the section itself
        }
    }
}

}  // namespace

std::string report_document(storage::report which, const storage::report_figures& f,
                            const period_label& p) {
    return text_of(report_object(which, f, p));
}

std::string monthly_document(const storage::report_figures& current, const period_label& cur,
                             const storage::report_figures& previous, const period_label& prev) {
    auto now = monthly_parts(current);
    const auto before = monthly_parts(previous);
    bj::array changes;
    for (const auto& h : headlines()) {
        const bj::value* a = at_path(now, h.path);
        const bj::value* b = at_path(before, h.path);
        const bj::value c = a ? *a : bj::value(nullptr), p = b ? *b : bj::value(nullptr);
        changes.push_back(bj::object{
            {"figure", h.figure}, {"current", c}, {"previous", p}, {"change", change(c, p)}});
    }
    now.erase("assists_total");
    bj::object o = period_fields(cur);
    o["previous_month"] = prev.month;
    for (auto& [k, v] : now) o[k] = std::move(v);
    o["changes"] = std::move(changes);
    return text_of(o);
}

std::string report_csv(std::string_view name, std::string_view document) {
    std::string out = "section,key,measure,value\n";
    const auto doc = bj::parse(document);
    flatten(out, doc.as_object(), std::string(name));
    return out;
}

}  // namespace crossclaim::gateway::json
