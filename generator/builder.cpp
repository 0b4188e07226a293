#include "generator/builder.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>
#include <utility>

namespace crossclaim::generator::detail {
namespace {

using namespace std::chrono_literals;

// Big enough that the flagged claims of a whole run, spread over it, almost never meet
// three times at one shop by chance.
constexpr std::uint64_t clean_shops = 50'000;

// The common three-digit segments of the three carriers; a zone whose data does not
// allocate one of them simply never sees it.
constexpr std::array<std::string_view, 24> common_prefixes = {
    "138", "139", "150", "186", "189", "199", "135", "136", "137", "158", "159", "180",
    "181", "188", "177", "133", "153", "130", "131", "132", "152", "151", "155", "166"};

struct prefecture {
    std::string_view code;
    char plate_letter;
    std::string_view city;
};
// Gansu's prefectures: the letter after 甘 on their plates, and the city name for shops.
constexpr std::array<prefecture, 12> prefectures = {{{"620100", 'A', "兰州"},
                                                     {"620200", 'B', "嘉峪关"},
                                                     {"620300", 'C', "金昌"},
                                                     {"620400", 'D', "白银"},
                                                     {"620500", 'E', "天水"},
                                                     {"620600", 'H', "武威"},
                                                     {"620700", 'G', "张掖"},
                                                     {"620800", 'L', "平凉"},
                                                     {"620900", 'F', "酒泉"},
                                                     {"621000", 'M', "庆阳"},
                                                     {"621100", 'J', "定西"},
                                                     {"621200", 'K', "陇南"}}};
// Where out-of-zone drivers come from: Lanzhou, Dingxi and Pingliang.
constexpr std::array<std::string_view, 3> outside_regions = {"620100", "621100", "620800"};

const prefecture* find_prefecture(std::string_view region) {
    for (const auto& p : prefectures)
        if (p.code.substr(0, 4) == region.substr(0, 4)) return &p;
    return nullptr;
}

int market_share(std::string_view member) {
    if (member == "PICC") return 36;
    if (member == "PAIC") return 26;
    if (member == "CPIC") return 24;
    if (member == "LNRB") return 14;
    return 20;
}

// Situations 1–20 by how often they are ticked (rear-end and lane changes lead).
const std::vector<int> situation_weights = {300, 180, 80, 100, 30, 15, 10, 8,  12, 8,
                                            5,   10,  15, 20,  80, 10, 30, 70, 5,  5};

constexpr std::array<std::string_view, 21> descriptions = {"同车道行驶追尾前车",
                                                           "变更车道未让行",
                                                           "无信号路口未让右方来车",
                                                           "转弯未让直行车辆",
                                                           "违反交通信号通行",
                                                           "未让已在路口内车辆先行",
                                                           "会车不当",
                                                           "逆向行驶",
                                                           "违法超车",
                                                           "在交叉路口超车",
                                                           "单车道右侧超车",
                                                           "穿插等候车辆",
                                                           "车道减少处未交替通行",
                                                           "违法掉头",
                                                           "倒车时碰撞",
                                                           "驶入禁行区域",
                                                           "开关车门碰撞",
                                                           "起步或停车时碰撞",
                                                           "载物遗洒",
                                                           "牵引不当",
                                                           "单车事故撞击护栏"};

constexpr std::array<std::string_view, 6> streets = {"人民路", "解放路", "建设路",
                                                     "滨河路", "民主路", "长江大道"};

}  // namespace

builder::builder(std::uint64_t seed, const domain::zone& zone)
    : zone_(zone), rng_(seed), ids_(seed, [&] {
          std::vector<std::string> ok;
          for (auto p : common_prefixes)
              if (zone.mobile.allocated(std::string(p) + "00000000")) ok.emplace_back(p);
          if (ok.empty()) ok.emplace_back("138");
          return ok;
      }()) {}

domain::vehicle builder::new_vehicle(const std::string& policy_region) {
    const auto* p = find_prefecture(policy_region);
    const std::uint64_t n = vehicles_++;
    return {ids_.plate(n, p ? p->plate_letter : 'A'), ids_.vin(n), true};
}

domain::person builder::new_person(const std::string& home_region) {
    const std::uint64_t n = people_++;
    std::string county = zone_.is_member_region(home_region) ? this->county(home_region)
                                                             : home_region.substr(0, 4) + "02";
    return {ids_.name(n), ids_.id_number(n, county), ids_.phone(n)};
}

std::string builder::accident_region() { return rng_.pick(zone_.regions).code; }

std::string builder::county(const std::string& region) {
    for (const auto& r : zone_.regions)
        if (r.code == region && !r.counties.empty()) return rng_.pick(r.counties);
    return region.substr(0, 4) + "02";
}

std::string builder::location(const std::string& region) {
    if (rng_.chance(450)) {
        return std::string(streets[rng_.below(streets.size())]) +
               std::to_string(rng_.between(1, 399)) + "号附近";
    }
    static const std::vector<std::string> longnan = {"G75", "G212", "G567", "S205", "S219"};
    static const std::vector<std::string> tianshui = {"G30", "G310", "G316", "S306", "S218"};
    const auto& roads = region.substr(0, 4) == "6212" ? longnan : tianshui;
    char km[32];
    std::snprintf(km, sizeof km, " K%lld+%03lld", rng_.between(10, 1800), rng_.between(0, 999));
    return rng_.pick(roads) + km;
}

std::string builder::policy_region(const std::string& accident_region) {
    const int r = static_cast<int>(rng_.below(100));
    if (r < 64 || (r < 92 && zone_.regions.size() < 2)) return accident_region;
    if (r < 92) {
        std::vector<std::string> others;
        for (const auto& z : zone_.regions)
            if (z.code != accident_region) others.push_back(z.code);
        return rng_.pick(others);
    }
    std::vector<std::string> outside;
    for (auto o : outside_regions)
        if (!zone_.is_member_region(o)) outside.emplace_back(o);
    return outside.empty() ? accident_region : rng_.pick(outside);
}

std::vector<std::string> builder::insurers_for(const std::string& region) const {
    std::vector<std::string> out;
    const bool inside = zone_.is_member_region(region);
    for (const auto& m : zone_.members)
        if (inside ? zone_.find_branch(m.code, region) != nullptr
                   : zone_.has_branch_in_every_region(m.code))
            out.push_back(m.code);
    if (out.empty())
        for (const auto& m : zone_.members) out.push_back(m.code);
    return out;
}

std::string builder::insurer(const std::string& region, const std::string& avoid) {
    auto candidates = insurers_for(region);
    if (candidates.size() > 1)
        candidates.erase(std::remove(candidates.begin(), candidates.end(), avoid),
                         candidates.end());
    std::vector<int> weights;
    for (const auto& c : candidates) weights.push_back(market_share(c));
    return candidates[rng_.weighted(weights)];
}

std::string builder::policy_number(const std::string& insurer, const std::string& region,
                                   domain::date start, const char* kind) {
    const std::chrono::year_month_day ymd{start};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%s%04d%s%010llu", insurer.c_str(), kind,
                  static_cast<int>(ymd.year()), region.c_str(),
                  static_cast<unsigned long long>(policies_));
    return buf;
}

