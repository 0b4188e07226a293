// The fraud pool's config: the [fraud] table of the main file, the rule set it names
// (config/fraud.toml) and the mobile number segments intake checks phones against.

#include "config/fraud_config.hpp"

#include <algorithm>

namespace crossclaim::config::detail {
namespace {

// Reads the keys of one [rules.CODE] table into its settings.
class rule_reader {
  public:
    rule_reader(reader& r, const toml::table& rules, std::string_view code)
        : r_(r), path_("rules." + std::string(code)) {
        t_ = r.table(rules, "rules", code, false);
    }
    template <class Settings>
    void common(Settings& s, std::initializer_list<std::string_view> keys) {
        if (!t_) return;
        std::vector<std::string_view> allowed{"enabled", "weight"};
        allowed.insert(allowed.end(), keys.begin(), keys.end());
        for (const auto& [k, v] : *t_)
            if (std::find(allowed.begin(), allowed.end(), k.str()) == allowed.end())
                r_.error(v.source(), path_ + "." + std::string(k.str()), "unknown key");
        r_.boolean(*t_, path_, "enabled", s.enabled);
        r_.integer(*t_, path_, "weight", s.weight, 0, 100);
    }
    void number(std::string_view key, int& out, int min, int max) {
        if (t_) r_.integer(*t_, path_, key, out, min, max);
    }
    void amount(std::string_view key, domain::money& out) {
        if (t_ && t_->get(key)) r_.money(*t_, path_, key, out);
    }

