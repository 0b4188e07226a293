#pragma once
// The eleven fraud rules of DOMAIN.md, one pure function each (one file each under
// fraud/rules/). A rule compares what storage gathered in the `screening_input` against
// its settings and returns at most one hit per claim: when several parties or candidates
// meet the rule, they are gathered into that one hit, so a claim's score counts each rule
// once. Rows of `matches` that are the screened claim itself never count, nor does an
// empty (absent) identifier ever equal another.

#include <optional>

#include "fraud/rule_settings.hpp"
#include "fraud/screening.hpp"

namespace crossclaim::fraud::rules {

/// FREQUENT_VEHICLE: a vehicle of this claim is in more than `max_claims` claims (this one
/// included) within some `window_days` window that contains this accident.
std::optional<rule_hit> frequent_vehicle(const screening_input& in, const rule_settings& s);

/// FREQUENT_DRIVER: a driver of this claim drove `min_vehicles` or more different vehicles
/// (this claim's included) within some `window_days` window that contains this accident.
std::optional<rule_hit> frequent_driver(const screening_input& in, const rule_settings& s);

/// SAME_ID_48H: a driver ID of this claim is in another claim at most `window_hours` before
/// or after this accident (exactly 48 hours still fires).
std::optional<rule_hit> same_id_48h(const screening_input& in, const rule_settings& s);

/// NEAR_POLICY_EDGE: the accident's Shanghai day is 0…`window_days` days after a cover's
/// start day, or 0…`window_days` days before its end day.
std::optional<rule_hit> near_policy_edge(const screening_input& in, const rule_settings& s);

/// DUPLICATE_EVIDENCE: an evidence hash of this claim is among another claim's evidence.
std::optional<rule_hit> duplicate_evidence(const screening_input& in, const rule_settings& s);

/// REPEAT_PAIR: another claim within `window_days` holds two of this claim's vehicles, or
/// two of its drivers.
std::optional<rule_hit> repeat_pair(const screening_input& in, const rule_settings& s);

/// SHARED_PHONE: a phone of this claim is used by `min_people` or more different people.
std::optional<rule_hit> shared_phone(const screening_input& in, const rule_settings& s);

/// AMOUNT_OUTLIER: a party's estimated loss is over `median_multiple` times the median of
/// one of its situations that has `min_samples` samples or more (and a median above zero).
std::optional<rule_hit> amount_outlier(const screening_input& in, const rule_settings& s);

/// DOUBLE_REPORT: a vehicle of this claim is in claims of `min_members` or more different
/// members (this claim's member included) at most `window_hours` apart from this accident.
std::optional<rule_hit> double_report(const screening_input& in, const rule_settings& s);

/// NIGHT_SINGLE_LARGE: exactly one party, local time in [night_start_hour, night_end_hour),
/// and that party's estimated loss at least `min_loss`.
std::optional<rule_hit> night_single_large(const screening_input& in, const rule_settings& s);

/// SHOP_CLUSTER: a shop of this claim is in `min_flagged_claims` or more flagged claims,
/// counting the other flagged claims storage knows of and this one when
/// `flagged_by_other_rules`. Runs after every other rule for that reason.
std::optional<rule_hit> shop_cluster(const screening_input& in, const rule_settings& s,
                                     bool flagged_by_other_rules);

}  // namespace crossclaim::fraud::rules
