#pragma once
// Loaders of the fraud pool's, the console's, the organisations' and the rate limits'
// config, used by config.cpp (internal to config/).

#include <filesystem>
#include <string>
#include <vector>

#include "config/toml_reader.hpp"

namespace crossclaim::config::detail {

/// Reads a rule-set file (config/fraud.toml) into `out`; problems go to `errors`.
void load_fraud_rules(const std::string& path, fraud::rule_settings& out,
                      std::vector<std::string>& errors);

/// Reads a mobile segment file (config/mobile_segments.toml) into `out`.
void load_mobile_segments(const std::string& path, domain::mobile_segments& out,
                          std::vector<std::string>& errors);

/// Reads the [fraud] table, and the rule-set file it names relative to `dir`.
void load_fraud(reader& r, const toml::table& t, const std::filesystem::path& dir,
                fraud_settings& f, std::vector<std::string>& errors);

/// Reads the [console] table; its paths are relative to `dir`.
void load_console(reader& r, const toml::table& t, const std::filesystem::path& dir,
                  console_settings& c);

/// Reads the [[organisation]] tables: code, name and role (investigator or association).
void load_organisations(reader& r, const toml::table& doc, domain::zone& zone);

/// Reads the [rate_limit] table and its [[rate_limit.member]] tables; a member's code must
/// be a configured member or organisation of `zone`.
void load_rate_limits(reader& r, const toml::table& t, const domain::zone& zone,
                      rate_limit_settings& out);

}  // namespace crossclaim::config::detail
