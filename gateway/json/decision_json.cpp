// The decisions answered for a report: fast-settle, mutual self-settlement and the SLA.

#include <boost/json.hpp>

#include "gateway/json/claim_json.hpp"

namespace crossclaim::gateway::json {
namespace {

namespace bj = boost::json;

bj::array strings(const std::vector<std::string>& v) {
    bj::array out;
    for (const auto& s : v) out.emplace_back(s);
    return out;
}

bj::array payments(const std::vector<fast_settle::payment>& ps) {
    bj::array out;
    for (const auto& p : ps) {
        bj::value on_behalf_of = nullptr;
        if (p.on_behalf_of) on_behalf_of = *p.on_behalf_of;
        out.push_back(bj::object{{"payer", p.payer},
                                 {"on_behalf_of", std::move(on_behalf_of)},
                                 {"beneficiary", p.beneficiary},
                                 {"coverage", fast_settle::to_string(p.coverage)},
                                 {"amount", domain::to_string(p.amount)}});
    }
    return out;
}

}  // namespace

std::string encode_assessment_fields(const fast_settle::assessment& a, domain::sla_tier tier,
                                     const std::vector<domain::deadline>& deadlines) {
    const auto& fs = a.fast_settle;
    bj::value liability = nullptr;
    if (fs.liability) {
        bj::object l;
        for (const auto& [role, share] : *fs.liability) l[role] = share;
        liability = std::move(l);
    }
    bj::array due;
    for (const auto& d : deadlines)
        due.push_back(bj::object{{"stage", domain::to_string(d.stage)},
                                 {"due", domain::format_rfc3339(d.due)},
                                 {"basis", d.basis}});

    const auto& ms = a.mutual_self_settle;
    const bj::object out{
        {"fast_settle", bj::object{{"eligible", fs.eligible},
                                   {"reasons", strings(fs.reasons)},
                                   {"table_version", fs.table_version},
                                   {"table_sha256", fs.table_sha256},
                                   {"liability", std::move(liability)},
                                   {"decided_by", fs.decided_by},
                                   {"payments", payments(fs.payments)}}},
        {"mutual_self_settle", bj::object{{"eligible", ms.eligible},
                                          {"reasons", strings(ms.reasons)},
                                          {"payments", payments(ms.payments)}}},
        {"sla", bj::object{{"tier", domain::to_string(tier)}, {"deadlines", std::move(due)}}}};
    return bj::serialize(out);
}

std::string splice_objects(std::string_view outer, std::string_view inner) {
    const auto trim = [](std::string_view s) {
        const auto first = s.find_first_not_of(" \t\r\n");
        if (first == std::string_view::npos) return std::string_view{};
        return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
    };
    const auto members = [&](std::string_view obj) {  // the text between the braces
        obj = trim(obj);
        return obj.size() < 2 ? std::string_view{} : trim(obj.substr(1, obj.size() - 2));
    };
    const auto a = members(outer), b = members(inner);
    std::string out = "{";
    out += a;
    if (!a.empty() && !b.empty()) out += ',';
    out += b;
    out += '}';
    return out;
}

}  // namespace crossclaim::gateway::json
