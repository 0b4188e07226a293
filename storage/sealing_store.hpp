#pragma once
// Claims and routed events stored before personal identifiers were sealed
// (privacy/personal_fields): found a batch at a time in key order and written back sealed,
// for `crossclaim pool seal-claims`. A row counts as unsealed while its plate is readable:
// a sealed value is "<key id>:<base64>", and no plate holds a colon. pqxx stays inside.

#include <functional>
#include <string>
#include <string_view>

#include "storage/db_pool.hpp"

namespace crossclaim::storage {

/// A stored JSON text (a claim document or an event envelope) in its sealed form.
using sealer = std::function<std::string(std::string_view json)>;

/// How far a pass has got: the last claim and outbox row looked at.
struct seal_cursor {
    std::string claim_id = "00000000-0000-0000-0000-000000000000";
    long long seq = 0;
};

/// Claims and routed events that still hold a readable plate.
long long unsealed_rows(session& s);

/// Seals up to `limit` claims and `limit` routed events after `at`, in one transaction, and
/// moves `at` past them. Returns how many rows it sealed; 0 when the pass is over.
int seal_batch(session& s, const sealer& seal, seal_cursor& at, int limit);

}  // namespace crossclaim::storage
