#pragma once
// A claim as the fraud pool holds it: keyed hashes for matching, masked and sealed values
// for investigators, and the numbers the rules compare. Made once, at intake, in the
// claim's own transaction; read back by screening.

#include <string>

#include "domain/claim.hpp"
#include "fraud/screening.hpp"
#include "privacy/keyring.hpp"
#include "storage/pool_store.hpp"

namespace crossclaim::services {

/// The pool's rows for a claim: its facts (hashes only) and one entry per identifier.
storage::pool_rows pool_rows_of(const domain::claim& c, const std::string& claim_id,
                                const std::string& member, const privacy::keyring& keys);

/// The facts stored with a pooled claim, as JSON text (no readable identifier in it).
std::string facts_json(const fraud::pooled_claim& c);
/// The facts back; throws std::runtime_error on text this codec did not write.
fraud::pooled_claim facts_from_json(const std::string& text);

}  // namespace crossclaim::services
