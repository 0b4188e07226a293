#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "domain/time.hpp"
#include "domain/zone.hpp"
#include "fraud/rule_settings.hpp"
#include "fraud/screen.hpp"
#include "fraud/screening.hpp"
#include "gateway/json/claim_json.hpp"
#include "generator/claims.hpp"

using namespace crossclaim;
using gateway::json::decode_claim;
using gateway::json::encode_claim;
using generator::claim_generator;
using generator::generated_claim;

namespace {

/// The shipped demo zone, with its counties and the full mobile segment list.
const domain::zone& shipped_zone() {
    static const domain::zone zone = [] {
        auto loaded = config::load(config::default_path(), {});
        REQUIRE(loaded.value);
        return loaded.value->zone;
    }();
    return zone;
}

generator::options run(std::uint64_t seed, long long claims) {
    generator::options o;
    o.seed = seed;
    o.claims = claims;
    return o;
}

std::vector<generated_claim> generate(const generator::options& o) {
    claim_generator g(o, shipped_zone());
    std::vector<generated_claim> out;
    while (auto c = g.next()) out.push_back(std::move(*c));
    return out;
}

const std::vector<generated_claim>& two_thousand() {
    static const auto claims = generate(run(7, 2000));
    return claims;
}

// An in-memory fraud pool: what storage gathers for screening, with the normalised values
// themselves standing in for the keyed hashes. Claims are screened in the order they are
// added, as the screening queue takes them.
class memory_pool {
  public:
    explicit memory_pool(const fraud::rule_settings& s) : settings_(s) {}

    std::vector<fraud::rule_hit> screen(const generated_claim& g) {
        const auto c = pooled(g);
        fraud::screening_input in;
        in.claim = c;
        const auto window = fraud::widest_window(settings_);
        std::set<std::size_t> others;
        auto look = [&](const std::string& key) {
            if (key.empty()) return;
            const auto found = by_identifier_.find(key);
            if (found == by_identifier_.end()) return;
            for (auto i : found->second) {
                const auto apart = claims_[i].occurred_at - c.occurred_at;
                if (apart <= window && -apart <= window) others.insert(i);
            }
        };
        for (const auto& p : c.parties)
            for (const auto* key : {&p.vehicle, &p.driver, &p.phone}) look(*key);
        for (const auto& e : c.evidence) look(e);
        for (auto i : others) {
            const auto& o = claims_[i];
            bool first = true;
            for (const auto& p : o.parties) {
                fraud::pool_match m{o.claim_id, o.member, o.occurred_at, p.role,
                                    p.vehicle,  p.driver, p.phone,       {}};
                if (first)
                    for (const auto& e : o.evidence)
                        if (std::count(c.evidence.begin(), c.evidence.end(), e))
                            m.evidence.push_back(e);
                first = false;
                in.matches.push_back(std::move(m));
            }
        }
        for (const auto& p : c.parties) {
            for (int s : p.situations) {
                auto v = losses_[s];
                if (v.empty()) continue;
                // The lower median, as storage's bucket walk finds it.
                std::nth_element(v.begin(), v.begin() + static_cast<long>((v.size() - 1) / 2),
                                 v.end());
                in.losses[s] = {static_cast<int>(v.size()), domain::money{v[(v.size() - 1) / 2]}};
            }
            if (!p.phone.empty()) {
                phone_people_[p.phone].insert(p.driver);
                in.people_per_phone[p.phone] = static_cast<int>(phone_people_[p.phone].size());
            }
            if (!p.shop.empty())
                in.flagged_claims_per_shop[p.shop] = static_cast<int>(shop_flags_[p.shop].size());
        }
        auto hits = fraud::screen(in, settings_);
        for (const auto& p : c.parties) {
            for (int s : p.situations) losses_[s].push_back(p.estimated_loss.fen);
            if (!hits.empty() && !p.shop.empty()) shop_flags_[p.shop].insert(c.claim_id);
        }
        const std::size_t index = claims_.size();
        claims_.push_back(c);
        for (const auto& p : c.parties)
            for (const auto* key : {&p.vehicle, &p.driver, &p.phone})
                if (!key->empty()) by_identifier_[*key].push_back(index);
        for (const auto& e : c.evidence) by_identifier_[e].push_back(index);
        return hits;
    }

