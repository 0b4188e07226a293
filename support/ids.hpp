#pragma once

#include <chrono>
#include <string>

namespace crossclaim::support {

/// A random (version 4) UUID in canonical text form, from OpenSSL's CSPRNG.
std::string new_uuid();

/// A claim's id: a UUID (version 8, RFC 9562) whose first group names the UTC month the
/// claim was received in, "cc" + YYYYMM, and whose other 90 bits are random:
/// `cc202612-3f1a-8c2e-9b7d-0e4f5a6b7c8d`. The claims table is partitioned on it by month
/// (storage/migrations/0008_claims_by_month.sql), so a read by id goes to its month alone.
std::string new_claim_id(std::chrono::sys_seconds received_at);

/// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace crossclaim::support
