#include "services/investigation.hpp"

#include <boost/json.hpp>
#include <set>

#include "fraud/lead_status.hpp"
#include "privacy/identifiers.hpp"
#include "support/ids.hpp"

namespace crossclaim::services {
namespace {

namespace bj = boost::json;

std::vector<entity_view> views_of(const std::vector<storage::entity_row>& rows,
                                  const privacy::keyring& keys, bool reveal) {
    std::vector<entity_view> out;
    for (const auto& e : rows) {
        entity_view v{e.kind, e.hash, e.masked, std::nullopt};
        if (reveal)
            if (const auto kind = fraud::id_kind_from(e.kind)) v.value = keys.open(*kind, e.sealed);
        out.push_back(std::move(v));
    }
    return out;
}

std::string actor(const caller& who) { return who.organisation + "/" + who.name; }

// Graph node kinds by identifier kind (API.md: claims, vehicles, people, phones, shops,
// accounts; evidence shared between claims is shown too).
std::string node_kind(const std::string& kind) {
    if (kind == "plate" || kind == "vin") return "vehicle";
    if (kind == "id_number") return "person";
    return kind;
}

}  // namespace

std::optional<std::string> invalid_reason(const std::string& reason) {
    if (reason.empty()) return "a case reference (reason) is required";
    if (reason.size() > 64) return "the case reference is longer than 64 characters";
    for (char c : reason)
        if (c <= ' ' || c > '~') return "the case reference must be visible ASCII without spaces";
    return std::nullopt;
}

std::optional<lead_view> get_lead(storage::session& db, const privacy::keyring& keys,
                                  const std::string& lead_id,
                                  const std::optional<std::string>& reveal_reason,
                                  const caller& who) {
    storage::leads_tx tx(db);
    auto lead = tx.find(lead_id);
    if (!lead) return std::nullopt;
    lead_view v;
    const auto rows = tx.entities(lead_id);
    v.entities = views_of(rows, keys, reveal_reason.has_value());
    for (const auto& e : rows) v.masked[e.hash] = e.masked;
    v.history = tx.history(lead_id);
    v.reporter = tx.reporter(lead_id);
    if (reveal_reason) {
        std::set<std::string> kinds;
        for (const auto& e : rows) kinds.insert(e.kind);
        for (const auto& k : kinds)
            tx.audit(
                {who.name, who.organisation, "reveal", k, lead_id, lead->claims, *reveal_reason});
    }
    v.lead = std::move(*lead);
    tx.commit();
    return v;
}

patch_result patch_lead(storage::session& db, const config::fraud_settings& f,
                        const std::string& lead_id, const lead_patch& p, const caller& who) {
    storage::leads_tx tx(db);
    const auto lead = tx.find(lead_id, true);
    if (!lead) return {patch_result::not_found, "no lead " + lead_id, ""};
    const auto from = fraud::parse_lead_status(lead->status);
    if (from == fraud::lead_status::merged)
        return {patch_result::conflict,
                "the lead was merged into " + lead->merged_into.value_or("another") +
                    "; change that one",
                ""};
    if (p.assignee) {
        tx.set_assignee(lead_id, *p.assignee);
        tx.add_history(lead_id, actor(who), "assignee " + *p.assignee);
    }
    if (p.note) tx.add_history(lead_id, actor(who), "note", *p.note);
    auto confirmed = p.confirmed_amount ? p.confirmed_amount : lead->confirmed_amount;
    if (p.status) {
        const auto to = fraud::parse_lead_status(*p.status);
        if (!to || *to == fraud::lead_status::merged)
            return {patch_result::invalid,
                    "must be ASSIGNED, INVESTIGATING, CONFIRMED or DISMISSED", "/status"};
        if (!from || !fraud::can_move(*from, *to))
            return {patch_result::conflict,
                    "a lead cannot go from " + lead->status + " to " + *p.status, ""};
        if (*to == fraud::lead_status::confirmed && !confirmed)
            return {patch_result::invalid, "a confirmed lead needs the confirmed amount",
                    "/confirmed_amount"};
        tx.set_status(lead_id, *p.status);
        tx.add_history(lead_id, actor(who), "status " + lead->status + " -> " + *p.status);
    }
    if (p.confirmed_amount || (p.status && *p.status == "CONFIRMED")) {
        const auto reward = fraud::reward_for(*confirmed, f.reward_share_basis_points);
        tx.set_confirmed(lead_id, *confirmed, reward);
        tx.add_history(lead_id, actor(who),
                       "confirmed amount " + domain::to_string(*confirmed) + ", reward " +
                           domain::to_string(reward));
    }
    tx.commit();
    return {};
}

std::optional<graph> lead_graph(storage::session& db, const std::string& lead_id) {
    storage::leads_tx tx(db);
    const auto lead = tx.find(lead_id);
    if (!lead) return std::nullopt;
    const auto entries = tx.graph_entries(lead->claims);
    tx.commit();

    graph g;
    std::set<std::string> seen;
    for (const auto& c : lead->claims) {
        g.nodes.push_back({"claim:" + c, "claim", c.substr(0, 8)});
        seen.insert("claim:" + c);
    }
    // Evidence is a node only when two of the lead's claims share it.
    std::map<std::string, std::set<std::string>> evidence_claims;
    for (const auto& e : entries)
        if (e.kind == "evidence") evidence_claims[e.hash].insert(e.claim_id);
    std::set<std::string> edges;
    for (const auto& e : entries) {
        if (e.kind == "evidence" && evidence_claims[e.hash].size() < 2) continue;
        // A vehicle is one node whether it was matched by plate or VIN.
        const bool vehicle = e.kind == "plate" || e.kind == "vin";
        const std::string id =
            node_kind(e.kind) + ":" + (vehicle ? e.vehicle : e.hash).substr(0, 16);
        if (seen.insert(id).second) g.nodes.push_back({id, node_kind(e.kind), e.masked});
        const std::string key = "claim:" + e.claim_id + ">" + id;
        if (edges.insert(key).second) g.edges.push_back({"claim:" + e.claim_id, id, e.kind});
    }
    return g;
}

std::optional<std::vector<storage::entity_claim>> search_entity(
    storage::session& db, const privacy::keyring& keys, fraud::id_kind kind,
    const std::string& value, const std::string& reason, const caller& who) {
    const auto normalised = privacy::normalise(kind, value);
    if (!normalised || normalised->empty()) return std::nullopt;
    storage::leads_tx tx(db);
    auto claims =
        tx.claims_with(std::string(fraud::to_string(kind)), keys.hash(kind, *normalised), 500);
    std::vector<std::string> ids;
    for (const auto& c : claims) ids.push_back(c.claim_id);
    tx.audit({who.name, who.organisation, "entity_search", std::string(fraud::to_string(kind)),
              std::nullopt, ids, reason});
    tx.commit();
    return claims;
}

std::optional<referral> make_referral(storage::session& db, const privacy::keyring& keys,
                                      const std::string& lead_id, const std::string& reason,
                                      const caller& who) {
    storage::leads_tx tx(db);
    const auto lead = tx.find(lead_id);
    if (!lead) return std::nullopt;
    bj::array rules;
    for (const auto& h : lead->hits)
        rules.push_back(bj::object{{"code", h.code},
                                   {"claim_id", h.claim_id},
                                   {"claims", bj::array(h.claims.begin(), h.claims.end())},
                                   {"explanation", h.explanation},
                                   {"rule_set_version", h.rule_set_version}});
    bj::array identifiers;
    for (const auto& e : views_of(tx.entities(lead_id), keys, true))
        identifiers.push_back(
            bj::object{{"kind", e.kind}, {"value", e.value.value_or("")}, {"masked", e.masked}});
    bj::array evidence;
    for (const auto& [claim_id, sealed] : tx.evidence_of(lead->claims))
        evidence.push_back(
            bj::object{{"claim_id", claim_id},
                       {"sha256", keys.open(fraud::id_kind::evidence, sealed).value_or("")}});
    const bj::object doc{{"lead_id", lead->lead_id},
                         {"status", lead->status},
                         {"score", lead->score},
                         {"region", lead->region},
                         {"case_reference", reason},
                         {"exported_by", actor(who)},
                         {"claims", bj::array(lead->claims.begin(), lead->claims.end())},
                         {"rules", std::move(rules)},
                         {"identifiers", std::move(identifiers)},
                         {"evidence", std::move(evidence)}};
    referral r{bj::serialize(doc), ""};
    r.sha256 = support::sha256_hex(r.document_json);
    tx.audit({who.name, who.organisation, "referral", std::nullopt, lead_id, lead->claims, reason});
    tx.commit();
    return r;
}

report_result report_fraud(storage::session& db, const config::settings& s,
                           const privacy::keyring& keys, const std::string& member,
                           const fraud_report& r) {
    using fraud::id_kind;
    storage::leads_tx tx(db);
    std::string region = s.zone.regions.empty() ? "" : s.zone.regions.front().code;
    if (r.claim_id) {
        const auto visible = tx.region_of_visible(*r.claim_id, member);
        if (!visible) return {report_result::unknown_claim, ""};
        region = *visible;
    }
    std::vector<storage::entity_row> entities;
    auto add = [&](id_kind kind, const std::vector<std::string>& values) {
        for (const auto& v : values)
            entities.push_back({std::string(fraud::to_string(kind)), keys.hash(kind, v),
                                privacy::mask(kind, v), keys.seal(kind, v)});
    };
    add(id_kind::plate, r.plates);
    add(id_kind::id_number, r.id_numbers);
    add(id_kind::phone, r.phones);
    add(id_kind::evidence, r.evidence);

    auto lead = tx.open_lead_for(r.claim_id, entities);
    if (!lead) lead = tx.create_lead(region, s.fraud.rules.version);
    if (r.claim_id) tx.add_claim(*lead, *r.claim_id);
    for (const auto& e : entities) tx.add_entity(*lead, e);
    bj::array evidence(r.evidence.begin(), r.evidence.end());
    tx.add_report(*lead, {member, r.adjuster_id, r.claim_id, r.note, bj::serialize(evidence)});
    tx.add_history(*lead, member + "/" + r.adjuster_id, "reported from the scene", r.note);
    tx.commit();
    return {report_result::created, *lead};
}

}  // namespace crossclaim::services
