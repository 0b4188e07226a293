#include "services/backtest.hpp"

#include <map>

#include "fraud/screen.hpp"
#include "services/pooling.hpp"
#include "services/screening.hpp"

namespace crossclaim::services {

backtest_result backtest(storage::session& db, const fraud::rule_settings& current,
                         const fraud::rule_settings& candidate, domain::instant from,
                         domain::instant to,
                         const std::function<void(long long, long long)>& progress) {
    storage::screening_tx tx(db);
    tx.read_only();
    const auto window = std::max(fraud::widest_window(current), fraud::widest_window(candidate));
    const auto outcomes = tx.outcomes();
    const auto total = tx.pooled_count(from, to);

    std::map<std::string, backtest_rule> rules;
    for (const auto code : fraud::rule_codes) rules[std::string(code)].code = code;
    auto count = [&](const std::vector<fraud::rule_hit>& hits, const std::string& claim_id,
                     bool is_candidate) {
        const auto it = outcomes.find(claim_id);
        for (const auto& h : hits) {
            auto& r = rules[h.code];
            (is_candidate ? r.candidate : r.current) += 1;
            if (it == outcomes.end()) continue;
            const bool confirmed = it->second == "CONFIRMED";
            if (is_candidate)
                (confirmed ? r.candidate_confirmed : r.candidate_dismissed) += 1;
            else
                (confirmed ? r.current_confirmed : r.current_dismissed) += 1;
        }
    };

    backtest_result out;
    storage::pool_cursor after{from, ""};
    for (;;) {
        const auto batch = tx.pooled(from, to, after, 500);
        if (batch.empty()) break;
        for (const auto& [claim_id, facts] : batch) {
            const auto claim = facts_from_json(facts);
            const auto in = gather(tx, claim, window);
            count(fraud::screen(in, current), claim_id, false);
            count(fraud::screen(in, candidate), claim_id, true);
            if (++out.claims % 1000 == 0 && progress) progress(out.claims, total);
            after = {claim.occurred_at, claim_id};
        }
    }
    tx.commit();
    for (const auto code : fraud::rule_codes) out.rules.push_back(rules[std::string(code)]);
    return out;
}

}  // namespace crossclaim::services
