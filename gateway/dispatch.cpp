#include "gateway/dispatch.hpp"

#include "gateway/app.hpp"
#include "gateway/console_auth.hpp"
#include "storage/db_pool.hpp"
#include "storage/health.hpp"

namespace crossclaim::gateway {

response failure_response(const app& a, storage::failure f) {
    const auto retry_after = std::to_string(a.settings.database.retry_after_seconds);
    switch (f) {
        case storage::failure::unavailable: {
            auto r = problem(503, "Service Unavailable",
                             "the database cannot take this request now (down, "
                             "read-only or short of space); try again later");
            r.headers.emplace_back("Retry-After", retry_after);
            return r;
        }
        case storage::failure::overloaded: {
            auto r = problem(503, "Service Unavailable", "the gateway is overloaded");
            r.headers.emplace_back("Retry-After", retry_after);
            return r;
        }
        case storage::failure::conflict:
            return problem(409, "Conflict",
                           "a concurrent change conflicted with this one; retry it");
        case storage::failure::internal:
            break;
    }
    return problem(500, "Internal Server Error", "the request failed inside the gateway");
}

void run_pipelined(const app& a, const route& rt, const request& req, storage::pipeline& reads,
                   const answer_fn& here) {
    rt.pipelined({a, req, nullptr}, reads,
                 {here, [&a, here](storage::failure f) { here(failure_response(a, f)); }});
}

void run_on_database(const app& a, const route& rt, std::shared_ptr<request> req, bool console_user,
                     const answer_fn& here, const answer_fn& from_elsewhere) {
    const auto& deliver = from_elsewhere;
    const auto failed = [&a, deliver](storage::failure f, std::string_view) {
        deliver(failure_response(a, f));
    };
    // A route that may read a standby runs there when one is configured, and its answer says
    // how stale it may be. Console users' sessions are checked on the primary first.
    storage::db_pool* replica = rt.on_replica ? a.replica : nullptr;
    const auto run = [&a, req, handler = rt.handler, replica, deliver](storage::session& s) {
        auto r = handler({a, *req, &s});
        if (replica)
            r.headers.emplace_back("X-Replica-Lag-Seconds", storage::replica_lag_seconds(s));
        deliver(std::move(r));
    };
    bool queued = false;
    if (console_user) {
        queued = a.db.submit(
            [&a, req, roles = rt.roles, replica, run, failed, deliver](storage::session& s) {
                if (auto refused = authorize_console(a, s, *req, roles))
                    return deliver(std::move(*refused));
                if (!replica) return run(s);
                if (!replica->submit(run, failed))
                    deliver(failure_response(a, storage::failure::overloaded));
            },
            failed);
    } else {
        queued = (replica ? *replica : a.db).submit(run, failed);
    }
    if (!queued) here(failure_response(a, storage::failure::overloaded));
}

}  // namespace crossclaim::gateway
