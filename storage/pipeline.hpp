#pragma once
// A database connection driven by one I/O thread without blocking it, for the short reads of
// the request path (GET /v1/claims/{id}).
//
// Statements go out in libpq's pipeline mode, in batches: one write, one round trip, one
// implicit transaction. One round trip is out at a time. A statement that comes when none is out
// goes at once, with those that arrive while the I/O thread handles the same events; those that
// come while one is out wait for it and go together in the next. Under load, PostgreSQL answers
// many requests per wake-up (12 a round trip at 32 connections, against 1.4 when each went as it
// came); idle, a statement waits for nothing. Each answer comes back on the I/O thread, in order.
// Compared with handing the request to a db_pool thread and back, this spares two thread
// switches and a blocking wait per request (bench/results/2026-12-07.md, "Reads through a
// pipelined connection", "One round trip out at a time").
//
// A statement whose connection is lost before it is answered is sent once more on a new
// connection: these are reads. Connecting does not block the thread, except that libpq looks
// up a host name on it (once per connection). Asio and libpq stay in pipeline.cpp.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/db_pool.hpp"

namespace boost::asio {
class io_context;
}

namespace crossclaim::storage {

class pipeline {
  public:
    /// The first column of the first row; nullopt when there is no row or it is NULL.
    using value_fn = std::function<void(std::optional<std::string>)>;
    using failure_fn = std::function<void(failure)>;

    /// Connects lazily, at the first statement; `limit` bounds the statements waiting for an
    /// answer, `connect_timeout` a connection attempt.
    pipeline(boost::asio::io_context& io, std::string url, std::size_t limit,
             std::chrono::seconds connect_timeout);
    ~pipeline();
    pipeline(const pipeline&) = delete;
    pipeline& operator=(const pipeline&) = delete;

    /// Runs `s` with `params` (text). Exactly one of `then` and `failed` is called later, on
    /// the io_context's thread, never inside this call. Returns false, calling neither, when
    /// `limit` statements are already waiting. Call it on the io_context's thread only.
    bool fetch_value(const statement& s, std::vector<std::string> params, value_fn then,
                     failure_fn failed);

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace crossclaim::storage
