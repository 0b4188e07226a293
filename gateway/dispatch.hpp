#pragma once
// Where a matched route's handler runs, and how its answer comes back: on the connection's
// I/O thread (no database), through that thread's pipelined connection (short reads), or on a
// database thread of the primary or, for routes that may read one, a standby. A console user's
// session is checked on the primary first. Internal to the gateway (session.cpp calls it).

#include <functional>
#include <memory>

#include "gateway/router.hpp"

namespace crossclaim::gateway {

struct app;

/// The two ways back to the connection: `here` on its I/O thread, `from_elsewhere` from any
/// thread (it hops back to the I/O thread first).
struct answer_paths {
    std::function<void(response)> here;
    std::function<void(response)> from_elsewhere;
};

/// Runs `rt`'s handler for `req`, whose certificate (if the route needs one) has been checked;
/// `console_user`: the caller is known by a console session, checked here. `reads` is the I/O
/// thread's pipelined connection. Answers exactly once.
void dispatch(const app& a, const route& rt, std::shared_ptr<request> req, bool console_user,
              storage::pipeline& reads, const answer_paths& answer);

/// The answer when the database could not give one: 503 with Retry-After, 409 or 500.
response failure_response(const app& a, storage::failure f);

}  // namespace crossclaim::gateway
