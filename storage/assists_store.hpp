#pragma once
// Assists: an adjuster's help at a scene insured elsewhere (遇事必停).

#include <string>
#include <vector>

#include "domain/time.hpp"
#include "storage/db_pool.hpp"

namespace crossclaim::storage {

/// Records an assist by `member`'s adjuster; returns its id.
long long insert_assist(session& s, const std::string& member, const std::string& adjuster_id,
                        const std::string& claim_id, const std::vector<std::string>& services,
                        domain::instant at);

}  // namespace crossclaim::storage
