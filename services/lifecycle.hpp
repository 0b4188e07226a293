#pragma once
// A party's claim moving through its lifecycle: the one way a status changes. The API
// handler (POST /v1/claims/{id}/events) and the demo loader both call `change_status`; it
// checks who may move it and where to, records the change, meets and starts the SLA clocks,
// and announces the change to the branches, in one transaction.

#include <optional>
#include <string>

#include "config/config.hpp"
#include "domain/lifecycle.hpp"
#include "domain/money.hpp"
#include "domain/time.hpp"
#include "storage/db_pool.hpp"

namespace crossclaim::services {

/// A status to give one party's claim.
struct status_change {
    std::string claim_id;
    std::string party;
    domain::claim_status status;
    domain::instant at;
    std::optional<domain::money> amount;
    std::optional<domain::payment_method> method;
    std::optional<std::string> reason;
};

struct status_changed {
    enum outcome {
        changed,
        not_found,      ///< no such claim for this member (404: existence is not leaked)
        unknown_party,  ///< the claim has no such party (422 at /party)
        not_insurer,    ///< the member insures another party (403)
        not_allowed,    ///< the lifecycle does not allow the move (409)
    } result = changed;
    std::string previous_status;
};

/// Moves the party's claim as `member` (whose system is `recorded_by`, "PICC/core"); `now`
/// stamps the outbound events.
status_changed change_status(storage::session& db, const config::settings& s,
                             const std::string& member, const std::string& recorded_by,
                             const status_change& c, domain::instant now);

}  // namespace crossclaim::services
