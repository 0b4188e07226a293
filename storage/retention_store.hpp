#pragma once
// The retention purge: pooled identifiers, and closed leads, older than the pool's retention
// period are removed whole; each purge that removes anything writes an audit row. Audit rows
// are never purged. The pool's claims are partitioned by month, so a month past retention is
// dropped whole, its identifier rows deleted first. So is a month of the outbox, its own retention after it ended, once its receivers
// have had every event in it; and a month of claims, where the zone keeps claims for a
// limited time (by default it keeps them for ever).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "storage/db_pool.hpp"

namespace crossclaim::storage {

/// What one purge removed.
struct purged {
    long long claims = 0;  ///< pooled claims (with their identifiers and queue rows)
    long long months = 0;  ///< whole months of the pool among them, detached and dropped
    long long leads = 0;   ///< closed leads (with their claims, entities, hits, notes)
};

/// Removes what is older than `years` years, in one transaction.
purged purge_expired(session& s, int years);

/// How many months a call to add_months made.
struct months_made {
    int claims = 0;  ///< of claims, their history and the outbox
    int pool = 0;    ///< of the fraud pool
};

/// Makes the month partitions of claims (with their history and the outbox) and of the pool,
/// from the month holding `first` to the one holding `last`, where they are missing (and
/// free). The retention job keeps last month, this month and the next; `demo generate` makes
/// the months it fills, as a zone running through them would have.
months_made add_months(session& s, std::chrono::system_clock::time_point first,
                       std::chrono::system_clock::time_point last);

/// A month of the outbox that ended before the outbox's retention horizon.
struct outbox_month {
    std::string month;     ///< "YYYY_MM", UTC
    long long events = 0;  ///< events it held
    long long owed = 0;    ///< of them, still owed to a receiver; 0: the month was dropped
};

/// Who is owed the outbox's events: the branches pushed to, and the branches that pull with
/// the member whose acknowledgements count for each.
struct outbox_receivers {
    std::vector<std::string> pushing;
    std::vector<std::string> pulling;    ///< branch codes
    std::vector<std::string> pulled_by;  ///< the member of each, at the same index
};

/// Detaches and drops each month of the outbox that ended more than `months` months ago and
/// holds nothing still owed: events of pushing branches delivered, events of pulling branches
/// acknowledged by their member (0010_outbox_retention.sql). Returns every month that ended
/// before that horizon, dropped or held back, so that the job can say which one waits for
/// what.
std::vector<outbox_month> drop_outbox_months(session& s, int months, const outbox_receivers& r);

/// A month of claims dropped past the claims' retention.
struct claims_month {
    std::string month;            ///< "YYYY_MM", UTC: the month the claims were received in
    long long claims = 0;         ///< claims it held
    std::string reports_from;     ///< YYYY-MM-DD: the first day the reports count in full again
};

/// Drops each month of claims that ended at or before `horizon`, with every row of its claims
/// (parties, history, report facts, deadlines, escalations, clearing entries, idempotency
/// keys, pooled rows), whole partitions where they are partitioned
/// (0012_claims_retention.sql), and writes an audit row. The outbox's events and the
/// leads follow their own retention.
std::vector<claims_month> drop_claims_months(session& s, std::chrono::system_clock::time_point horizon);

/// The first Asia/Shanghai day (YYYY-MM-DD) from which the reports count every row, when a
/// month of claims was dropped: a period starting before it would count some claims' rows and
/// not others.
std::optional<std::string> reports_complete_from(session& s);

}  // namespace crossclaim::storage
