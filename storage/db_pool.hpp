#pragma once
// Database work runs here, never on an I/O thread. Each pool thread owns one
// pqxx::connection for its whole life (libpqxx: a connection belongs to one thread at a
// time) and re-opens it when it is lost. pqxx stays out of this header.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace crossclaim::storage {

/// A prepared statement: its name, said once, and its SQL, kept beside the repository.
struct statement {
    std::string_view name;
    std::string_view sql;
};

/// One pool thread's connection, lent to a unit of work.
class session {
  public:
    explicit session(pqxx::connection_base& conn) : conn_(conn) {}
    /// The connection; only storage code includes pqxx and calls this.
    pqxx::connection_base& conn() { return conn_; }
    /// Prepares `s` on this connection the first time it is used here.
    void prepare(const statement& s);

  private:
    pqxx::connection_base& conn_;
    std::vector<std::string_view> prepared_;
};

/// Why a unit of work did not complete.
enum class failure {
    unavailable,  ///< no connection to the database (503)
    conflict,     ///< unique violation or serialization failure that outlived retries (409)
    internal,     ///< anything else (500)
    overloaded,   ///< too much work is already waiting (503)
};

/// How work that failed with SQLSTATE `sqlstate` is answered: unavailable for a lost
/// connection, a server shutting down, read-only or short of a resource; conflict for a unique
/// violation, serialization failure or deadlock; internal for anything else.
failure failure_of(const std::string& sqlstate);

/// Counts shown on /metrics.
struct pool_stats {
    int size = 0;
    int busy = 0;
    std::size_t queued = 0;
    bool connected = false;  ///< the last connection attempt succeeded
};

/// A fixed set of threads, each with its own connection, fed from one bounded queue.
class db_pool {
  public:
    using work = std::function<void(session&)>;
    using on_failure = std::function<void(failure, std::string_view detail)>;

    /// Starts `threads` threads; connections open lazily, so a database that is down at
    /// start does not stop the gateway from starting.
    db_pool(std::string url, int threads, std::size_t queue_limit);
    ~db_pool();
    db_pool(const db_pool&) = delete;
    db_pool& operator=(const db_pool&) = delete;

    /// Queues `w`; when it cannot run, `fail` is called instead, on the pool thread.
    /// Returns false (and calls nothing) when the queue is full.
    bool submit(work w, on_failure fail);

    /// Finishes the queued work, then joins the threads.
    void stop();

    pool_stats stats() const;

  private:
    struct job {
        work run;
        on_failure fail;
    };
    void thread_main();

    std::string url_;
    std::size_t queue_limit_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<job> queue_;
    bool stopping_ = false;
    std::atomic<int> busy_{0};
    std::atomic<bool> connected_{false};
    std::vector<std::thread> threads_;
};

/// Adds `connect_timeout` to a libpq URI when it has none, so that a dead database is
/// noticed in bounded time.
std::string with_connect_timeout(const std::string& url, int seconds);

}  // namespace crossclaim::storage
