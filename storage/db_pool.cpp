#include "storage/db_pool.hpp"

#include <algorithm>
#include <optional>
#include <pqxx/pqxx>

#include "support/log.hpp"

namespace crossclaim::storage {

void session::prepare(const statement& s) {
    if (std::find(prepared_.begin(), prepared_.end(), s.name) != prepared_.end()) return;
    conn_.prepare(std::string(s.name), std::string(s.sql));
    prepared_.push_back(s.name);
}

std::string with_connect_timeout(const std::string& url, int seconds) {
    if (url.find("connect_timeout") != std::string::npos) return url;
    const char sep = url.find('?') == std::string::npos ? '?' : '&';
    return url + sep + "connect_timeout=" + std::to_string(seconds);
}

db_pool::db_pool(std::string url, int threads, std::size_t queue_limit)
    : url_(std::move(url)), queue_limit_(queue_limit) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { thread_main(); });
}

db_pool::~db_pool() { stop(); }

bool db_pool::submit(work w, on_failure fail) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= queue_limit_) return false;
        queue_.push_back({std::move(w), std::move(fail)});
    }
    wake_.notify_one();
    return true;
}

void db_pool::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

pool_stats db_pool::stats() const {
    std::lock_guard lock(mutex_);
    return {static_cast<int>(threads_.size()), busy_.load(), queue_.size(), connected_.load()};
}

namespace {

// SQLSTATE classes that mean "try again / conflict" rather than a bug.
bool is_conflict(const std::string& sqlstate) {
    return sqlstate == "23505" /* unique_violation */ || sqlstate == "40001" /* serialization */ ||
           sqlstate == "40P01" /* deadlock */;
}

// Class 08 is connection exceptions; 57P0x is the server shutting down or crashing. 25006
// is a write on a server that only reads now (a standby, or default_transaction_read_only):
// a new connection may find the primary (a multi-host URL with target_session_attrs).
bool is_connection_loss(const std::string& sqlstate) {
    return sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P0", 0) == 0 ||
           sqlstate == "25006";
}

// Class 53 is the server out of a resource: disk full, memory, connections. It passes.
bool is_resource_shortage(const std::string& sqlstate) { return sqlstate.rfind("53", 0) == 0; }

}  // namespace

failure failure_of(const std::string& sqlstate) {
    if (is_connection_loss(sqlstate) || is_resource_shortage(sqlstate)) return failure::unavailable;
    if (is_conflict(sqlstate)) return failure::conflict;
    return failure::internal;
}

void db_pool::thread_main() {
    std::unique_ptr<pqxx::connection> conn;
    std::optional<session> sess;
    for (;;) {
        job j;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping and drained
            j = std::move(queue_.front());
            queue_.pop_front();
        }
        ++busy_;
        // Exceptions of libpqxx end here: they are mapped by SQLSTATE to a failure.
        try {
            if (!conn || !conn->is_open()) {
                sess.reset();
                conn.reset();
                conn = std::make_unique<pqxx::connection>(url_);
                sess.emplace(*conn);
                connected_ = true;
            }
            j.run(*sess);
        } catch (const pqxx::broken_connection& e) {
            connected_ = false;
            sess.reset();
            conn.reset();
            j.fail(failure::unavailable, e.what());
        } catch (const pqxx::sql_error& e) {
            const std::string state = e.sqlstate();
            if (is_connection_loss(state)) {
                connected_ = false;
                sess.reset();
                conn.reset();
                j.fail(failure::unavailable, e.what());
            } else if (is_resource_shortage(state)) {
                support::log(support::level::warn, "database short of a resource",
                             {{"sqlstate", state}});
                j.fail(failure::unavailable, e.what());
            } else if (is_conflict(state)) {
                j.fail(failure::conflict, e.what());
            } else {
                support::log(support::level::error, "database error", {{"sqlstate", state}});
                j.fail(failure::internal, state);
            }
        } catch (const pqxx::in_doubt_error& e) {
            connected_ = false;
            sess.reset();
            conn.reset();
            j.fail(failure::unavailable, e.what());
        } catch (const std::exception& e) {
            support::log(support::level::error, "unit of work failed", {{"error", e.what()}});
            // A connection that failed mid-work may be unusable; start afresh next time.
            if (conn && !conn->is_open()) {
                connected_ = false;
                sess.reset();
                conn.reset();
                j.fail(failure::unavailable, e.what());
            } else {
                j.fail(failure::internal, "internal error");
            }
        }
        --busy_;
    }
}

}  // namespace crossclaim::storage