  private:
    static fraud::pooled_claim pooled(const generated_claim& g) {
        fraud::pooled_claim c;
        c.claim_id = g.member + "/" + g.claim.external_ref;
        c.member = g.member;
        c.occurred_at = g.claim.accident.occurred_at;
        for (const auto& p : g.claim.parties) {
            fraud::pooled_party pp;
            pp.role = p.role;
            pp.insurer = p.policy.insurer;
            pp.plate = "plate:" + p.vehicle.plate;
            pp.vin = p.vehicle.vin.empty() ? "" : "vin:" + p.vehicle.vin;
            pp.vehicle = pp.vin.empty() ? pp.plate : pp.vin;
            pp.driver = "id:" + p.driver.id_number;
            pp.phone = "phone:" + p.driver.phone;
            pp.account = p.payee_account.empty() ? "" : "account:" + p.payee_account;
            pp.shop = p.repair_shop ? "shop:" + p.repair_shop->credit_code : "";
            pp.estimated_loss = p.estimated_loss;
            pp.situations = p.situations;
            if (p.policy.compulsory)
                pp.policy_periods.emplace_back(p.policy.compulsory->start,
                                               p.policy.compulsory->end);
            if (p.policy.commercial_tpl)
                pp.policy_periods.emplace_back(p.policy.commercial_tpl->start,
                                               p.policy.commercial_tpl->end);
            for (const auto& e : p.evidence) c.evidence.push_back("evidence:" + e.sha256);
            c.parties.push_back(std::move(pp));
        }
        return c;
    }

    fraud::rule_settings settings_;
    std::vector<fraud::pooled_claim> claims_;
    std::map<std::string, std::vector<std::size_t>> by_identifier_;
    std::map<int, std::vector<std::int64_t>> losses_;
    std::map<std::string, std::set<std::string>> phone_people_;
    std::map<std::string, std::set<std::string>> shop_flags_;
};

bool has_rule(const std::vector<fraud::rule_hit>& hits, const std::string& code) {
    return std::any_of(hits.begin(), hits.end(), [&](const auto& h) { return h.code == code; });
}

}  // namespace

TEST_CASE("the same seed generates the same claims", "[unit][generator]") {
    claim_generator a(run(42, 300), shipped_zone()), b(run(42, 300), shipped_zone());
    for (int i = 0; i < 300; ++i) {
        const auto x = a.next(), y = b.next();
        REQUIRE(x);
        REQUIRE(y);
        REQUIRE(encode_claim(x->claim) == encode_claim(y->claim));
        REQUIRE(x->member == y->member);
        REQUIRE(x->planted == y->planted);
    }
    CHECK_FALSE(a.next());
}

TEST_CASE("different seeds generate different claims", "[unit][generator]") {
    claim_generator a(run(1, 50), shipped_zone()), b(run(2, 50), shipped_zone());
    int same = 0;
    for (int i = 0; i < 50; ++i)
        if (encode_claim(a.next()->claim) == encode_claim(b.next()->claim)) ++same;
    CHECK(same == 0);
}

TEST_CASE("every generated claim decodes without errors and encodes back to the same body",
          "[unit][generator]") {
    const auto& claims = two_thousand();
    REQUIRE(claims.size() == 2000);
    for (const auto& g : claims) {
        const std::string body = encode_claim(g.claim);
        const auto decoded = decode_claim(body, shipped_zone());
        std::string errors;
        for (const auto& e : decoded.errors) errors += e.path + " " + e.code + "\n";
        INFO(body);
        INFO(errors);
        REQUIRE(decoded.claim);
        REQUIRE(encode_claim(*decoded.claim) == body);
        REQUIRE(shipped_zone().is_member(g.member));
    }
}

TEST_CASE("every planted pattern appears in a 2,000-claim run", "[unit][generator]") {
    std::set<std::string> seen;
    for (const auto& g : two_thousand())
        if (!g.planted.empty()) seen.insert(g.planted);
    for (const auto& p : generator::planted_patterns()) {
        INFO(p);
        CHECK(seen.count(p) == 1);
    }
    CHECK(seen.size() == generator::planted_patterns().size());
}

TEST_CASE("external references are unique per member and carry its code", "[unit][generator]") {
    std::set<std::pair<std::string, std::string>> refs;
    for (const auto& g : two_thousand()) {
        CHECK(g.claim.external_ref.rfind(g.member + "-", 0) == 0);
        CHECK(refs.insert({g.member, g.claim.external_ref}).second);
    }
}

