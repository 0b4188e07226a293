#include "fraud/rules/support.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

namespace crossclaim::fraud::rules::detail {

std::vector<const pool_match*> others(const screening_input& in) {
    std::vector<const pool_match*> out;
    for (const auto& m : in.matches)
        if (!m.claim_id.empty() && m.claim_id != in.claim.claim_id) out.push_back(&m);
    return out;
}

id_kind vehicle_kind(const pooled_party& p) {
    return same(p.vin, p.vehicle) ? id_kind::vin : id_kind::plate;
}

std::chrono::seconds distance(domain::instant a, domain::instant b) {
    return a < b ? b - a : a - b;
}

std::string describe_hours(std::chrono::seconds d) {
    const auto h = std::chrono::floor<std::chrono::hours>(d);
    const auto m = std::chrono::floor<std::chrono::minutes>(d - h);
    std::string out = std::to_string(h.count()) + (h.count() == 1 ? " hour" : " hours");
    if (m.count() > 0)
        out += " " + std::to_string(m.count()) + (m.count() == 1 ? " minute" : " minutes");
    return out;
}

std::string describe_days(std::chrono::seconds d) {
    const auto n = std::chrono::floor<std::chrono::days>(d).count();
    return std::to_string(n) + (n == 1 ? " day" : " days");
}

std::size_t distinct_values(const std::vector<sighting>& s) {
    std::set<std::string_view> values;
    for (const auto& x : s) values.insert(x.value);
    return values.size();
}

std::vector<sighting> busiest_window(const std::vector<sighting>& all, domain::instant at,
                                     std::chrono::seconds width) {
    // Some best window starts at a sighting: sliding a window's start forward to the next
    // sighting loses nothing inside it. The start must lie in [at - width, at] for the
    // window to contain this accident, and `at` is itself a sighting of the screened claim.
    std::vector<domain::instant> starts;
    for (const auto& s : all)
        if (s.at >= at - width && s.at <= at) starts.push_back(s.at);
    std::sort(starts.begin(), starts.end());

    std::vector<sighting> best;
    std::size_t best_count = 0;
    for (const auto start : starts) {
        std::vector<sighting> inside;
        for (const auto& s : all)
            if (s.at >= start && s.at <= start + width) inside.push_back(s);
        const std::size_t count = distinct_values(inside);
        if (count > best_count) {
            best_count = count;
            best = std::move(inside);
        }
    }
    return best;
}

void hit_builder::add_claim(const std::string& claim_id, domain::instant at) {
    if (claim_id == screened_.claim_id) return;
    const bool known = std::any_of(claims_.begin(), claims_.end(),
                                   [&](const dated_claim& c) { return c.claim_id == claim_id; });
    if (!known) claims_.push_back({claim_id, at});
}

void hit_builder::add_own(id_kind kind, const std::string& hash) {
    add_other(screened_.claim_id, screened_.occurred_at, kind, hash);
}

void hit_builder::add_other(const std::string& claim_id, domain::instant at, id_kind kind,
                            const std::string& hash) {
    add_claim(claim_id, at);
    const bool known = std::any_of(evidence_.begin(), evidence_.end(), [&](const evidence_item& e) {
        return e.claim_id == claim_id && e.kind == kind && e.hash == hash;
    });
    if (!known) evidence_.push_back({claim_id, kind, hash, at});
}

void hit_builder::clause(std::string text) { clauses_.push_back(std::move(text)); }

std::optional<rule_hit> hit_builder::finish(std::string_view code, int weight) const {
    if (clauses_.empty()) return std::nullopt;
    rule_hit hit;
    hit.code = std::string(code);
    hit.weight = weight;

    // A stable order makes hits comparable across runs whatever order storage returned.
    auto claims = claims_;
    std::stable_sort(claims.begin(), claims.end(), [](const dated_claim& a, const dated_claim& b) {
        return std::tie(a.at, a.claim_id) < std::tie(b.at, b.claim_id);
    });
    hit.claims.push_back(screened_.claim_id);
    for (const auto& c : claims) hit.claims.push_back(c.claim_id);

    hit.evidence = evidence_;
    const auto& own = screened_.claim_id;
    std::stable_sort(hit.evidence.begin(), hit.evidence.end(),
                     [&](const evidence_item& a, const evidence_item& b) {
                         const bool a_own = a.claim_id == own, b_own = b.claim_id == own;
                         if (a_own != b_own) return a_own;
                         if (a_own) return false;
                         return std::tie(a.occurred_at, a.claim_id) <
                                std::tie(b.occurred_at, b.claim_id);
                     });

    for (std::size_t i = 0; i < clauses_.size(); ++i) {
        if (i > 0) hit.explanation += "; ";
        hit.explanation += clauses_[i];
    }
    // Clauses are written to follow "; ", so the sentence's first letter is raised here.
    if (!hit.explanation.empty())
        hit.explanation[0] =
            static_cast<char>(std::toupper(static_cast<unsigned char>(hit.explanation[0])));
    hit.explanation += '.';
    return hit;
}

}  // namespace crossclaim::fraud::rules::detail
