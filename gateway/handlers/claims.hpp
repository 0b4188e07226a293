#pragma once
// Insurer API: claims and their status (API.md, "Insurer API").

#include "gateway/router.hpp"

namespace crossclaim::gateway::handlers {

/// POST /v1/claims: validate, route, decide, store with its events; idempotent per
/// (member, external_ref).
response create_claim(const handler_context& ctx);
/// POST /v1/fast-settle/check: the same decision, nothing stored.
response check_fast_settle(const handler_context& ctx);
/// GET /v1/claims/{claim_id}: visible to the insurers of its parties only.
void get_claim(const handler_context& ctx, storage::pipeline& db, answer_to to);
/// POST /v1/claims/{claim_id}/events: one party's status change, by its insurer.
response post_status(const handler_context& ctx);

}  // namespace crossclaim::gateway::handlers
