#include "gateway/json/lead_json.hpp"

#include <boost/json.hpp>

namespace crossclaim::gateway::json {
namespace {

namespace bj = boost::json;

bj::value opt_money(const std::optional<domain::money>& m) {
    if (!m) return nullptr;
    return bj::value(domain::to_string(*m));
}

bj::value opt_text(const std::optional<std::string>& s) {
    if (!s) return nullptr;
    return bj::value(*s);
}

// One rule's hit: the claims, the explanation, and which claims matched on what (masked).
bj::object hit_json(const storage::hit_row& h, const std::map<std::string, std::string>* masked) {
    bj::array matches;
    const auto evidence = bj::parse(h.evidence_json);
    for (const auto& e : evidence.as_array()) {
        const auto& o = e.as_object();
        bj::object m{{"claim_id", o.at("claim_id")},
                     {"kind", o.at("kind")},
                     {"occurred_at", domain::format_rfc3339(domain::instant{std::chrono::seconds{
                                         o.at("occurred_at").to_number<long long>()}})}};
        if (masked) {
            const auto it = masked->find(std::string(o.at("hash").as_string()));
            m["masked"] = it == masked->end() ? bj::value(nullptr) : bj::value(it->second);
        }
        matches.push_back(std::move(m));
    }
    return {{"code", h.code},
            {"weight", h.weight},
            {"claims", bj::array(h.claims.begin(), h.claims.end())},
            {"evidence", h.explanation},
            {"matches", std::move(matches)},
            {"rule_set_version", h.rule_set_version}};
}

bj::object lead_json(const storage::lead_row& l,
                     const std::map<std::string, std::string>* masked = nullptr) {
    bj::array rules;
    for (const auto& h : l.hits) rules.push_back(hit_json(h, masked));
    return {{"lead_id", l.lead_id},
            {"status", l.status},
            {"score", l.score},
            {"region", l.region},
            {"claims", bj::array(l.claims.begin(), l.claims.end())},
            {"rules", std::move(rules)},
            {"assignee", opt_text(l.assignee)},
            {"confirmed_amount", opt_money(l.confirmed_amount)},
            {"reward", opt_money(l.reward)},
            {"merged_into", opt_text(l.merged_into)},
            {"rule_set_version", l.rule_set_version},
            {"created_at", domain::format_rfc3339(l.created_at)},
            {"updated_at", domain::format_rfc3339(l.updated_at)}};
}

}  // namespace

std::string encode_lead_list(const std::vector<storage::lead_row>& leads,
                             const std::string& next_cursor) {
    bj::array out;
    for (const auto& l : leads) out.push_back(lead_json(l));
    return bj::serialize(bj::object{
        {"leads", std::move(out)},
        {"next_cursor", next_cursor.empty() ? bj::value(nullptr) : bj::value(next_cursor)}});
}

std::string encode_lead(const services::lead_view& v) {
    auto o = lead_json(v.lead, &v.masked);
    bj::array entities;
    for (const auto& e : v.entities) {
        bj::object eo{{"kind", e.kind}, {"masked", e.masked}};
        if (e.value) eo["value"] = *e.value;
        entities.push_back(std::move(eo));
    }
    bj::array notes, history;
    for (const auto& h : v.history) {
        if (h.change == "note")
            notes.push_back(bj::object{
                {"at", domain::format_rfc3339(h.at)}, {"author", h.actor}, {"note", h.note}});
        history.push_back(bj::object{
            {"at", domain::format_rfc3339(h.at)}, {"actor", h.actor}, {"change", h.change}});
    }
    o["entities"] = std::move(entities);
    o["notes"] = std::move(notes);
    o["history"] = std::move(history);
    if (v.reporter)
        o["reported_by"] =
            bj::object{{"member", v.reporter->first}, {"adjuster_id", v.reporter->second}};
    return bj::serialize(o);
}

std::string encode_graph(const services::graph& g) {
    bj::array nodes, edges;
    for (const auto& n : g.nodes)
        nodes.push_back(bj::object{{"id", n.id}, {"kind", n.kind}, {"label", n.label}});
    for (const auto& e : g.edges)
        edges.push_back(bj::object{{"from", e.from}, {"to", e.to}, {"kind", e.kind}});
    return bj::serialize(bj::object{{"nodes", std::move(nodes)}, {"edges", std::move(edges)}});
}

std::string encode_entity_claims(const std::string& kind,
                                 const std::vector<storage::entity_claim>& claims) {
    bj::array out;
    for (const auto& c : claims)
        out.push_back(bj::object{{"claim_id", c.claim_id},
                                 {"member", c.member},
                                 {"region", c.region},
                                 {"party", c.party},
                                 {"masked", c.masked},
                                 {"occurred_at", domain::format_rfc3339(c.occurred_at)}});
    return bj::serialize(bj::object{{"kind", kind}, {"claims", std::move(out)}});
}

std::string encode_rules(const fraud::rule_settings& s,
                         const std::vector<storage::rule_stats>& st) {
    const auto r = [&](bool enabled, int weight, bj::object thresholds) {
        return bj::object{
            {"enabled", enabled}, {"weight", weight}, {"thresholds", std::move(thresholds)}};
    };
    std::map<std::string_view, bj::object> settings{
        {"FREQUENT_VEHICLE", r(s.frequent_vehicle.enabled, s.frequent_vehicle.weight,
                               {{"max_claims", s.frequent_vehicle.max_claims},
                                {"window_days", s.frequent_vehicle.window_days}})},
        {"FREQUENT_DRIVER", r(s.frequent_driver.enabled, s.frequent_driver.weight,
                              {{"min_vehicles", s.frequent_driver.min_vehicles},
                               {"window_days", s.frequent_driver.window_days}})},
        {"SAME_ID_48H", r(s.same_id_48h.enabled, s.same_id_48h.weight,
                          {{"window_hours", s.same_id_48h.window_hours}})},
        {"NEAR_POLICY_EDGE", r(s.near_policy_edge.enabled, s.near_policy_edge.weight,
                               {{"window_days", s.near_policy_edge.window_days}})},
        {"DUPLICATE_EVIDENCE", r(s.duplicate_evidence.enabled, s.duplicate_evidence.weight, {})},
        {"REPEAT_PAIR", r(s.repeat_pair.enabled, s.repeat_pair.weight,
                          {{"window_days", s.repeat_pair.window_days}})},
        {"SHARED_PHONE", r(s.shared_phone.enabled, s.shared_phone.weight,
                           {{"min_people", s.shared_phone.min_people}})},
        {"AMOUNT_OUTLIER", r(s.amount_outlier.enabled, s.amount_outlier.weight,
                             {{"median_multiple", s.amount_outlier.median_multiple},
                              {"min_samples", s.amount_outlier.min_samples}})},
        {"DOUBLE_REPORT", r(s.double_report.enabled, s.double_report.weight,
                            {{"window_hours", s.double_report.window_hours},
                             {"min_members", s.double_report.min_members}})},
        {"NIGHT_SINGLE_LARGE", r(s.night_single_large.enabled, s.night_single_large.weight,
                                 {{"night_start_hour", s.night_single_large.night_start_hour},
                                  {"night_end_hour", s.night_single_large.night_end_hour},
                                  {"min_loss", domain::to_string(s.night_single_large.min_loss)}})},
        {"SHOP_CLUSTER", r(s.shop_cluster.enabled, s.shop_cluster.weight,
                           {{"min_flagged_claims", s.shop_cluster.min_flagged_claims}})},
    };
    bj::array rules;
    for (const auto code : fraud::rule_codes) {
        auto o = settings.at(code);
        storage::rule_stats figures{std::string(code), 0, 0, 0, 0, {}};
        for (const auto& f : st)
            if (f.code == code) figures = f;
        const auto closed = figures.confirmed + figures.dismissed;
        o["code"] = code;
        o["rule_set_version"] = s.version;
        o["hits"] = figures.hits;
        o["leads"] = figures.leads;
        o["confirmed"] = figures.confirmed;
        o["dismissed"] = figures.dismissed;
        o["precision"] =
            closed == 0
                ? bj::value(nullptr)
                : bj::value(static_cast<double>(figures.confirmed) / static_cast<double>(closed));
        o["amount_confirmed"] = domain::to_string(figures.amount_confirmed);
        rules.push_back(std::move(o));
    }
    return bj::serialize(bj::object{{"rule_set_version", s.version}, {"rules", std::move(rules)}});
}

}  // namespace crossclaim::gateway::json
