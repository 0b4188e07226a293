#pragma once
// The event envelope of API.md ("Delivery to branches"), the same for every adapter:
// {"event_id","type","occurred_at","claim_id","branch","data":{…}}.

#include <string>

#include "domain/time.hpp"
#include "storage/claims_store.hpp"

namespace crossclaim::adapters {

/// Event types of the contract.
inline constexpr const char* claim_routed = "claim.routed";
inline constexpr const char* claim_status_changed = "claim.status_changed";
inline constexpr const char* sla_escalated = "sla.escalated";

/// Builds the outbox row of an event for one branch; `data_json` is a JSON object text.
storage::outbox_event make_event(const std::string& type, const std::string& claim_id,
                                 const std::string& branch, domain::instant occurred_at,
                                 const std::string& data_json);

}  // namespace crossclaim::adapters
