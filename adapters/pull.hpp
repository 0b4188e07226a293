#pragma once

#include "adapters/adapter.hpp"

namespace crossclaim::adapters {

/// Inbox only: the branch's system reads GET /v1/inbox; nothing is pushed.
class pull final : public adapter {
  public:
    bool pushes() const override { return false; }
    delivery_outcome deliver(const storage::claimed_event&, const config::delivery_settings&,
                             std::chrono::milliseconds) const override {
        return {false, "pull branches are not pushed to"};
    }
};

}  // namespace crossclaim::adapters
