#pragma once

#include "adapters/adapter.hpp"

namespace crossclaim::adapters {

/// HTTPS POST of the JSON envelope, signed with the branch secret.
class json_webhook final : public adapter {
  public:
    bool pushes() const override { return true; }
    delivery_outcome deliver(const storage::claimed_event& event,
                             const config::delivery_settings& branch,
                             std::chrono::milliseconds timeout) const override;
};

}  // namespace crossclaim::adapters
