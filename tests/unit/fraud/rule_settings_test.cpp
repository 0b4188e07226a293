#include "fraud/rule_settings.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "domain/money.hpp"
#include "fraud/screening.hpp"

using crossclaim::domain::yuan;
using crossclaim::fraud::id_kind;
using crossclaim::fraud::id_kind_from;
using crossclaim::fraud::rule_codes;
using crossclaim::fraud::rule_settings;
using crossclaim::fraud::widest_window;

namespace {

using table = std::map<std::string, std::string>;

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// Just enough of TOML to read the shipped file's flat `key = value` lines per table; the
// real loader lives in config/. The point is that the file and the struct's defaults agree.
std::map<std::string, table> read_tables(const std::filesystem::path& path) {
    std::map<std::string, table> out;
    std::ifstream file(path);
    std::string line, current;
    while (std::getline(file, line)) {
        line = trim(line.substr(0, line.find('#')));
        if (line.empty()) continue;
        if (line.front() == '[') {
            current = line.substr(1, line.size() - 2);
            out[current];
            continue;
        }
        const auto eq = line.find('=');
        out[current][trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
    }
    return out;
}

std::string flag(bool b) { return b ? "true" : "false"; }
std::string num(int n) { return std::to_string(n); }
std::string quoted(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

TEST_CASE("identifier kinds have their contract names both ways", "[unit][fraud]") {
    const std::map<id_kind, std::string> names{
        {id_kind::plate, "plate"},         {id_kind::vin, "vin"},
        {id_kind::id_number, "id_number"}, {id_kind::phone, "phone"},
        {id_kind::account, "account"},     {id_kind::shop, "shop"},
        {id_kind::evidence, "evidence"}};
    for (const auto& [kind, name] : names) {
        CHECK(to_string(kind) == name);
        CHECK(id_kind_from(name) == kind);
    }
}

TEST_CASE("an unknown identifier kind name is no kind", "[unit][fraud]") {
    CHECK_FALSE(id_kind_from("VIN"));
    CHECK_FALSE(id_kind_from("email"));
    CHECK_FALSE(id_kind_from(""));
}

TEST_CASE("the default rule settings are DOMAIN.md's thresholds", "[unit][fraud]") {
    const rule_settings s;
    CHECK(s.version == "2026-12-01");
    CHECK(s.frequent_vehicle.max_claims == 3);
    CHECK(s.frequent_vehicle.window_days == 180);
    CHECK(s.frequent_driver.min_vehicles == 3);
    CHECK(s.frequent_driver.window_days == 365);
    CHECK(s.same_id_48h.window_hours == 48);
    CHECK(s.near_policy_edge.window_days == 7);
    CHECK(s.repeat_pair.window_days == 365);
    CHECK(s.shared_phone.min_people == 3);
    CHECK(s.amount_outlier.median_multiple == 3);
    CHECK(s.amount_outlier.min_samples == 30);
    CHECK(s.double_report.window_hours == 24);
    CHECK(s.double_report.min_members == 2);
    CHECK(s.night_single_large.night_start_hour == 20);
    CHECK(s.night_single_large.night_end_hour == 6);
    CHECK(s.night_single_large.min_loss == yuan(5000));
    CHECK(s.shop_cluster.min_flagged_claims == 3);
}

TEST_CASE("storage scans as far as the widest enabled rule window", "[unit][fraud]") {
    rule_settings s;
    CHECK(widest_window(s) == std::chrono::days(365));
    s.frequent_driver.enabled = false;
    s.repeat_pair.enabled = false;
    CHECK(widest_window(s) == std::chrono::days(180));
    s.frequent_vehicle.enabled = false;
    CHECK(widest_window(s) == std::chrono::hours(48));
    s.same_id_48h.window_hours = 72;
    CHECK(widest_window(s) == std::chrono::hours(72));
}

TEST_CASE("config/fraud.toml ships the default rule settings under their field names",
          "[unit][fraud]") {
    const auto tables =
        read_tables(std::filesystem::path(CROSSCLAIM_SOURCE_DIR) / "config" / "fraud.toml");
    const rule_settings d;
    const std::map<std::string, table> expected{
        {"", {{"version", quoted(d.version)}}},
        {"rules.FREQUENT_VEHICLE",
         {{"enabled", flag(d.frequent_vehicle.enabled)},
          {"weight", num(d.frequent_vehicle.weight)},
          {"max_claims", num(d.frequent_vehicle.max_claims)},
          {"window_days", num(d.frequent_vehicle.window_days)}}},
        {"rules.FREQUENT_DRIVER",
         {{"enabled", flag(d.frequent_driver.enabled)},
          {"weight", num(d.frequent_driver.weight)},
          {"min_vehicles", num(d.frequent_driver.min_vehicles)},
          {"window_days", num(d.frequent_driver.window_days)}}},
        {"rules.SAME_ID_48H",
         {{"enabled", flag(d.same_id_48h.enabled)},
          {"weight", num(d.same_id_48h.weight)},
          {"window_hours", num(d.same_id_48h.window_hours)}}},
        {"rules.NEAR_POLICY_EDGE",
         {{"enabled", flag(d.near_policy_edge.enabled)},
          {"weight", num(d.near_policy_edge.weight)},
          {"window_days", num(d.near_policy_edge.window_days)}}},
        {"rules.DUPLICATE_EVIDENCE",
         {{"enabled", flag(d.duplicate_evidence.enabled)},
          {"weight", num(d.duplicate_evidence.weight)}}},
        {"rules.REPEAT_PAIR",
         {{"enabled", flag(d.repeat_pair.enabled)},
          {"weight", num(d.repeat_pair.weight)},
          {"window_days", num(d.repeat_pair.window_days)}}},
        {"rules.SHARED_PHONE",
         {{"enabled", flag(d.shared_phone.enabled)},
          {"weight", num(d.shared_phone.weight)},
          {"min_people", num(d.shared_phone.min_people)}}},
        {"rules.AMOUNT_OUTLIER",
         {{"enabled", flag(d.amount_outlier.enabled)},
          {"weight", num(d.amount_outlier.weight)},
          {"median_multiple", num(d.amount_outlier.median_multiple)},
          {"min_samples", num(d.amount_outlier.min_samples)}}},
        {"rules.DOUBLE_REPORT",
         {{"enabled", flag(d.double_report.enabled)},
          {"weight", num(d.double_report.weight)},
          {"window_hours", num(d.double_report.window_hours)},
          {"min_members", num(d.double_report.min_members)}}},
        {"rules.NIGHT_SINGLE_LARGE",
         {{"enabled", flag(d.night_single_large.enabled)},
          {"weight", num(d.night_single_large.weight)},
          {"night_start_hour", num(d.night_single_large.night_start_hour)},
          {"night_end_hour", num(d.night_single_large.night_end_hour)},
          {"min_loss", quoted(to_string(d.night_single_large.min_loss))}}},
        {"rules.SHOP_CLUSTER",
         {{"enabled", flag(d.shop_cluster.enabled)},
          {"weight", num(d.shop_cluster.weight)},
          {"min_flagged_claims", num(d.shop_cluster.min_flagged_claims)}}},
    };
    CHECK(tables == expected);
    std::set<std::string> codes;
    for (const auto& code : rule_codes) codes.insert("rules." + std::string(code));
    codes.insert("");
    std::set<std::string> found;
    for (const auto& [name, keys] : tables) found.insert(name);
    CHECK(found == codes);
}

TEST_CASE("the default weights lie within 0 to 100", "[unit][fraud]") {
    const rule_settings s;
    for (int w : {s.frequent_vehicle.weight, s.frequent_driver.weight, s.same_id_48h.weight,
                  s.near_policy_edge.weight, s.duplicate_evidence.weight, s.repeat_pair.weight,
                  s.shared_phone.weight, s.amount_outlier.weight, s.double_report.weight,
                  s.night_single_large.weight, s.shop_cluster.weight}) {
        CHECK(w >= 0);
        CHECK(w <= 100);
    }
}
