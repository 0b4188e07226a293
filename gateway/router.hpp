#pragma once
// Routes are declared in one table (routes.cpp). Matching is plain: literal segments and
// `{name}` segments, no regular expressions.

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/http_types.hpp"

namespace crossclaim::storage {
class session;
class pipeline;
enum class failure;
}

namespace crossclaim::gateway {

struct app;

/// What a handler is given: the application, the request and, for database routes, a
/// session on a database thread.
struct handler_context {
    const gateway::app& app;
    const gateway::request& request;
    storage::session* db;  ///< nullptr for routes that do not need the database
};

using handler_fn = response (*)(const handler_context&);

/// Where a pipelined handler answers, once, on its connection's I/O thread.
struct answer_to {
    std::function<void(response)> answer;
    std::function<void(storage::failure)> failed;  ///< the database could not answer
};
/// A handler that reads through its I/O thread's pipelined connection (storage/pipeline.hpp)
/// instead of on a database thread.
using pipelined_handler_fn = void (*)(const handler_context&, storage::pipeline&, answer_to);

/// Which listener serves a route.
enum class listener { api, console };

/// A set of roles that may call a route.
class role_set {
  public:
    constexpr role_set() = default;
    constexpr role_set(std::initializer_list<role> roles) {
        for (auto r : roles) bits_ |= bit(r);
    }
    /// Every role: operations routes.
    static constexpr role_set all() {
        return {role::insurer, role::investigator, role::association};
    }
    constexpr bool contains(role r) const { return (bits_ & bit(r)) != 0; }
    constexpr bool empty() const { return bits_ == 0; }

  private:
    static constexpr unsigned bit(role r) { return 1u << static_cast<unsigned>(r); }
    unsigned bits_ = 0;
};

struct route {
    std::string_view method;
    std::string_view pattern;  ///< "/v1/claims/{claim_id}"
    gateway::listener listener;
    role_set roles;  ///< empty: no identity needed (health checks, console login)
    bool needs_db;   ///< runs on a database thread with a session
    handler_fn handler;
    /// Reads only, and may read a standby (`[database] replica_url`): the answer then says
    /// how stale it may be (X-Replica-Lag-Seconds).
    bool on_replica = false;
    /// Set instead of `handler` for short reads that go through the I/O thread's pipelined
    /// connection.
    pipelined_handler_fn pipelined = nullptr;
};

/// The outcome of matching a method and path against the table.
struct route_match {
    const route* found = nullptr;                    ///< set when method and path match
    std::map<std::string, std::string> path_params;  ///< values of `{name}` segments
    bool path_known = false;  ///< the path matched some route, perhaps with another method
    std::string allowed;      ///< for 405: the methods that path accepts, "GET, POST"
};

/// Finds the route for `method` and `path` on `l`.
route_match match(const std::vector<route>& table, listener l, std::string_view method,
                  std::string_view path);

/// The route table of the gateway.
const std::vector<route>& routes();

}  // namespace crossclaim::gateway
