#pragma once
// Pull delivery (inbox), assists, and the operator's dead letters.

#include "gateway/router.hpp"

namespace crossclaim::gateway::handlers {

/// GET /v1/inbox?after=&limit=: events for the caller's branches, oldest first.
response inbox(const handler_context& ctx);
/// POST /v1/inbox/ack: moves the caller's acknowledged position forward.
response inbox_ack(const handler_context& ctx);
/// POST /v1/assists: records an adjuster's help at another member's scene.
response post_assist(const handler_context& ctx);
/// GET /v1/deliveries/dead?branch=: dead letters (association).
response dead_letters(const handler_context& ctx);
/// POST /v1/deliveries/replay {"event_id"?, "branch"?}: re-queues dead letters.
response replay(const handler_context& ctx);

}  // namespace crossclaim::gateway::handlers
