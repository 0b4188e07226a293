#pragma once
// Personal identifiers at rest. A stored claim document and the events sent about it hold
// each party's plate, VIN, driver's name, ID number and phone, and payee account sealed
// under the pool's active data key (AES-256-GCM, the field's name bound to it); everything
// else stays readable, so reports and routing still work in SQL. They are opened only on the
// way out to those entitled to them: GET /v1/claims/{id}, the inbox and push deliveries.

#include <string>
#include <string_view>

namespace crossclaim::privacy {

class keyring;

/// `json` (a claim document or an event envelope) with the personal fields sealed wherever
/// they occur; key order and every other value kept. Throws when `json` is not JSON or no
/// data key is active.
std::string seal_personal_fields(const keyring& keys, std::string_view json);

/// `json` with every sealed personal field opened. A value that does not open (stored before
/// sealing, or under a key this process lacks) is kept as it is.
std::string open_personal_fields(const keyring& keys, std::string_view json);

}  // namespace crossclaim::privacy
