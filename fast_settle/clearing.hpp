#pragma once
// Monthly netting of what member insurers owe one another (no-fault proxy payments, later
// recoveries). Pure: the caller selects a month's entries; the statement depends only on
// them, never on their order.

#include <cstddef>
#include <string>
#include <vector>

#include "domain/money.hpp"
#include "domain/time.hpp"

namespace crossclaim::fast_settle {

/// One amount `debtor` owes `creditor` for one claim.
struct ledger_entry {
    std::string creditor;
    std::string debtor;
    std::string claim_id;
    domain::date day;
    domain::money amount;
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
std::vector<net_line> net_statement(const std::vector<ledger_entry>& entries);

}  // namespace crossclaim::fast_settle
