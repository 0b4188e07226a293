#include "services/pooling.hpp"

#include <boost/json.hpp>
#include <stdexcept>

#include "privacy/identifiers.hpp"

namespace crossclaim::services {
namespace {

namespace bj = boost::json;
using fraud::id_kind;

long long days(domain::date d) { return d.time_since_epoch().count(); }

}  // namespace

storage::pool_rows pool_rows_of(const domain::claim& c, const std::string& claim_id,
                                const std::string& member, const privacy::keyring& keys) {
    storage::pool_rows rows;
    rows.claim_id = claim_id;
    rows.member = member;
    rows.region = c.accident.region;
    rows.occurred_at = c.accident.occurred_at;

    fraud::pooled_claim facts;
    facts.claim_id = claim_id;
    facts.member = member;
    facts.occurred_at = c.accident.occurred_at;
    for (const auto& p : c.parties) {
        fraud::pooled_party pp;
        pp.role = p.role;
        pp.insurer = p.policy.insurer;
        // Values are already normalised by intake's decoder (privacy::normalise).
        pp.plate = keys.hash(id_kind::plate, p.vehicle.plate);
        pp.vin = p.vehicle.vin.empty() ? "" : keys.hash(id_kind::vin, p.vehicle.vin);
        pp.vehicle = pp.vin.empty() ? pp.plate : pp.vin;
        pp.driver = keys.hash(id_kind::id_number, p.driver.id_number);
        pp.phone = keys.hash(id_kind::phone, p.driver.phone);
        if (!p.payee_account.empty()) pp.account = keys.hash(id_kind::account, p.payee_account);
        if (p.repair_shop) pp.shop = keys.hash(id_kind::shop, p.repair_shop->credit_code);
        pp.estimated_loss = p.estimated_loss;
        pp.situations = p.situations;
        if (p.policy.compulsory)
            pp.policy_periods.emplace_back(p.policy.compulsory->start, p.policy.compulsory->end);
        if (p.policy.commercial_tpl)
            pp.policy_periods.emplace_back(p.policy.commercial_tpl->start,
                                           p.policy.commercial_tpl->end);

        auto add = [&](id_kind kind, const std::string& value, const std::string& hash) {
            if (value.empty()) return;
            rows.entries.push_back({p.role, std::string(to_string(kind)), hash, pp.vehicle,
                                    pp.driver, pp.phone, privacy::mask(kind, value),
                                    keys.seal(kind, value)});
        };
        add(id_kind::plate, p.vehicle.plate, pp.plate);
        add(id_kind::vin, p.vehicle.vin, pp.vin);
        add(id_kind::id_number, p.driver.id_number, pp.driver);
        add(id_kind::phone, p.driver.phone, pp.phone);
        add(id_kind::account, p.payee_account, pp.account);
        if (p.repair_shop) add(id_kind::shop, p.repair_shop->credit_code, pp.shop);
        for (const auto& e : p.evidence) {
            const auto h = keys.hash(id_kind::evidence, e.sha256);
            add(id_kind::evidence, e.sha256, h);
            facts.evidence.push_back(h);
        }
        facts.parties.push_back(std::move(pp));
    }
    rows.facts_json = facts_json(facts);
    return rows;
}

std::string facts_json(const fraud::pooled_claim& c) {
    bj::array parties;
    for (const auto& p : c.parties) {
        bj::array situations(p.situations.begin(), p.situations.end());
        bj::array periods;
        for (const auto& [start, end] : p.policy_periods)
            periods.push_back(bj::array{days(start), days(end)});
        parties.push_back(bj::object{{"role", p.role},
                                     {"insurer", p.insurer},
                                     {"vehicle", p.vehicle},
                                     {"plate", p.plate},
                                     {"vin", p.vin},
                                     {"driver", p.driver},
                                     {"phone", p.phone},
                                     {"account", p.account},
                                     {"shop", p.shop},
                                     {"loss_fen", p.estimated_loss.fen},
                                     {"situations", std::move(situations)},
                                     {"periods", std::move(periods)}});
    }
    bj::array evidence;
    for (const auto& e : c.evidence) evidence.emplace_back(e);
    return bj::serialize(bj::object{{"claim_id", c.claim_id},
                                    {"member", c.member},
                                    {"occurred_at", c.occurred_at.time_since_epoch().count()},
                                    {"parties", std::move(parties)},
                                    {"evidence", std::move(evidence)}});
}

fraud::pooled_claim facts_from_json(const std::string& text) {
    try {
        const auto v = bj::parse(text);
        const auto& o = v.as_object();
        auto str = [](const bj::object& obj, const char* k) {
            return std::string(obj.at(k).as_string());
        };
        fraud::pooled_claim c;
        c.claim_id = str(o, "claim_id");
        c.member = str(o, "member");
        c.occurred_at =
            domain::instant{std::chrono::seconds{o.at("occurred_at").to_number<long long>()}};
        for (const auto& pv : o.at("parties").as_array()) {
            const auto& po = pv.as_object();
            fraud::pooled_party p;
            p.role = str(po, "role");
            p.insurer = str(po, "insurer");
            p.vehicle = str(po, "vehicle");
            p.plate = str(po, "plate");
            p.vin = str(po, "vin");
            p.driver = str(po, "driver");
            p.phone = str(po, "phone");
            p.account = str(po, "account");
            p.shop = str(po, "shop");
            p.estimated_loss = domain::money{po.at("loss_fen").to_number<std::int64_t>()};
            for (const auto& s : po.at("situations").as_array())
                p.situations.push_back(s.to_number<int>());
            for (const auto& pr : po.at("periods").as_array()) {
                const auto& a = pr.as_array();
                p.policy_periods.emplace_back(
                    domain::date{std::chrono::days{a.at(0).to_number<long long>()}},
                    domain::date{std::chrono::days{a.at(1).to_number<long long>()}});
            }
            c.parties.push_back(std::move(p));
        }
        for (const auto& e : o.at("evidence").as_array()) c.evidence.emplace_back(e.as_string());
        return c;
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("pooled facts unreadable: ") + e.what());
    }
}

}  // namespace crossclaim::services