  private:
    reader& r_;
    std::string path_;
    const toml::table* t_ = nullptr;
};

}  // namespace

void load_fraud_rules(const std::string& path, fraud::rule_settings& out,
                      std::vector<std::string>& errors) {
    std::string contents;
    const auto doc = parse_file(path, errors, &contents);
    if (!doc) return;
    reader r(path, errors);
    r.only_keys(*doc, "", {"version", "rules"});
    r.string(*doc, "", "version", out.version, true);
    const auto* rules = r.table(*doc, "", "rules", true);
    if (!rules) return;
    r.only_keys(*rules, "rules",
                {"FREQUENT_VEHICLE", "FREQUENT_DRIVER", "SAME_ID_48H", "NEAR_POLICY_EDGE",
                 "DUPLICATE_EVIDENCE", "REPEAT_PAIR", "SHARED_PHONE", "AMOUNT_OUTLIER",
                 "DOUBLE_REPORT", "NIGHT_SINGLE_LARGE", "SHOP_CLUSTER"});
    {
        rule_reader rr(r, *rules, "FREQUENT_VEHICLE");
        rr.common(out.frequent_vehicle, {"max_claims", "window_days"});
        rr.number("max_claims", out.frequent_vehicle.max_claims, 1, 1000);
        rr.number("window_days", out.frequent_vehicle.window_days, 1, 3660);
    }
    {
        rule_reader rr(r, *rules, "FREQUENT_DRIVER");
        rr.common(out.frequent_driver, {"min_vehicles", "window_days"});
        rr.number("min_vehicles", out.frequent_driver.min_vehicles, 2, 1000);
        rr.number("window_days", out.frequent_driver.window_days, 1, 3660);
    }
    {
        rule_reader rr(r, *rules, "SAME_ID_48H");
        rr.common(out.same_id_48h, {"window_hours"});
        rr.number("window_hours", out.same_id_48h.window_hours, 1, 24 * 366);
    }
    {
        rule_reader rr(r, *rules, "NEAR_POLICY_EDGE");
        rr.common(out.near_policy_edge, {"window_days"});
        rr.number("window_days", out.near_policy_edge.window_days, 0, 366);
    }
    {
        rule_reader rr(r, *rules, "DUPLICATE_EVIDENCE");
        rr.common(out.duplicate_evidence, {});
    }
    {
        rule_reader rr(r, *rules, "REPEAT_PAIR");
        rr.common(out.repeat_pair, {"window_days"});
        rr.number("window_days", out.repeat_pair.window_days, 1, 3660);
    }
    {
        rule_reader rr(r, *rules, "SHARED_PHONE");
        rr.common(out.shared_phone, {"min_people"});
        rr.number("min_people", out.shared_phone.min_people, 2, 1000);
    }
    {
        rule_reader rr(r, *rules, "AMOUNT_OUTLIER");
        rr.common(out.amount_outlier, {"median_multiple", "min_samples"});
        rr.number("median_multiple", out.amount_outlier.median_multiple, 1, 1000);
        rr.number("min_samples", out.amount_outlier.min_samples, 1, 1'000'000);
    }
    {
        rule_reader rr(r, *rules, "DOUBLE_REPORT");
        rr.common(out.double_report, {"window_hours", "min_members"});
        rr.number("window_hours", out.double_report.window_hours, 1, 24 * 366);
        rr.number("min_members", out.double_report.min_members, 2, 100);
    }
    {
        rule_reader rr(r, *rules, "NIGHT_SINGLE_LARGE");
        rr.common(out.night_single_large, {"night_start_hour", "night_end_hour", "min_loss"});
        rr.number("night_start_hour", out.night_single_large.night_start_hour, 0, 23);
        rr.number("night_end_hour", out.night_single_large.night_end_hour, 0, 23);
        rr.amount("min_loss", out.night_single_large.min_loss);
    }
    {
        rule_reader rr(r, *rules, "SHOP_CLUSTER");
        rr.common(out.shop_cluster, {"min_flagged_claims"});
        rr.number("min_flagged_claims", out.shop_cluster.min_flagged_claims, 2, 1000);
    }
}

void load_mobile_segments(const std::string& path, domain::mobile_segments& out,
                          std::vector<std::string>& errors) {
    const auto doc = parse_file(path, errors);
    if (!doc) return;
    reader r(path, errors);
    r.only_keys(*doc, "", {"version", "mobile"});
    r.string(*doc, "", "version", out.version, true);
    if (const auto* list = r.array(*doc, "", "mobile", true))
        for (const auto& n : *list) {
            const auto p = n.value<std::string>();
            if (!n.is_string() || !p || !domain::valid_segment_prefix(*p))
                r.error(n.source(), "mobile", "must hold prefixes of 3 to 11 digits starting 1");
            else
                out.prefixes.push_back(*p);
        }
    if (out.prefixes.empty()) errors.push_back(path + ": mobile: no segment is listed");
}

void load_fraud(reader& r, const toml::table& t, const std::filesystem::path& dir,
                fraud_settings& f, std::vector<std::string>& errors) {
    const std::string p = "fraud";
    r.only_keys(t, p,
                {"rules", "retention_years", "reward_share", "screening_workers",
                 "screening_poll_ms", "key_refresh_ms", "purge_interval_ms"});
    std::string rules;
    r.string(t, p, "rules", rules);
    if (!rules.empty()) load_fraud_rules(resolve(dir, rules), f.rules, errors);
    r.integer(t, p, "retention_years", f.retention_years, 1, 30);
    if (const auto* n = t.get("reward_share")) {
        const auto v = n->value<double>();
        if (!n->is_floating_point() || !v || *v < 0 || *v > 1)
            r.error(n->source(), "fraud.reward_share", "must be a share from 0.0 to 1.0");
        else
            f.reward_share_basis_points = static_cast<int>(*v * 10'000 + 0.5);
    }
    r.integer(t, p, "screening_workers", f.screening_workers, 0, 32);
    r.millis(t, p, "screening_poll_ms", f.screening_poll, 10, 60'000);
    r.millis(t, p, "key_refresh_ms", f.key_refresh, 100, 600'000);
    r.millis(t, p, "purge_interval_ms", f.purge_interval, 100, 86'400'000);
}

}  // namespace crossclaim::config::detail

namespace crossclaim::config {

void load_rule_file(const std::string& path, fraud::rule_settings& out,
                    std::vector<std::string>& errors) {
    detail::load_fraud_rules(path, out, errors);
}

}  // namespace crossclaim::config
