#include "services/intake.hpp"

#include <boost/json.hpp>

#include "adapters/envelope.hpp"
#include "gateway/json/claim_json.hpp"
#include "privacy/personal_fields.hpp"
#include "services/pooling.hpp"
#include "support/ids.hpp"

namespace crossclaim::services {
namespace {

namespace bj = boost::json;

bj::array routing_json(const std::vector<domain::party_route>& routes) {
    bj::array out;
    for (const auto& r : routes) {
        bj::array flags;
        for (const auto& f : r.flags) flags.emplace_back(f);
        out.push_back(bj::object{{"party", r.party},
                                 {"insurer", r.insurer},
                                 {"underwriting_region", r.underwriting_region},
                                 {"handling_branch", r.handling_branch},
                                 {"out_of_area", r.out_of_area},
                                 {"flags", std::move(flags)}});
    }
    return out;
}

// The facts a branch needs to start work on one party's claim. Never pool data: what a
// member sees of a claim is the claim, not what the pool made of it.
std::string routed_data(const domain::claim& c, const domain::party& p,
                        const domain::party_route& r, const decision& d, bool handling) {
    bj::object data{{"party", p.role},
                    {"duty", handling ? "HANDLE" : "UNDERWRITER_NOTICE"},
                    {"insurer", r.insurer},
                    {"handling_branch", r.handling_branch},
                    {"underwriting_region", r.underwriting_region},
                    {"out_of_area", r.out_of_area},
                    {"external_ref", c.external_ref},
                    {"occurred_at", domain::format_rfc3339(c.accident.occurred_at)},
                    {"accident_region", c.accident.region},
                    {"county", c.accident.county},
                    {"location", c.accident.location},
                    {"plate", p.vehicle.plate},
                    {"estimated_loss", domain::to_string(p.estimated_loss)},
                    {"fast_settle_eligible", d.assessment.fast_settle.eligible},
                    {"tier", std::string(domain::to_string(d.tier))}};
    bj::array flags;
    for (const auto& f : r.flags) flags.emplace_back(f);
    data["flags"] = std::move(flags);
    return bj::serialize(data);
}

}  // namespace

decision decide(const domain::claim& c, const config::settings& s, domain::instant reported_at) {
    decision d;
    d.routes = domain::route_claim(c, s.zone);
    d.assessment = fast_settle::assess(c, s.zone, s.rulebook);
    d.tier = domain::choose_tier(c, d.assessment.fast_settle.eligible);
    d.deadlines =
        domain::deadlines_from(d.tier, domain::claim_status::reported, reported_at, s.calendar);
    return d;
}

submitted submit_claim(storage::session& db, const config::settings& s,
                       const privacy::keyring& keys, const std::string& member,
                       const domain::claim& c, const std::string& document_json,
                       domain::instant reported_at) {
    namespace json = gateway::json;
    const decision d = decide(c, s, reported_at);

    storage::new_claim row;
    row.claim_id = support::new_claim_id(reported_at);
    row.submitter = member;
    row.external_ref = c.external_ref;
    // Whitespace and formatting do not make a body different; its content does.
    row.body_sha256 = support::sha256_hex(document_json);
    row.document_json = privacy::seal_personal_fields(keys, document_json);
    row.accident_region = c.accident.region;
    row.occurred_at = c.accident.occurred_at;
    row.reported_at = reported_at;
    row.tier = std::string(domain::to_string(d.tier));
    row.decision_json = json::encode_assessment_fields(d.assessment, d.tier, d.deadlines);
    row.response_json = json::splice_objects(
        bj::serialize(bj::object{{"claim_id", row.claim_id}, {"routing", routing_json(d.routes)}}),
        row.decision_json);
    row.routes = d.routes;
    for (const auto& r : d.routes)
        for (const auto& dl : d.deadlines)
            row.deadlines.push_back({r.party, row.tier, std::string(domain::to_string(dl.stage)),
                                     std::string(dl.basis), dl.due});
    for (const auto& e : d.assessment.fast_settle.clearing)
        row.clearing.push_back({e.creditor, e.debtor, e.amount, domain::shanghai_day(reported_at)});
    for (std::size_t i = 0; i < d.routes.size(); ++i) {
        const auto& r = d.routes[i];
        const auto& p = c.parties[i];
        const auto routed = [&](const std::string& branch, bool handling) {
            const auto data = privacy::seal_personal_fields(keys, routed_data(c, p, r, d, handling));
            row.events.push_back(adapters::make_event(adapters::claim_routed, row.claim_id, branch,
                                                      reported_at, data));
        };
        routed(r.handling_branch, true);
        if (r.notified_branch) routed(*r.notified_branch, false);
    }
    row.pool = pool_rows_of(c, row.claim_id, member, keys);

    const auto result = storage::insert_claim(db, row);
    return {result.outcome, row.claim_id, result.response_json};
}

}  // namespace crossclaim::services
