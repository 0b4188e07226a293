#include "fast_settle/engine.hpp"

#include <algorithm>
#include <cstddef>

namespace crossclaim::fast_settle {

std::string_view to_string(coverage c) {
    switch (c) {
        case coverage::compulsory_property:
            return "COMPULSORY_PROPERTY";
        case coverage::commercial_tpl:
            return "COMMERCIAL_TPL";
        case coverage::no_fault_proxy:
            return "NO_FAULT_PROXY";
        case coverage::own_damage:
            return "OWN_DAMAGE";
    }
    return "";
}

namespace {

using domain::claim;
using domain::money;
using domain::party;

/// The listed (1–20) codes a party ticked, ascending and without repeats.
std::vector<int> listed_codes(const party& p, const situation_table& table) {
    std::vector<int> codes;
    for (int code : p.situations) {
        const situation* s = table.find(code);
        if (s != nullptr && s->listed) codes.push_back(code);
    }
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    return codes;
}

bool ticked_listed(const party& p, const situation_table& table) {
    return !listed_codes(p, table).empty();
}

bool ticked_unlisted(const party& p, const situation_table& table) {
    return std::any_of(p.situations.begin(), p.situations.end(), [&](int code) {
        const situation* s = table.find(code);
        return s == nullptr || !s->listed;
    });
}

template <typename pred>
bool every_party(const claim& c, pred&& ok) {
    return std::all_of(c.parties.begin(), c.parties.end(), ok);
}

std::size_t count_ticking(const claim& c, const situation_table& table) {
    return static_cast<std::size_t>(
        std::count_if(c.parties.begin(), c.parties.end(),
                      [&](const party& p) { return ticked_listed(p, table); }));
}

bool compulsory_in_force(const party& p, domain::instant at) {
    return p.policy.compulsory && p.policy.compulsory->in_force_at(at);
}

bool tpl_in_force(const party& p, domain::instant at) {
    return p.policy.commercial_tpl && p.policy.commercial_tpl->in_force_at(at);
}

bool has_scene_evidence(const party& p) {
    return std::any_of(p.evidence.begin(), p.evidence.end(), [](const domain::evidence& e) {
        return e.kind == "photo" || e.kind == "video";
    });
}

// Empty values are "not given", not a shared identifier; the intake layer decides which
// fields are mandatory.
bool same(const std::string& a, const std::string& b) { return !a.empty() && a == b; }

bool share_identifier(const party& x, const party& y) {
    if (same(x.vehicle.plate, y.vehicle.plate) || same(x.vehicle.vin, y.vehicle.vin) ||
        same(x.driver.id_number, y.driver.id_number) || same(x.driver.phone, y.driver.phone))
        return true;
    const auto& px = x.policy;
    const auto& py = y.policy;
    if (px.compulsory && py.compulsory && same(px.compulsory->number, py.compulsory->number))
        return true;
    return px.commercial_tpl && py.commercial_tpl &&
           same(px.commercial_tpl->number, py.commercial_tpl->number);
}

bool parties_distinct(const claim& c) {
    for (std::size_t i = 0; i < c.parties.size(); ++i)
        for (std::size_t j = i + 1; j < c.parties.size(); ++j)
            if (share_identifier(c.parties[i], c.parties[j])) return false;
    return true;
}

money total_loss(const claim& c) {
    money sum;
    for (const auto& p : c.parties) sum += p.estimated_loss;
    return sum;
}

std::string describe_codes(const std::vector<int>& codes) {
    std::string out = codes.size() == 1 ? "situation " : "situations ";
    for (std::size_t i = 0; i < codes.size(); ++i) {
        if (i > 0) out += ',';
        out += std::to_string(codes[i]);
    }
    return out;
}

/// Liability is only ever decided between exactly two parties; more or fewer is left open.
void decide_liability(const claim& c, const situation_table& table, decision& d) {
    if (c.parties.size() != 2) return;
    const party& first = c.parties[0];
    const party& second = c.parties[1];
    const auto first_codes = listed_codes(first, table);
    const auto second_codes = listed_codes(second, table);
    if (!first_codes.empty() && !second_codes.empty()) {
        d.decided_by = "both parties at fault";
    } else if (first_codes.empty() && second_codes.empty()) {
        d.decided_by = "undetermined";
    } else {
        const bool first_liable = !first_codes.empty();
        d.liability = std::map<std::string, int>{{first.role, first_liable ? 100 : 0},
                                                 {second.role, first_liable ? 0 : 100}};
        d.decided_by = describe_codes(first_liable ? first_codes : second_codes);
    }
}

void add_payment(std::vector<payment>& out, const std::string& payer,
                 std::optional<std::string> on_behalf_of, const std::string& beneficiary,
                 coverage cov, money amount) {
    if (amount <= money{}) return;
    out.push_back(payment{payer, std::move(on_behalf_of), beneficiary, cov, amount});
}

/// Payments of an eligible case: `liable` (A) bears full liability, `other` (B) none.
void settle(const party& liable, const party& other, const limits& lim, decision& d) {
    const std::string& ins_a = liable.policy.insurer;
    const std::string& ins_b = other.policy.insurer;

    // B's loss: A's compulsory at-fault limit first, then A's commercial TPL up to its amount.
    const money loss_b = other.estimated_loss;
    const money compulsory = domain::min(loss_b, lim.compulsory_at_fault);
    add_payment(d.payments, ins_a, std::nullopt, other.role, coverage::compulsory_property,
                compulsory);
    const money tpl_amount =
        liable.policy.commercial_tpl ? liable.policy.commercial_tpl->amount : money{};
    add_payment(d.payments, ins_a, std::nullopt, other.role, coverage::commercial_tpl,
                domain::min(loss_b - compulsory, tpl_amount));

    // A's loss: B's no-fault limit, advanced by A's insurer (无责代赔) and cleared later.
    const money loss_a = liable.estimated_loss;
    const money proxy = domain::min(loss_a, lim.compulsory_no_fault);
    add_payment(d.payments, ins_a, ins_b, liable.role, coverage::no_fault_proxy, proxy);
    if (proxy > money{} && ins_a != ins_b)
        d.clearing.push_back(clearing_entry{ins_a, ins_b, proxy});
    if (liable.policy.own_damage)
        add_payment(d.payments, ins_a, std::nullopt, liable.role, coverage::own_damage,
                    loss_a - proxy);
}

decision decide_fast_settle(const claim& c, const domain::zone& zone, const rulebook& rules) {
    const auto& table = rules.table;
    const auto at = c.accident.occurred_at;
    decision d;
    d.table_version = table.version;
    d.table_sha256 = table.sha256;

    auto check = [&](bool ok, const char* code) {
        if (!ok) d.reasons.emplace_back(code);
    };
    const std::size_t ticking = count_ticking(c, table);
    const bool any_unlisted = std::any_of(c.parties.begin(), c.parties.end(), [&](const party& p) {
        return ticked_unlisted(p, table);
    });

    check(c.parties.size() == 2, "NOT_TWO_VEHICLES");
    check(!c.accident.injuries, "INJURIES");
    check(!c.accident.external_property_damage, "EXTERNAL_PROPERTY_DAMAGE");
    check(every_party(c, [](const party& p) { return p.vehicle.drivable; }), "NOT_DRIVABLE");
    check(every_party(c, [&](const party& p) { return compulsory_in_force(p, at); }),
          "NO_COMPULSORY_COVER");
    check(every_party(c, [&](const party& p) { return tpl_in_force(p, at); }), "NO_COMMERCIAL_TPL");
    check(every_party(c, [&](const party& p) { return zone.is_member_region(p.policy.region); }),
          "NOT_MEMBER_REGION");
    check(every_party(c,
                      [&](const party& p) {
                          return zone.is_member(p.policy.insurer) &&
                                 zone.has_branch_in_every_region(p.policy.insurer);
                      }),
          "NO_BRANCH_IN_BOTH_REGIONS");
    check(every_party(c, has_scene_evidence), "MISSING_EVIDENCE");
    check(!any_unlisted && ticking > 0, "SITUATION_NOT_LISTED");
    check(ticking == 1, "LIABILITY_UNCLEAR");
    check(total_loss(c) <= rules.limits.threshold, "OVER_THRESHOLD");
    check(parties_distinct(c), "PARTIES_NOT_DISTINCT");

    decide_liability(c, table, d);
    d.eligible = d.reasons.empty();
    if (d.eligible) {
        // Eligible implies two parties with exactly one of them ticking.
        const bool first_liable = ticked_listed(c.parties[0], table);
        settle(first_liable ? c.parties[0] : c.parties[1],
               first_liable ? c.parties[1] : c.parties[0], rules.limits, d);
    }
    return d;
}

mutual_decision decide_mutual(const claim& c, const rulebook& rules) {
    const auto at = c.accident.occurred_at;
    mutual_decision d;
    auto check = [&](bool ok, const char* code) {
        if (!ok) d.reasons.emplace_back(code);
    };
    check(c.parties.size() == 2, "NOT_TWO_VEHICLES");
    check(!c.accident.injuries, "INJURIES");
    check(!c.accident.external_property_damage, "EXTERNAL_PROPERTY_DAMAGE");
    check(every_party(c, [&](const party& p) { return compulsory_in_force(p, at); }),
          "NO_COMPULSORY_COVER");
    check(c.parties.size() >= 2 && count_ticking(c, rules.table) == c.parties.size(),
          "LIABILITY_CLEAR");
    check(every_party(c,
                      [&](const party& p) {
                          return p.estimated_loss <= rules.limits.mutual_each_vehicle_max;
                      }),
          "LOSS_OVER_LIMIT");

    d.eligible = d.reasons.empty();
    if (d.eligible)
        for (const auto& p : c.parties)
            add_payment(d.payments, p.policy.insurer, std::nullopt, p.role,
                        coverage::compulsory_property, p.estimated_loss);
    return d;
}

}  // namespace

assessment assess(const domain::claim& claim, const domain::zone& zone, const rulebook& rules) {
    return assessment{decide_fast_settle(claim, zone, rules), decide_mutual(claim, rules)};
}

}  // namespace crossclaim::fast_settle
