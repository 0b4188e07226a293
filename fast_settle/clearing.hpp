#pragma once
// Monthly netting of what member insurers owe one another (no-fault proxy payments, later
// recoveries). Pure: the caller selects a month's entries; the statement depends only on
// them, never on their order.

#include <cstddef>
#include <string>
#include <vector>

#include "domain/money.hpp"

namespace crossclaim::fast_settle {

/// What `debtor` owes `creditor` over `entries` ledger entries: one claim's entry, or a
/// period's entries of the pair summed.
struct ledger_total {
    std::string creditor;
    std::string debtor;
    domain::money amount;
    std::size_t entries = 1;
};

/// The net position of one insurer pair: `debtor` owes `creditor` `amount`.
struct net_line {
    std::string debtor;
    std::string creditor;
    domain::money amount;                    ///< ≥ 0; zero when the gross amounts cancel
    domain::money gross_debtor_to_creditor;  ///< sum of what `debtor` owed `creditor`
    domain::money gross_creditor_to_debtor;  ///< sum of what `creditor` owed `debtor`
    std::size_t entries = 0;                 ///< ledger entries of this pair
};

/// One line per insurer pair with entries, sorted by the pair's codes; self-entries ignored.
/// Each direction of a pair may come in any number of totals.
std::vector<net_line> net_statement(const std::vector<ledger_total>& totals);

}  // namespace crossclaim::fast_settle
