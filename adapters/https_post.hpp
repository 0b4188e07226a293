#pragma once
// A blocking HTTPS POST for delivery workers (their own threads, never an I/O thread).

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "adapters/adapter.hpp"
#include "config/config.hpp"

namespace crossclaim::adapters {

struct post_result {
    int status = 0;     ///< HTTP status, 0 when no response came
    std::string error;  ///< transport error, empty when a response came
};

/// POSTs `body` to `url` (https://host[:port]/path), verifying the receiver against
/// `branch.ca` (or the system's CAs) and presenting `branch.client_cert` when set.
post_result https_post(const std::string& url, const std::string& body,
                       const std::string& content_type,
                       const std::vector<std::pair<std::string, std::string>>& headers,
                       const config::delivery_settings& branch, std::chrono::milliseconds timeout);

/// Lower-case hex HMAC-SHA256 of `body` keyed with `secret`.
std::string hmac_sha256_hex(const std::string& secret, const std::string& body);

/// POSTs an event's document with the contract's headers (X-CrossClaim-Signature over
/// exactly these bytes, X-CrossClaim-Event-Id); any 2xx answer counts as delivered.
delivery_outcome signed_post(const storage::claimed_event& event, const std::string& body,
                             const std::string& content_type,
                             const config::delivery_settings& branch,
                             std::chrono::milliseconds timeout);

}  // namespace crossclaim::adapters
