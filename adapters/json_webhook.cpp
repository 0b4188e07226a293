#include "adapters/json_webhook.hpp"

#include "adapters/https_post.hpp"

namespace crossclaim::adapters {

delivery_outcome json_webhook::deliver(const storage::claimed_event& event,
                                       const config::delivery_settings& branch,
                                       std::chrono::milliseconds timeout) const {
    return signed_post(event, event.envelope_json, "application/json", branch, timeout);
}

}  // namespace crossclaim::adapters
