#pragma once
// What the association's reports read: each period's figures from one snapshot, so that the
// figures of a report, and of the monthly report's months, agree with each other.

#include <initializer_list>
#include <string>
#include <vector>

#include "domain/time.hpp"
#include "fast_settle/clearing.hpp"
#include "storage/db_pool.hpp"

namespace crossclaim::storage {

/// Whole Asia/Shanghai days, [from, to).
struct report_period {
    domain::date from, to;
};

enum class report { summary, sla, fraud, assists, clearing };

/// Assists of one company in one region (the accident's region; "UNKNOWN" when the claim
/// is not known here).
struct assist_count {
    std::string member;
    std::string region;
    long long assists;
};

/// One period's figures. Summary, SLA and fraud come as JSON built by SQL (API.md shapes,
/// without the period); assists and clearing entries as rows.
struct report_figures {
    std::string summary_json, sla_json, fraud_json;
    std::vector<assist_count> assists;
    /// Clearing entries dated in the period, summed per creditor and debtor.
    std::vector<fast_settle::ledger_total> clearing;
};

/// Reads the `wanted` reports of each period, all in one repeatable-read snapshot.
std::vector<report_figures> read_reports(session& s, const std::vector<report_period>& periods,
                                         std::initializer_list<report> wanted);

}  // namespace crossclaim::storage
