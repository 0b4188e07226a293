#pragma once
// A candidate rule configuration tried over the stored pool, read-only, beside the current
// one: per rule, how many claims each would flag, and how precise each is against the leads
// investigators already closed. Thresholds are tuned on evidence, not on guesses.

#include <functional>
#include <string>
#include <vector>

#include "domain/time.hpp"
#include "fraud/rule_settings.hpp"
#include "storage/db_pool.hpp"

namespace crossclaim::services {

/// One rule under both configurations.
struct backtest_rule {
    std::string code;
    long long current = 0, candidate = 0;  ///< claims flagged
    long long candidate_confirmed = 0, candidate_dismissed = 0;
    long long current_confirmed = 0, current_dismissed = 0;
};

struct backtest_result {
    long long claims = 0;
    std::vector<backtest_rule> rules;
};

/// Screens every pooled claim with accidents in [from, to) under both rule sets, in a
/// read-only transaction; `progress(done, total)` is called every 1,000 claims.
backtest_result backtest(storage::session& db, const fraud::rule_settings& current,
                         const fraud::rule_settings& candidate, domain::instant from,
                         domain::instant to,
                         const std::function<void(long long, long long)>& progress);

}  // namespace crossclaim::services
