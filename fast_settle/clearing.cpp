#include "fast_settle/clearing.hpp"

#include <map>
#include <utility>

namespace crossclaim::fast_settle {

std::vector<net_line> net_statement(const std::vector<ledger_total>& entries) {
    // Keyed by (low, high) code so both directions of a pair meet, and the map order is the
    // output order whatever order the entries came in.
    struct pair_totals {
        domain::money low_to_high;  // what `low` owes `high`
        domain::money high_to_low;
        std::size_t entries = 0;
    };
    std::map<std::pair<std::string, std::string>, pair_totals> pairs;
    for (const auto& e : entries) {
        if (e.creditor == e.debtor) continue;
        const bool debtor_low = e.debtor < e.creditor;
        auto& totals =
            pairs[debtor_low ? std::pair{e.debtor, e.creditor} : std::pair{e.creditor, e.debtor}];
        (debtor_low ? totals.low_to_high : totals.high_to_low) += e.amount;
        totals.entries += e.entries;
    }

    std::vector<net_line> out;
    out.reserve(pairs.size());
    for (const auto& [key, t] : pairs) {
        const auto& [low, high] = key;
        // An exact cancellation keeps the alphabetical direction, so the line is stable.
        if (t.high_to_low > t.low_to_high)
            out.push_back(net_line{high, low, t.high_to_low - t.low_to_high, t.high_to_low,
                                   t.low_to_high, t.entries});
        else
            out.push_back(net_line{low, high, t.low_to_high - t.high_to_low, t.low_to_high,
                                   t.high_to_low, t.entries});
    }
    return out;
}

}  // namespace crossclaim::fast_settle
