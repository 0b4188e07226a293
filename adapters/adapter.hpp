#pragma once
// One protocol of delivering an event to a branch. Adding one means a new file here, one
// line in registry.cpp, and `adapter = "name"` on the branches that use it.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "storage/outbox.hpp"

namespace crossclaim::adapters {

/// How one delivery attempt went.
struct delivery_outcome {
    bool delivered = false;
    std::string error;  ///< why not, for the dead letter and the log
};

class adapter {
  public:
    virtual ~adapter() = default;
    /// False for adapters whose branches pull from the inbox: workers never take their events.
    virtual bool pushes() const = 0;
    /// Sends one event; must return within `timeout` plus connection set-up.
    virtual delivery_outcome deliver(const storage::claimed_event& event,
                                     const config::delivery_settings& branch,
                                     std::chrono::milliseconds timeout) const = 0;
};

/// The adapter of that name, or nullptr.
const adapter* find(std::string_view name);
/// Every adapter name, for config validation and messages.
std::vector<std::string_view> names();

}  // namespace crossclaim::adapters
