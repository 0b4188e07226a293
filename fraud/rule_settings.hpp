#pragma once
// The fraud rules' thresholds and weights. They are data (config/fraud.toml, one
// [rules.CODE] table per rule whose keys are the field names below) so that the committee
// can tune a rule without a release, and every hit can name the rule-set version it was
// scored under. The defaults are those of DOMAIN.md and of the shipped config.
//
// Windows are whole days or hours of elapsed time (China keeps UTC+8 all year, so a day is
// always 24 hours); the rules apply each one on both sides of the accident unless the rule
// says otherwise, so that a late-reported claim still meets the pool it belongs to.

#include <array>
#include <chrono>
#include <string>
#include <string_view>

#include "domain/money.hpp"

namespace crossclaim::fraud {

/// The rule codes in DOMAIN.md order, which is also the order `screen` runs them in.
inline constexpr std::array<std::string_view, 11> rule_codes{
    "FREQUENT_VEHICLE",   "FREQUENT_DRIVER",    "SAME_ID_48H",  "NEAR_POLICY_EDGE",
    "DUPLICATE_EVIDENCE", "REPEAT_PAIR",        "SHARED_PHONE", "AMOUNT_OUTLIER",
    "DOUBLE_REPORT",      "NIGHT_SINGLE_LARGE", "SHOP_CLUSTER"};

/// FREQUENT_VEHICLE: the same vehicle in more than `max_claims` claims within `window_days`.
struct frequent_vehicle_settings {
    bool enabled = true;
    int weight = 20;
    int max_claims = 3;  ///< fires when a window holds more claims than this
    int window_days = 180;
};

/// FREQUENT_DRIVER: one driver ID with `min_vehicles` or more vehicles within `window_days`.
struct frequent_driver_settings {
    bool enabled = true;
    int weight = 20;
    int min_vehicles = 3;  ///< different vehicles, this claim's included
    int window_days = 365;
};

/// SAME_ID_48H: the same ID number in another accident within `window_hours` either side.
struct same_id_48h_settings {
    bool enabled = true;
    int weight = 25;
    int window_hours = 48;
};

/// NEAR_POLICY_EDGE: the accident's local day within `window_days` after a cover's start
/// day or before its end day (the edge day itself is day 0).
struct near_policy_edge_settings {
    bool enabled = true;
    int weight = 10;
    int window_days = 7;
};

/// DUPLICATE_EVIDENCE: a photo or video hash of this claim already in another claim.
struct duplicate_evidence_settings {
    bool enabled = true;
    int weight = 40;
};

/// REPEAT_PAIR: two of this claim's vehicles, or two of its drivers, together in another
/// accident within `window_days`.
struct repeat_pair_settings {
    bool enabled = true;
    int weight = 30;
    int window_days = 365;
};

/// SHARED_PHONE: a phone of this claim used by `min_people` or more different ID numbers.
struct shared_phone_settings {
    bool enabled = true;
    int weight = 15;
    int min_people = 3;
};

/// AMOUNT_OUTLIER: a party's loss over `median_multiple` times the pool median of one of
/// its situations, once that median rests on `min_samples` claims or more.
struct amount_outlier_settings {
    bool enabled = true;
    int weight = 15;
    int median_multiple = 3;  ///< an integer, so the comparison stays in exact fen
    int min_samples = 30;
};

/// DOUBLE_REPORT: the same vehicle's accident reported by `min_members` or more different
/// members within `window_hours` either side.
struct double_report_settings {
    bool enabled = true;
    int weight = 30;
    int window_hours = 24;
    int min_members = 2;  ///< this claim's member included
};

/// NIGHT_SINGLE_LARGE: a one-vehicle accident from `night_start_hour` (included) to
/// `night_end_hour` (excluded), Asia/Shanghai local time, with a loss of `min_loss` or more.
/// A start after the end spans midnight; equal hours make an empty night (the rule is off).
struct night_single_large_settings {
    bool enabled = true;
    int weight = 15;
    int night_start_hour = 20;
    int night_end_hour = 6;
    domain::money min_loss = domain::yuan(5000);  ///< "5000.00" in the TOML file
};

/// SHOP_CLUSTER: a repair shop in `min_flagged_claims` or more claims other rules flagged.
struct shop_cluster_settings {
    bool enabled = true;
    int weight = 20;
    int min_flagged_claims = 3;  ///< this claim counts when another rule hit it
};

/// The whole rule set as loaded from config/fraud.toml.
struct rule_settings {
    std::string version = "2026-12-01";  ///< recorded with every hit and lead
    frequent_vehicle_settings frequent_vehicle;
    frequent_driver_settings frequent_driver;
    same_id_48h_settings same_id_48h;
    near_policy_edge_settings near_policy_edge;
    duplicate_evidence_settings duplicate_evidence;
    repeat_pair_settings repeat_pair;
    shared_phone_settings shared_phone;
    amount_outlier_settings amount_outlier;
    double_report_settings double_report;
    night_single_large_settings night_single_large;
    shop_cluster_settings shop_cluster;
};

/// The widest time window any enabled rule looks through, on each side of the accident:
/// storage scans candidates over [occurred_at - w, occurred_at + w]. DUPLICATE_EVIDENCE and
/// SHARED_PHONE have no window of their own and see what that scan returns.
std::chrono::seconds widest_window(const rule_settings& s);

}  // namespace crossclaim::fraud
