#include "generator/patterns.hpp"

#include <algorithm>

namespace crossclaim::generator::detail {
namespace {

using namespace std::chrono_literals;
using std::chrono::seconds;

// Repeated accidents of one vehicle or person stay over 48 hours apart, so that only the
// rule a pattern is about fires, not SAME_ID_48H or DOUBLE_REPORT as well.
constexpr seconds min_gap = std::chrono::days(3);

generated_claim make(const std::string& pattern, domain::claim c, std::string member) {
    generated_claim g;
    g.member = std::move(member);
    g.claim = std::move(c);
    g.planted = pattern;
    return g;
}

// `n` accident times from `t`, each gap drawn in [lo, hi] but shrunk so all fit before `end`.
std::vector<domain::instant> times(builder& b, domain::instant t, domain::instant end, int n,
                                   std::chrono::days lo, std::chrono::days hi) {
    std::vector<domain::instant> out{t};
    const seconds room = (end - 1h - t) / std::max(n - 1, 1);
    for (int i = 1; i < n; ++i) {
        seconds gap{b.random().between(seconds(lo).count(), seconds(hi).count())};
        gap = std::max(std::min(gap, room), min_gap);
        out.push_back(out.back() + gap);
    }
    return out;
}

domain::date day_of(domain::instant t) { return domain::shanghai_day(t); }

// A staged-collision ring: the same two vehicles collide again and again, driven by people
// who share phones, repaired at one shop, reported alternately by the two insurers.
std::vector<generated_claim> ring(domain::instant t, domain::instant end, builder& b) {
    const int n = end - t > 5 * std::chrono::days(9) && b.random().chance(500) ? 5 : 4;
    const auto at = times(b, t, end, n, std::chrono::days(3), std::chrono::days(9));
    const std::string region = b.accident_region();
    const std::string r1 = b.policy_region(region), r2 = b.policy_region(region);
    const auto v1 = b.new_vehicle(r1), v2 = b.new_vehicle(r2);
    const std::string i1 = b.insurer(r1), i2 = b.insurer(r2, i1);
    const auto p1 = b.policy(i1, r1, day_of(at.front()), day_of(at.back()));
    const auto p2 = b.policy(i2, r2, day_of(at.front()), day_of(at.back()));
    // Three people on one phone make SHARED_PHONE; the other side shares a second phone.
    std::vector<domain::person> a_side{b.new_person(r1), b.new_person(r1), b.new_person(r1)};
    std::vector<domain::person> b_side{b.new_person(r2), b.new_person(r2)};
    for (auto& p : a_side) p.phone = a_side.front().phone;
    for (auto& p : b_side) p.phone = b_side.front().phone;
    const auto shop = b.fresh_shop(region);

    std::vector<generated_claim> out;
    for (int k = 0; k < n; ++k) {
        auto c = b.two_party(at[static_cast<std::size_t>(k)], region);
        auto& a = c.parties[0];
        auto& o = c.parties[1];
        a.vehicle = v1;
        a.driver = a_side[static_cast<std::size_t>(k) % a_side.size()];
        a.policy = p1;
        a.repair_shop = shop;
        o.vehicle = v2;
        o.driver = b_side[static_cast<std::size_t>(k) % b_side.size()];
        o.policy = p2;
        o.repair_shop = shop;
        o.situations.clear();
        c.accident.injuries = false;
        out.push_back(make("ring", std::move(c), k % 2 == 0 ? i1 : i2));
    }
    return out;
}

// One vehicle in four or five accidents within 180 days, insured each time with another
// member, as a vehicle moved between insurers to hide its history would be.
std::vector<generated_claim> repeat_vehicle(domain::instant t, domain::instant end, builder& b) {
    // A fifth claim only where it still fits with the smallest gaps.
    const int n = end - t > 4 * min_gap + 1h && b.random().chance(300) ? 5 : 4;
    const auto at = times(b, t, end, n, std::chrono::days(10), std::chrono::days(40));
    const std::string region = b.accident_region();
    const std::string home = b.policy_region(region);
    const auto vehicle = b.new_vehicle(home);
    const auto owner = b.new_person(home);
    const auto insurers = b.insurers_for(home);
    const auto first = b.random().below(insurers.size());
    std::vector<generated_claim> out;
    for (int k = 0; k < n; ++k) {
        const auto when = at[static_cast<std::size_t>(k)];
        auto c = b.two_party(when, region);
        // Alternately the one who caused it and the one who was hit.
        auto& p = c.parties[static_cast<std::size_t>(k % 2)];
        p.vehicle = vehicle;
        p.driver = owner;
        p.policy = b.policy(insurers[(first + static_cast<std::size_t>(k)) % insurers.size()], home,
                            day_of(when), day_of(when));
        const std::string member = c.parties[0].policy.insurer;
        out.push_back(make("repeat_vehicle", std::move(c), member));
    }
    return out;
}

// One driver in accidents with three different vehicles within a year.
std::vector<generated_claim> frequent_driver(domain::instant t, domain::instant end, builder& b) {
    const auto at = times(b, t, end, 3, std::chrono::days(4), std::chrono::days(60));
    const std::string region = b.accident_region();
    const auto driver = b.new_person(b.policy_region(region));
    std::vector<generated_claim> out;
    for (const auto when : at) {
        auto c = b.two_party(when, region);
        c.parties[0].driver = driver;
        const std::string member = c.parties[0].policy.insurer;
        out.push_back(make("frequent_driver", std::move(c), member));
    }
    return out;
}

// One accident reported by both parties' insurers, each believing it the reporting one.
std::vector<generated_claim> double_report(domain::instant t, builder& b) {
    auto c = b.two_party(t);
    auto& a = c.parties[0];
    auto& o = c.parties[1];
    if (o.policy.insurer == a.policy.insurer) {
        const auto d = domain::shanghai_day(t);
        o.policy = b.policy(b.insurer(o.policy.region, a.policy.insurer), o.policy.region, d, d);
    }
    auto second = c;
    // The other customer gives the time a little differently and sends photos of their own.
    second.accident.occurred_at = t + seconds(b.random().between(5 * 60, 60 * 60));
    for (auto& p : second.parties) p.evidence = b.evidence(second.accident.occurred_at);
    const std::string first_member = a.policy.insurer, second_member = o.policy.insurer;
    std::vector<generated_claim> out;
    out.push_back(make("double_report", std::move(c), first_member));
    out.push_back(make("double_report", std::move(second), second_member));
    return out;
}

// One driver, in their own car, in two accidents 30 hours apart.
std::vector<generated_claim> same_id_48h(domain::instant t, builder& b) {
    auto first = b.two_party(t);
    const domain::instant later = t + 30h;
    auto second = b.two_party(later);
    auto& a = first.parties[0];
    a.policy = b.policy(a.policy.insurer, a.policy.region, day_of(t), day_of(later));
    second.parties[0].vehicle = a.vehicle;
    second.parties[0].driver = a.driver;
    second.parties[0].policy = a.policy;
    const std::string m1 = a.policy.insurer, m2 = second.parties[0].policy.insurer;
    std::vector<generated_claim> out;
    out.push_back(make("same_id_48h", std::move(first), m1));
    out.push_back(make("same_id_48h", std::move(second), m2));
    return out;
}

std::vector<generated_claim> single(const std::string& pattern, domain::claim c) {
    std::vector<generated_claim> out;
    const std::string member = c.parties[0].policy.insurer;
    out.push_back(make(pattern, std::move(c), member));
    return out;
}

// A planted claim is flagged, so it must not bring a shop of the clean set: three flagged
// claims meeting at one by chance would make that shop a cluster for the clean claims after.
std::vector<generated_claim> own_shops(std::vector<generated_claim> claims, builder& b) {
    for (auto& g : claims)
        for (auto& p : g.claim.parties)
            if (p.repair_shop) p.repair_shop = b.fresh_shop(g.claim.accident.region);
    return claims;
}

std::vector<generated_claim> unshared(std::string_view pattern, domain::instant t,
                                      domain::instant end, builder& b,
                                      const std::string& recycled) {
    if (pattern == "repeat_vehicle") return repeat_vehicle(t, end, b);
    if (pattern == "frequent_driver") return frequent_driver(t, end, b);
    if (pattern == "double_report") return double_report(t, b);
    if (pattern == "same_id_48h") return same_id_48h(t, b);
    if (pattern == "recycled_photo") {
        auto c = b.two_party(t);
        if (!recycled.empty()) {
            auto& e = c.parties[0].evidence.front();
            e.kind = "photo";
            e.sha256 = recycled;
        }
        return single("recycled_photo", std::move(c));
    }
    if (pattern == "policy_edge") {
        auto c = b.two_party(t);
        auto& p = c.parties[0].policy;
        // Bought two days before the accident: the classic staged-after-purchase edge.
        p = b.policy_from(p.insurer, p.region, day_of(t) - std::chrono::days(2));
        return single("policy_edge", std::move(c));
    }
    if (pattern == "night_single_large") {
        const domain::instant eleven = domain::shanghai_midnight(day_of(t)) + 23h;
        const domain::instant when =
            t >= eleven ? t : eleven + seconds(b.random().between(0, 1799));
        auto c = b.single_vehicle(when);
        c.parties[0].estimated_loss = domain::yuan(8000);
        return single("night_single_large", std::move(c));
    }
    // amount_outlier: five times the typical loss of the most common situation, rear-end.
    auto c = b.two_party(t);
    c.parties[0].situations = {1};
    c.parties[0].estimated_loss = domain::money{5 * builder::typical_at_fault_loss.fen};
    c.parties[1].situations.clear();
    c.accident.description = "同车道行驶追尾前车";
    return single("amount_outlier", std::move(c));
}

}  // namespace

std::chrono::seconds minimum_span(std::string_view pattern) {
    if (pattern == "ring") return 3 * min_gap + 1h;
    if (pattern == "repeat_vehicle") return 3 * min_gap + 1h;
    if (pattern == "frequent_driver") return 2 * min_gap + 1h;
    if (pattern == "same_id_48h") return 31h;
    if (pattern == "double_report") return 2h;
    return 0s;
}

int maximum_claims(std::string_view pattern) {
    if (pattern == "ring" || pattern == "repeat_vehicle") return 5;
    if (pattern == "frequent_driver") return 3;
    if (pattern == "double_report" || pattern == "same_id_48h") return 2;
    return 1;
}

std::vector<generated_claim> plant(std::string_view pattern, domain::instant t, domain::instant end,
                                   builder& b, const std::string& recycled) {
    // The ring's one shared shop is the point of it.
    if (pattern == "ring") return ring(t, end, b);
    return own_shops(unshared(pattern, t, end, b, recycled), b);
}

}  // namespace crossclaim::generator::detail
