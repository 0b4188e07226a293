#include "generator/claims.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <utility>

#include "generator/builder.hpp"
#include "generator/patterns.hpp"
#include "generator/schedule.hpp"

namespace crossclaim::generator {
namespace {

// Multi-claim patterns first: planted early, their later claims still fit in the period.
constexpr std::array<const char*, 9> pattern_order = {
    "ring",           "repeat_vehicle", "frequent_driver",    "double_report", "same_id_48h",
    "recycled_photo", "policy_edge",    "night_single_large", "amount_outlier"};

// One instance per this many claims; at least one of each pattern from `all_patterns_from`.
constexpr long long claims_per_instance = 500;
constexpr long long all_patterns_from = 200;
// AMOUNT_OUTLIER needs 30 samples of the situation; a margin keeps the median settled.
constexpr long long outlier_samples_needed = 40;

}  // namespace

std::vector<std::string> planted_patterns() { return {pattern_order.begin(), pattern_order.end()}; }

std::string rule_of(const std::string& pattern) {
    static const std::map<std::string, std::string> rules = {
        {"ring", "REPEAT_PAIR"},
        {"repeat_vehicle", "FREQUENT_VEHICLE"},
        {"frequent_driver", "FREQUENT_DRIVER"},
        {"double_report", "DOUBLE_REPORT"},
        {"same_id_48h", "SAME_ID_48H"},
        {"recycled_photo", "DUPLICATE_EVIDENCE"},
        {"policy_edge", "NEAR_POLICY_EDGE"},
        {"night_single_large", "NIGHT_SINGLE_LARGE"},
        {"amount_outlier", "AMOUNT_OUTLIER"}};
    const auto found = rules.find(pattern);
    return found == rules.end() ? "" : found->second;
}

struct claim_generator::state {
    state(const options& o, const domain::zone& z)
        : opt(o), zone(z), build(o.seed, zone), when(o.first_day, o.days, o.claims) {
        if (zone.regions.empty() || zone.members.empty())
            throw std::invalid_argument("the zone needs at least one region and one member");
        const long long n = std::max(opt.claims, 0LL);
        instances = n / claims_per_instance;
        if (n >= all_patterns_from)
            instances =
                std::max<long long>(instances, static_cast<long long>(pattern_order.size()));
        schedule_next_plant();
    }

    void schedule_next_plant() {
        next_plant =
            started < instances ? (started + 1) * opt.claims / (instances + 1) : opt.claims + 1;
    }

    // Starts the next pattern instance at slot time `t` when it is due and fits.
    void maybe_plant(domain::instant t) {
        if (emitted < next_plant || started >= instances) return;
        std::string pattern =
            pattern_order[static_cast<std::size_t>(started) % pattern_order.size()];
        const long long left = opt.claims - emitted;
        if (pattern == "amount_outlier" && samples[1] < outlier_samples_needed) {
            next_plant = emitted + 20;  // too few rear-ends yet for a pool median: later
            return;
        }
        const auto pending_count = static_cast<long long>(pending.size());
        const bool fits = t + detail::minimum_span(pattern) < when.end() &&
                          left > pending_count + detail::maximum_claims(pattern);
        if (!fits) pattern = left > pending_count + 1 ? "policy_edge" : "";
        if (pattern.empty()) return;
        ++started;
        schedule_next_plant();
        for (auto& g : detail::plant(pattern, t, when.end(), build, last_photo)) {
            g.instance = started;
            const auto at = g.claim.accident.occurred_at;
            pending.emplace(at, std::move(g));
        }
    }

    generated_claim clean(domain::instant t) {
        generated_claim g;
        const auto local = t - domain::shanghai_midnight(domain::shanghai_day(t));
        // Single-vehicle claims by day only, so that none is a night-time large loss.
        const bool daytime = local >= std::chrono::hours(8) && local < std::chrono::hours(19);
        g.claim =
            daytime && build.random().chance(70) ? build.single_vehicle(t) : build.two_party(t);
        const auto& parties = g.claim.parties;
        // Most customers report to their own insurer; some to the other party's.
        g.member = parties.size() > 1 && build.random().chance(150) ? parties[1].policy.insurer
                                                                    : parties[0].policy.insurer;
        for (const auto& p : parties)
            for (const auto& e : p.evidence)
                if (e.kind == "photo") last_photo = e.sha256;
        return g;
    }

    generated_claim finish(generated_claim g) {
        ++emitted;
        char ref[96];
        std::snprintf(ref, sizeof ref, "%s-GEN-%llu-%08lld", g.member.c_str(),
                      static_cast<unsigned long long>(opt.seed), emitted);
        g.claim.external_ref = ref;
        for (const auto& p : g.claim.parties)
            for (int s : p.situations) ++samples[s];
        return g;
    }

    options opt;
    domain::zone zone;
    detail::builder build;
    detail::schedule when;
    long long emitted = 0;
    long long instances = 0, started = 0, next_plant = 0;
    // Planted claims waiting for their time; equal times keep their insertion order.
    std::multimap<domain::instant, generated_claim> pending;
    std::map<int, long long> samples;  ///< ticked losses made so far, per situation
    std::string last_photo;            ///< a photo hash of the latest clean claim
};

claim_generator::claim_generator(const options& o, const domain::zone& zone)
    : state_(std::make_unique<state>(o, zone)) {}
claim_generator::~claim_generator() = default;
claim_generator::claim_generator(claim_generator&&) noexcept = default;
claim_generator& claim_generator::operator=(claim_generator&&) noexcept = default;

std::optional<generated_claim> claim_generator::next() {
    auto& s = *state_;
    if (s.emitted >= s.opt.claims) return std::nullopt;
    const domain::instant t = s.when.next(s.build.random());
    s.maybe_plant(t);
    // A waiting planted claim takes the slot once its time has come, which keeps the stream
    // in time order; at the very end the waiting ones take the last slots whatever their time.
    const auto left = static_cast<std::size_t>(s.opt.claims - s.emitted);
    if (!s.pending.empty() && (s.pending.begin()->first <= t || left <= s.pending.size())) {
        auto g = std::move(s.pending.begin()->second);
        s.pending.erase(s.pending.begin());
        return s.finish(std::move(g));
    }
    return s.finish(s.clean(t));
}

}  // namespace crossclaim::generator