domain::policy builder::policy_from(const std::string& insurer, const std::string& region,
                                    domain::date start) {
    ++policies_;
    domain::policy p;
    p.insurer = insurer;
    p.region = region;
    // A one-year policy: both the first and the last day are covered.
    const domain::date end = start + std::chrono::days(364);
    p.compulsory = domain::cover{policy_number(insurer, region, start, "JQ"), start, end};
    if (!rng_.chance(30)) {
        static const std::vector<long long> amounts = {500'000,   1'000'000, 1'000'000,
                                                       1'500'000, 2'000'000, 3'000'000};
        domain::tpl_cover tpl;
        tpl.number = policy_number(insurer, region, start, "SY");
        tpl.start = start;
        tpl.end = end;
        tpl.amount = domain::yuan(rng_.pick(amounts));
        p.commercial_tpl = std::move(tpl);
    }
    p.own_damage = rng_.chance(700);
    return p;
}

domain::policy builder::policy(const std::string& insurer, const std::string& region,
                               domain::date first, domain::date last) {
    // start <= first - 11 and start + 364 >= last + 11: both edges over 10 days away.
    const long long latest = -11;
    const long long earliest = std::min<long long>((last - first).count() - 353, latest);
    return policy_from(insurer, region, first + std::chrono::days(rng_.between(earliest, latest)));
}

std::vector<domain::evidence> builder::evidence(domain::instant t) {
    std::vector<domain::evidence> out;
    const auto n = 1 + rng_.weighted({50, 35, 15});
    for (std::size_t i = 0; i < n; ++i) {
        domain::evidence e;
        e.kind = rng_.chance(120) ? "video" : "photo";
        e.sha256 = ids_.evidence_hash(evidence_++);
        if (rng_.chance(800)) e.taken_at = t + std::chrono::seconds(rng_.between(120, 2400));
        out.push_back(std::move(e));
    }
    return out;
}

