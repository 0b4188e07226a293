#pragma once
// What the rule files share: identifier comparison, the candidate rows that may count, the
// busiest-window search of the frequency rules, and the assembly of a hit. Internal to
// fraud/rules/.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fraud/screening.hpp"

namespace crossclaim::fraud::rules::detail {

/// True when both hashes are given and equal: an absent identifier ("") matches nothing.
inline bool same(const std::string& a, const std::string& b) { return !a.empty() && a == b; }

/// The rows of `matches` that describe claims other than the screened one.
std::vector<const pool_match*> others(const screening_input& in);

/// The kind of a party's vehicle identity: its VIN when that is what `vehicle` holds.
id_kind vehicle_kind(const pooled_party& p);

/// How far apart two instants are, whichever comes first.
std::chrono::seconds distance(domain::instant a, domain::instant b);

/// "1 hour", "30 hours", "47 hours 30 minutes": for explanations.
std::string describe_hours(std::chrono::seconds d);

/// "1 day", "120 days" (whole days, rounded down).
std::string describe_days(std::chrono::seconds d);

/// One claim seen with a value (the claim's own id when counting claims, the vehicle when
/// counting vehicles) at a time.
struct sighting {
    std::string claim_id;
    domain::instant at;
    std::string value;
};

/// The sightings inside the window of `width` that contains `at` and holds the most
/// distinct values; on a tie, the earliest such window. A window includes both its ends.
std::vector<sighting> busiest_window(const std::vector<sighting>& all, domain::instant at,
                                     std::chrono::seconds width);

/// How many distinct values the sightings hold.
std::size_t distinct_values(const std::vector<sighting>& s);

/// Gathers the claims, evidence and explanation clauses of one rule's hit on one claim.
class hit_builder {
  public:
    explicit hit_builder(const pooled_claim& screened) : screened_(screened) {}

    /// Evidence that the screened claim holds `hash` of `kind`.
    void add_own(id_kind kind, const std::string& hash);
    /// Evidence that another claim holds `hash` of `kind`; the claim joins the hit.
    void add_other(const std::string& claim_id, domain::instant at, id_kind kind,
                   const std::string& hash);
    /// Another claim that joins the hit without evidence of its own (it matched through an
    /// item the screened claim already records).
    void add_claim(const std::string& claim_id, domain::instant at);
    /// One part of the explanation, e.g. "party A's vehicle is in 4 claims …".
    void clause(std::string text);

    /// The hit, or nullopt when no clause was added: this claim first, the others by time
    /// of accident; the clauses joined into one sentence.
    std::optional<rule_hit> finish(std::string_view code, int weight) const;

  private:
    struct dated_claim {
        std::string claim_id;
        domain::instant at;
    };
    const pooled_claim& screened_;
    std::vector<dated_claim> claims_;
    std::vector<evidence_item> evidence_;
    std::vector<std::string> clauses_;
};

}  // namespace crossclaim::fraud::rules::detail
