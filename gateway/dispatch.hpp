#pragma once
// How a database route's handler runs, and how its answer comes back: through the I/O
// thread's pipelined connection (short reads), or on a database thread of the primary or, for
// routes that may read one, a standby. A console user's session is checked on the primary
// first. Routes without the database are answered by session.cpp itself. Internal to the
// gateway (session.cpp calls it).

#include <functional>
#include <memory>

#include "gateway/router.hpp"

namespace crossclaim::gateway {

struct app;

using answer_fn = std::function<void(response)>;

/// Runs `rt.pipelined` for `req` through `reads`, the I/O thread's pipelined connection;
/// answers exactly once through `here`, on that thread.
void run_pipelined(const app& a, const route& rt, const request& req, storage::pipeline& reads,
                   const answer_fn& here);

/// Runs `rt.handler` for `req` on a database thread; `console_user`: the caller is known by a
/// console session, checked there first. Answers exactly once: through `here` when the work
/// cannot be queued, otherwise through `from_elsewhere` (callable from any thread; it hops back
/// to the I/O thread).
void run_on_database(const app& a, const route& rt, std::shared_ptr<request> req, bool console_user,
                     const answer_fn& here, const answer_fn& from_elsewhere);

/// The answer when the database could not give one: 503 with Retry-After, 409 or 500.
response failure_response(const app& a, storage::failure f);

}  // namespace crossclaim::gateway
