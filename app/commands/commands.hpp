#pragma once
// The subcommands of the `crossclaim` binary. Each returns the process exit code.

#include <optional>
#include <string>
#include <vector>

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

int serve(const arguments& args);
int migrate(const arguments& args);
int check_config(const arguments& args);
int pki_init(const arguments& args);
int pki_issue(const arguments& args);

}  // namespace crossclaim::app
