#pragma once
// The retention purge: pooled identifiers, and closed leads, older than the retention period
// are removed whole (the claims themselves stay with their insurers' records); each purge
// that removes anything writes an audit row. Audit rows are never purged.

#include "storage/db_pool.hpp"

namespace crossclaim::storage {

/// What one purge removed.
struct purged {
    long long claims = 0;  ///< pooled claims (with their identifiers and queue rows)
    long long leads = 0;   ///< closed leads (with their claims, entities, hits, notes)
};

/// Removes what is older than `years` years, in one transaction.
purged purge_expired(session& s, int years);

}  // namespace crossclaim::storage
