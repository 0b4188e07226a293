#pragma once

#include <string>

#include "adapters/adapter.hpp"

namespace crossclaim::adapters {

/// The same event as an XML document, for older core systems; signed like the webhook.
class xml_legacy final : public adapter {
  public:
    bool pushes() const override { return true; }
    delivery_outcome deliver(const storage::claimed_event& event,
                             const config::delivery_settings& branch,
                             std::chrono::milliseconds timeout) const override;
};

/// The XML document of an envelope: `<event xmlns="urn:crossclaim:event:1">` with one
/// element per envelope field; objects nest, arrays become `<item>` children, null is an
/// empty element with nil="true".
std::string envelope_to_xml(const std::string& envelope_json);

}  // namespace crossclaim::adapters
