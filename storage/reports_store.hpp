#pragma once
// Assists and the association's reports that read them and the clearing ledger.

#include <string>
#include <vector>

#include "domain/time.hpp"
#include "fast_settle/clearing.hpp"
#include "storage/db_pool.hpp"

namespace crossclaim::storage {

/// Records an assist by `member`'s adjuster; returns its id.
long long insert_assist(session& s, const std::string& member, const std::string& adjuster_id,
                        const std::string& claim_id, const std::vector<std::string>& services,
                        domain::instant at);

/// Assists of one company in one region (the accident's region; "UNKNOWN" when the claim
/// is not in the pool).
struct assist_count {
    std::string member;
    std::string region;
    long long assists;
};

/// Assists whose time falls in [from, to) (Asia/Shanghai days), per company and region.
std::vector<assist_count> assists_between(session& s, domain::date from, domain::date to);

/// Clearing entries dated in [from, to).
std::vector<fast_settle::ledger_entry> clearing_between(session& s, domain::date from,
                                                        domain::date to);

}  // namespace crossclaim::storage
