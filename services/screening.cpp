#include "services/screening.hpp"

#include <set>
#include <sstream>

#include "fraud/screen.hpp"
#include "services/pooling.hpp"
#include "storage/screening_store.hpp"

namespace crossclaim::services {

void screening_stats::screened(double lag_seconds, int hits) {
    std::lock_guard lock(mutex_);
    ++screened_;
    hits_ += static_cast<std::uint64_t>(hits);
    lag_sum_ += lag_seconds;
    for (std::size_t i = 0; i < bounds.size(); ++i)
        if (lag_seconds <= bounds[i]) ++lag_buckets_[i];
}

void screening_stats::backlog(long long depth, double oldest_seconds) {
    std::lock_guard lock(mutex_);
    depth_ = depth;
    oldest_ = oldest_seconds;
}

std::string screening_stats::render() const {
    std::lock_guard lock(mutex_);
    std::ostringstream out;
    out << "# TYPE crossclaim_screening_queue_depth gauge\n"
        << "crossclaim_screening_queue_depth " << depth_ << "\n"
        << "# TYPE crossclaim_screening_oldest_seconds gauge\n"
        << "crossclaim_screening_oldest_seconds " << oldest_ << "\n"
        << "# TYPE crossclaim_screened_total counter\n"
        << "crossclaim_screened_total " << screened_ << "\n"
        << "# TYPE crossclaim_rule_hits_total counter\n"
        << "crossclaim_rule_hits_total " << hits_ << "\n"
        << "# TYPE crossclaim_screening_lag_seconds histogram\n";
    for (std::size_t i = 0; i < bounds.size(); ++i)
        out << "crossclaim_screening_lag_seconds_bucket{le=\"" << bounds[i] << "\"} "
            << lag_buckets_[i] << "\n";
    out << "crossclaim_screening_lag_seconds_bucket{le=\"+Inf\"} " << screened_ << "\n"
        << "crossclaim_screening_lag_seconds_sum " << lag_sum_ << "\n"
        << "crossclaim_screening_lag_seconds_count " << screened_ << "\n";
    return out.str();
}

namespace {

// Matches kept per identifier: enough for every rule's threshold many times over, and a
// bound on the work one claim can cause however popular its phone or vehicle.
constexpr int matches_per_identifier = 200;

void record_lead(storage::screening_tx& tx, const fraud::pooled_claim& c,
                 const std::vector<fraud::rule_hit>& hits, const std::string& region,
                 const std::string& version, screened_claim& out) {
    std::set<std::string> claims{c.claim_id};
    for (const auto& h : hits) claims.insert(h.claims.begin(), h.claims.end());
    const std::vector<std::string> claim_list(claims.begin(), claims.end());
    const auto leads = tx.open_leads_of(claim_list);
    const std::string lead = leads.empty() ? tx.create_lead(region, version) : leads.front();
    // The claim connects these leads: the oldest survives, the others point to it.
    for (std::size_t i = 1; i < leads.size(); ++i) tx.merge_lead(leads[i], lead);
    tx.add_claims(lead, claim_list);
    std::set<std::pair<fraud::id_kind, std::string>> entities;
    for (const auto& h : hits)
        for (const auto& e : h.evidence) entities.insert({e.kind, e.hash});
    for (const auto& [kind, hash] : entities) tx.add_entity(lead, kind, hash);
    for (const auto& h : hits) tx.add_hit(lead, c.claim_id, h, version);
    tx.rescore(lead);
    out.lead_id = lead;
}

}  // namespace

fraud::screening_input gather(storage::screening_tx& tx, const fraud::pooled_claim& claim,
                              std::chrono::seconds window) {
    fraud::screening_input in;
    in.claim = claim;
    in.matches = tx.matches(claim, window, matches_per_identifier);
    tx.read_counts(in);
    return in;
}

std::optional<screened_claim> screen_next(storage::session& db, const config::fraud_settings& f,
                                          std::string& taken) {
    storage::screening_tx tx(db);
    const auto job = tx.take();
    if (!job) return std::nullopt;
    taken = job->claim_id;
    const auto claim = facts_from_json(job->facts_json);

    const auto in = gather(tx, claim, fraud::widest_window(f.rules));

    const auto hits = fraud::screen(in, f.rules);
    screened_claim out;
    out.claim_id = claim.claim_id;
    out.hits = static_cast<int>(hits.size());
    if (!hits.empty()) {
        for (const auto& p : claim.parties)
            if (!p.shop.empty()) tx.flag_shop(p.shop, claim.claim_id);
        record_lead(tx, claim, hits, job->region, f.rules.version, out);
    }
    // The statistics grow after the rules have read them: a claim is not its own yardstick.
    out.lag_seconds = tx.done(claim);
    tx.commit();
    return out;
}

}  // namespace crossclaim::services