TEST_CASE("the clean population of a 20,000-claim run repeats no identifier", "[unit][generator]") {
    claim_generator gen(run(3, 20000), shipped_zone());
    std::set<std::string> plates, vins, ids, phones, hashes;
    long long clean = 0;
    while (auto g = gen.next()) {
        if (!g->planted.empty()) continue;
        ++clean;
        for (const auto& p : g->claim.parties) {
            INFO(encode_claim(g->claim));
            REQUIRE(plates.insert(p.vehicle.plate).second);
            REQUIRE(vins.insert(p.vehicle.vin).second);
            REQUIRE(ids.insert(p.driver.id_number).second);
            REQUIRE(phones.insert(p.driver.phone).second);
            for (const auto& e : p.evidence) REQUIRE(hashes.insert(e.sha256).second);
        }
    }
    CHECK(clean > 19'800);
}

TEST_CASE("accidents fall in the period, in time order, with a working-day rhythm",
          "[unit][generator]") {
    auto o = run(5, 20000);
    o.first_day = domain::date{std::chrono::year{2026} / 3 / 2};  // a Monday
    o.days = 91;                                                  // thirteen whole weeks
    claim_generator gen(o, shipped_zone());
    const auto from = domain::shanghai_midnight(o.first_day);
    const auto to = domain::shanghai_midnight(o.first_day + std::chrono::days(o.days));
    std::map<domain::date, long long> per_day;
    std::map<int, long long> per_hour;
    domain::instant last = from;
    while (auto g = gen.next()) {
        const auto t = g->claim.accident.occurred_at;
        REQUIRE(t >= from);
        REQUIRE(t < to);
        REQUIRE(t >= last);
        last = t;
        ++per_day[domain::shanghai_day(t)];
        ++per_hour[static_cast<int>((t - domain::shanghai_midnight(domain::shanghai_day(t))) /
                                    std::chrono::hours(1))];
    }
    double weekday = 0, weekend = 0;
    int weekdays = 0, weekends = 0;
    for (int d = 0; d < o.days; ++d) {
        const auto day = o.first_day + std::chrono::days(d);
        const std::chrono::weekday wd{day};
        const double n = static_cast<double>(per_day[day]);
        if (wd == std::chrono::Saturday || wd == std::chrono::Sunday) {
            weekend += n;
            ++weekends;
        } else {
            weekday += n;
            ++weekdays;
        }
    }
    CHECK(weekday / weekdays > 1.3 * (weekend / weekends));
    CHECK(per_hour[8] > 3 * per_hour[3]);  // rush hour against the small hours
    CHECK(per_hour[3] > 0);                // yet a few at night
}

TEST_CASE("screened in order, each planted pattern trips its rule and the clean claims none",
          "[unit][generator]") {
    const fraud::rule_settings settings;
    memory_pool pool(settings);
    std::map<long long, std::vector<std::vector<fraud::rule_hit>>> by_instance;
    std::map<long long, std::string> pattern_of;
    long long clean = 0;
    for (const auto& g : generate(run(11, 6000))) {
        const auto hits = pool.screen(g);
        if (g.planted.empty()) {
            ++clean;
            std::string codes;
            for (const auto& h : hits) codes += h.code + ": " + h.explanation + "\n";
            INFO(encode_claim(g.claim));
            INFO(codes);
            CHECK(hits.empty());
            continue;
        }
        by_instance[g.instance].push_back(hits);
        pattern_of[g.instance] = g.planted;
    }
    CHECK(clean > 5'900);
    std::set<std::string> patterns;
    for (const auto& [instance, claims] : by_instance) {
        const auto& pattern = pattern_of[instance];
        patterns.insert(pattern);
        INFO(pattern << " instance " << instance);
        // The pattern is complete with its last claim: that one meets all the others.
        CHECK(has_rule(claims.back(), generator::rule_of(pattern)));
        if (pattern == "ring") {
            bool phone = false, shop = false;
            for (const auto& hits : claims) {
                phone = phone || has_rule(hits, "SHARED_PHONE");
                shop = shop || has_rule(hits, "SHOP_CLUSTER");
            }
            CHECK(phone);
            CHECK(shop);
        }
    }
    CHECK(patterns.size() == generator::planted_patterns().size());
}