domain::repair_shop builder::shop(const std::string& region) {
    // The shop's index says its region, so a clean claim's shop is in the accident region.
    const std::uint64_t regions = std::max<std::size_t>(zone_.regions.size(), 1);
    std::uint64_t r = 0;
    for (; r < zone_.regions.size(); ++r)
        if (zone_.regions[r].code == region) break;
    const std::uint64_t n = rng_.below(clean_shops / regions) * regions + r % regions;
    const auto* p = find_prefecture(region);
    return {ids_.shop_name(n, p ? p->city : "甘肃"), ids_.credit_code(n, county(region))};
}

domain::repair_shop builder::fresh_shop(const std::string& region) {
    const std::uint64_t n = clean_shops + fresh_shops_++;
    const auto* p = find_prefecture(region);
    return {ids_.shop_name(n, p ? p->city : "甘肃"), ids_.credit_code(n, county(region))};
}

domain::money builder::amount(const std::vector<int>& weights,
                              const std::vector<std::pair<int, int>>& ranges) {
    const auto& [lo, hi] = ranges[rng_.weighted(weights)];
    // Estimates come in whole tens of yuan.
    return domain::yuan(rng_.between(lo / 10, hi / 10) * 10);
}

domain::money builder::at_fault_loss() {
    return amount({10, 70, 20}, {{800, 1490}, {1500, 3190}, {3200, 4600}});
}

domain::money builder::other_loss() {
    return amount({15, 55, 25, 5}, {{500, 1190}, {1200, 3990}, {4000, 6990}, {7000, 8000}});
}

domain::money builder::single_loss() {
    return amount({10, 80, 10}, {{500, 890}, {900, 2190}, {2200, 2600}});
}

domain::party builder::party(const std::string& role, const std::string& accident_region,
                             domain::instant t) {
    domain::party p;
    p.role = role;
    const std::string region = policy_region(accident_region);
    p.vehicle = new_vehicle(region);
    p.driver = new_person(region);
    const domain::date day = domain::shanghai_day(t);
    p.policy = policy(insurer(region), region, day, day);
    p.evidence = evidence(t);
    if (rng_.chance(400)) p.repair_shop = shop(accident_region);
    if (rng_.chance(300)) p.payee_account = ids_.account(people_ - 1);
    return p;
}

domain::claim builder::two_party(domain::instant t, std::optional<std::string> region) {
    domain::claim c;
    c.accident.occurred_at = t;
    c.accident.region = region ? *region : accident_region();
    c.accident.county = county(c.accident.region);
    c.accident.location = location(c.accident.region);
    c.parties.push_back(party("A", c.accident.region, t));
    c.parties.push_back(party("B", c.accident.region, t));
    auto& a = c.parties[0];
    auto& b = c.parties[1];
    a.situations.push_back(1 + static_cast<int>(rng_.weighted(situation_weights)));
    if (rng_.chance(80)) {
        const int second = 1 + static_cast<int>(rng_.weighted(situation_weights));
        if (second != a.situations.front()) a.situations.push_back(second);
    }
    if (rng_.chance(30)) {
        // Both at fault, each loss within the 2,000 CNY of mutual self-settlement.
        b.situations.push_back(1 + static_cast<int>(rng_.weighted(situation_weights)));
        a.estimated_loss = domain::yuan(rng_.between(40, 190) * 10);
        b.estimated_loss = domain::yuan(rng_.between(40, 190) * 10);
    } else {
        a.estimated_loss = at_fault_loss();
        b.estimated_loss = other_loss();
    }
    // A few cases that fast-settle must turn away, as in real traffic.
    c.accident.injuries = rng_.chance(8);
    c.accident.external_property_damage = rng_.chance(10);
    if (rng_.chance(10)) b.vehicle.drivable = false;
    c.accident.description =
        std::string(descriptions[static_cast<std::size_t>(a.situations.front() - 1)]);
    return c;
}

domain::claim builder::single_vehicle(domain::instant t) {
    domain::claim c;
    c.accident.occurred_at = t;
    c.accident.region = accident_region();
    c.accident.county = county(c.accident.region);
    c.accident.location = location(c.accident.region);
    c.parties.push_back(party("A", c.accident.region, t));
    c.parties[0].situations = {21};
    c.parties[0].estimated_loss = single_loss();
    c.accident.external_property_damage = rng_.chance(300);  // the guard rail, mostly
    c.accident.description = std::string(descriptions[20]);
    return c;
}

}  // namespace crossclaim::generator::detail
