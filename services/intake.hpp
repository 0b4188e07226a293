#pragma once
// Intake: the one way a claim enters CrossClaim. The API handler, the demo loader and the
// generator all call `submit_claim`; it decides routing, fast-settle and the SLA, and stores
// the claim with its parties, deadlines, clearing entries, outbound events and pool rows
// (its screening queued) in one transaction.

#include <string>
#include <vector>

#include "config/config.hpp"
#include "domain/claim.hpp"
#include "domain/routing.hpp"
#include "domain/sla.hpp"
#include "fast_settle/engine.hpp"
#include "privacy/keyring.hpp"
#include "storage/claims_store.hpp"

namespace crossclaim::services {

/// What the domain decides about a claim at intake; the same for the check and the intake.
struct decision {
    std::vector<domain::party_route> routes;
    fast_settle::assessment assessment;
    domain::sla_tier tier;
    std::vector<domain::deadline> deadlines;
};

/// Routing, fast-settle and the SLA of `c` reported at `reported_at`.
decision decide(const domain::claim& c, const config::settings& s, domain::instant reported_at);

/// How an intake ended, with the answer to give.
struct submitted {
    storage::intake_outcome outcome;
    std::string claim_id;       ///< of the new claim (when created)
    std::string response_json;  ///< the 201 answer (also on a replay)
};

/// Stores `c`, reported by `member` at `reported_at`; `document_json` is the report as
/// submitted (normalised), whose hash decides whether a repeated external_ref is a replay.
submitted submit_claim(storage::session& db, const config::settings& s,
                       const privacy::keyring& keys, const std::string& member,
                       const domain::claim& c, const std::string& document_json,
                       domain::instant reported_at);

}  // namespace crossclaim::services
