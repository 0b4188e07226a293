#pragma once
// The fraud pool's routes. The pool itself is a later issue; until then its routes exist
// (so that role checks hold from day one) and answer 501 with a plain statement.

#include "gateway/router.hpp"

namespace crossclaim::gateway::handlers {

/// 501: the fraud pool is not built yet.
response not_built(const handler_context& ctx);

}  // namespace crossclaim::gateway::handlers
