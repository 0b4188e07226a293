#pragma once
// The subcommands of the `crossclaim` binary. Each returns the process exit code.

#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace crossclaim::app {

/// Command-line words after the subcommand, with `--name value` options.
class arguments {
  public:
    explicit arguments(std::vector<std::string> words) : words_(std::move(words)) {}
    /// The value after `--name`, or nullopt.
    std::optional<std::string> option(const std::string& name) const;
    /// Words that are neither options nor their values.
    std::vector<std::string> positional() const;
    /// Options given that are not in `known`, for a clear error.
    std::vector<std::string> unknown_options(const std::vector<std::string>& known) const;

  private:
    std::vector<std::string> words_;
};

/// Reports unknown options on standard error; true when there were any.
bool reject_unknown(const arguments& args, const std::vector<std::string>& known);

/// Loads the configuration named by --config (or the default), printing every problem.
std::optional<config::settings> load_or_report(const arguments& args);

/// Applies pending migrations, printing why when it cannot; false on failure.
bool run_migrations(const config::settings& s);

int serve(const arguments& args);
int migrate(const arguments& args);
int check_config(const arguments& args);
int pki_init(const arguments& args);
int pki_issue(const arguments& args);
int pki_revoke(const arguments& args);
int pool_rotate_key(const arguments& args);
int pool_seal_claims(const arguments& args);
int fraud_backtest(const arguments& args);
int reports_rollup(const arguments& args);
int demo_generate(const arguments& args);
int demo_screen(const arguments& args);
int demo_load(const arguments& args);
int user_add(const arguments& args);

}  // namespace crossclaim::app
