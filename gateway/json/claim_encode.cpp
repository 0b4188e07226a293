// The request body of POST /v1/claims for a domain claim: the inverse of decode_claim, for
// the generator, the demo loader and tests that submit claims the way members do.

#include <boost/json.hpp>

#include "domain/money.hpp"
#include "domain/time.hpp"
#include "gateway/json/claim_json.hpp"

namespace crossclaim::gateway::json {
namespace {

namespace bj = boost::json;

bj::object cover(const domain::cover& c) {
    return bj::object{{"number", c.number},
                      {"start", domain::format_date(c.start)},
                      {"end", domain::format_date(c.end)}};
}

bj::object policy(const domain::policy& p) {
    bj::object o{{"insurer", p.insurer}, {"region", p.region}};
    if (p.compulsory) o["compulsory"] = cover(*p.compulsory);
    if (const auto& tpl = p.commercial_tpl)
        o["commercial_tpl"] = bj::object{{"number", tpl->number},
                                         {"amount", domain::to_string(tpl->amount)},
                                         {"start", domain::format_date(tpl->start)},
                                         {"end", domain::format_date(tpl->end)}};
    o["own_damage"] = p.own_damage;
    return o;
}

bj::object party(const domain::party& p) {
    bj::array evidence;
    for (const auto& e : p.evidence) {
        bj::object item{{"kind", e.kind}, {"sha256", e.sha256}};
        if (e.taken_at) item["taken_at"] = domain::format_rfc3339(*e.taken_at);
        evidence.push_back(std::move(item));
    }
    bj::object o{{"role", p.role},
                 {"vehicle", bj::object{{"plate", p.vehicle.plate},
                                        {"vin", p.vehicle.vin},
                                        {"drivable", p.vehicle.drivable}}},
                 {"driver", bj::object{{"name", p.driver.name},
                                       {"id_number", p.driver.id_number},
                                       {"phone", p.driver.phone}}},
                 {"policy", policy(p.policy)},
                 {"estimated_loss", domain::to_string(p.estimated_loss)},
                 {"evidence", std::move(evidence)}};
    if (p.repair_shop)
        o["repair_shop"] =
            bj::object{{"name", p.repair_shop->name}, {"credit_code", p.repair_shop->credit_code}};
    if (!p.payee_account.empty()) o["payee_account"] = p.payee_account;
    return o;
}

}  // namespace

std::string encode_claim(const domain::claim& c) {
    const auto& a = c.accident;
    bj::object situations;
    for (const auto& p : c.parties) {
        bj::array codes;
        for (int s : p.situations) codes.emplace_back(s);
        situations[p.role] = std::move(codes);
    }
    bj::object accident{{"occurred_at", domain::format_rfc3339(a.occurred_at)},
                        {"region", a.region},
                        {"county", a.county}};
    if (!a.location.empty()) accident["location"] = a.location;
    accident["situations"] = std::move(situations);
    accident["injuries"] = a.injuries;
    accident["external_property_damage"] = a.external_property_damage;
    if (!a.description.empty()) accident["description"] = a.description;

    bj::array parties;
    for (const auto& p : c.parties) parties.push_back(party(p));
    const bj::object body{{"external_ref", c.external_ref},
                          {"accident", std::move(accident)},
                          {"parties", std::move(parties)}};
    return bj::serialize(body);
}

}  // namespace crossclaim::gateway::json
