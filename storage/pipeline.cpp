#include "storage/pipeline.hpp"

#include <libpq-fe.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <set>

#include "support/log.hpp"

namespace crossclaim::storage {

namespace net = boost::asio;
using error_code = boost::system::error_code;

struct pipeline::impl {
    // A statement to run, kept until it is answered: it may have to go again on a new connection.
    struct call {
        std::string name, sql;
        std::vector<std::string> params;
        value_fn then;
        failure_fn failed;
        bool resent = false;
    };

    // What the connection owes, in the order it answers: a statement's preparation, a statement's
    // rows, or the end of a batch (its Sync).
    struct owed {
        enum class kind { prepare, query, sync } what;
        call c;                 // for query
        std::string name;       // for prepare
        bool answered = false;  // query: its result came; the NULL that ends it is next
    };

    impl(net::io_context& i, std::string u, std::size_t l, std::chrono::seconds t)
        : io(i), url(std::move(u)), limit(l), connect_timeout(t), socket(i), timer(i) {}
    ~impl() { close(); }

    net::io_context& io;
    const std::string url;
    const std::size_t limit;
    const std::chrono::seconds connect_timeout;

    PGconn* conn = nullptr;  // connecting while `conn && !ready`
    bool ready = false;
    net::posix::stream_descriptor socket;  // PQsocket(conn), released before PQfinish
    net::steady_timer timer;               // bounds a connection attempt
    unsigned generation = 0;               // of `conn`: handlers of an older one do nothing
    bool reading = false, writing = false, batch_posted = false;

    std::deque<call> waiting;  // until the connection is ready or the round trip out is back
    std::deque<owed> expected;
    std::size_t queries_owed = 0;
    std::size_t unsynced = 0;        // statements sent since the last Sync
    std::size_t syncs_owed = 0;      // round trips out: at most one
    std::set<std::string> prepared;  // on this connection

    bool fetch(const statement& s, std::vector<std::string> params, value_fn then,
               failure_fn failed) {
        if (waiting.size() + queries_owed >= limit) return false;
        call c{std::string(s.name), std::string(s.sql), std::move(params), std::move(then),
               std::move(failed)};
        if (ready && syncs_owed == 0) {
            send(std::move(c));
        } else {
            waiting.push_back(std::move(c));
            if (!conn) connect();
        }
        return true;
    }

    // --- connecting -------------------------------------------------------------------------

    void connect() {
        ++generation;
        conn = PQconnectStart(url.c_str());
        if (!conn || PQstatus(conn) == CONNECTION_BAD)
            return lost(conn ? PQerrorMessage(conn) : "out of memory", false);
        // The server's notices go to the log, not to standard error (libpq's default).
        PQsetNoticeProcessor(
            conn,
            [](void*, const char* message) {
                support::log(support::level::warn, "database notice", {{"message", message}});
            },
            nullptr);
        timer.expires_after(connect_timeout);
        timer.async_wait([this, g = generation](error_code ec) {
            if (!ec && g == generation && !ready) lost("connection attempt timed out", false);
        });
        // libpq: begin as if PQconnectPoll had asked to wait until the socket is writable.
        poll_connect(PGRES_POLLING_WRITING);
    }

    void poll_connect(PostgresPollingStatusType want) {
        // The socket may change between steps (another host, or a retry without SSL).
        if (socket.is_open()) socket.release();
        error_code ec;
        socket.assign(PQsocket(conn), ec);
        if (ec) return lost("connection socket: " + ec.message(), false);
        socket.async_wait(want == PGRES_POLLING_READING ? net::posix::stream_descriptor::wait_read
                                                        : net::posix::stream_descriptor::wait_write,
                          [this, g = generation](error_code ec) {
                              if (ec || g != generation) return;
                              switch (const auto next = PQconnectPoll(conn)) {
                                  case PGRES_POLLING_OK:
                                      return on_connected();
                                  case PGRES_POLLING_FAILED:
                                      return lost(PQerrorMessage(conn), false);
                                  default:
                                      return poll_connect(next);
                              }
                          });
    }

    void on_connected() {
        timer.cancel();
        if (PQsetnonblocking(conn, 1) != 0 || PQenterPipelineMode(conn) != 1)
            return lost(PQerrorMessage(conn), false);
        ready = true;
        send_waiting();
    }

    void send_waiting() {
        auto queued = std::move(waiting);
        waiting.clear();
        for (auto& c : queued) {
            if (ready)
                send(std::move(c));
            else  // lost again while sending: the rest waits for the next connection
                waiting.push_back(std::move(c));
        }
        if (!waiting.empty() && !conn) connect();
    }

    // --- sending ----------------------------------------------------------------------------

    void send(call c) {
        if (!prepared.contains(c.name)) {
            if (PQsendPrepare(conn, c.name.c_str(), c.sql.c_str(), 0, nullptr) != 1)
                return lost(PQerrorMessage(conn), true, std::move(c));
            expected.push_back({owed::kind::prepare, {}, c.name});
            prepared.insert(c.name);
        }
        std::vector<const char*> values;
        for (const auto& p : c.params) values.push_back(p.c_str());
        if (PQsendQueryPrepared(conn, c.name.c_str(), static_cast<int>(values.size()),
                                values.data(), nullptr, nullptr, 0) != 1)
            return lost(PQerrorMessage(conn), true, std::move(c));
        expected.push_back({owed::kind::query, std::move(c), {}});
        ++queries_owed;
        ++unsynced;
        // The batch ends once the I/O thread has handled the events it has now: statements of
        // other connections' requests join it. Those that come after it wait until it is back.
        if (!batch_posted) {
            batch_posted = true;
            net::post(io, [this] {
                batch_posted = false;
                if (ready && unsynced > 0) end_batch();
            });
        }
    }

    void end_batch() {
        if (PQpipelineSync(conn) != 1) return lost(PQerrorMessage(conn), true);
        expected.push_back({owed::kind::sync, {}, {}});
        ++syncs_owed;
        unsynced = 0;
        flush();
        wait_readable();
    }

    void flush() {
        const int r = PQflush(conn);
        if (r < 0) return lost(PQerrorMessage(conn), true);
        if (r == 0 || writing) return;
        writing = true;
        socket.async_wait(net::posix::stream_descriptor::wait_write,
                          [this, g = generation](error_code ec) {
                              if (g != generation) return;
                              writing = false;
                              if (!ec) flush();
                          });
    }

    // --- answers ----------------------------------------------------------------------------

    void wait_readable() {
        if (reading || expected.empty()) return;
        reading = true;
        socket.async_wait(net::posix::stream_descriptor::wait_read,
                          [this, g = generation](error_code ec) {
                              if (g != generation) return;
                              reading = false;
                              if (ec) return;
                              if (PQconsumeInput(conn) != 1)
                                  return lost(PQerrorMessage(conn), true);
                              take_answers();
                              if (ready) wait_readable();
                          });
    }

    void take_answers() {
        while (ready && !expected.empty() && !PQisBusy(conn)) {
            PGresult* r = PQgetResult(conn);
            owed& front = expected.front();
            if (front.what == owed::kind::sync) {
                const bool is_sync = r && PQresultStatus(r) == PGRES_PIPELINE_SYNC;
                PQclear(r);
                if (!is_sync) return lost("the database answered out of order", true);
                expected.pop_front();
                if (--syncs_owed == 0) send_waiting();
                continue;
            }
            if (!r) {  // the end of this statement's answers
                const bool unanswered = front.what == owed::kind::query && !front.answered;
                auto c = std::move(front.c);
                if (front.what == owed::kind::query) --queries_owed;
                expected.pop_front();
                if (unanswered) c.failed(failure::internal);
                continue;
            }
            if (ends_connection(r)) {
                const std::string reason = PQresultErrorMessage(r);
                PQclear(r);
                return lost(reason, true);  // `front` is not answered: it goes again
            }
            if (front.what == owed::kind::prepare) {
                if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                    support::log(support::level::error, "database error",
                                 {{"statement", front.name}, {"error", PQresultErrorMessage(r)}});
                    prepared.erase(front.name);
                }
                PQclear(r);
                continue;
            }
            front.answered = true;
            answer(r, std::move(front.c));
        }
    }

    // An error that the server sends as it ends the connection (57P01 terminated, 57P02 and
    // 57P03 shutting down or crashed; class 08), or a result after which libpq has lost it.
    bool ends_connection(const PGresult* r) const {
        if (PQresultStatus(r) != PGRES_FATAL_ERROR) return false;
        if (PQstatus(conn) == CONNECTION_BAD) return true;
        const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        const std::string_view sqlstate = state ? state : "";
        return sqlstate.starts_with("57P0") || sqlstate.starts_with("08");
    }

    // Hands one statement's result to its caller; frees `r`.
    void answer(PGresult* r, call c) {
        const auto status = PQresultStatus(r);
        if (status == PGRES_TUPLES_OK) {
            std::optional<std::string> value;
            if (PQntuples(r) > 0 && PQnfields(r) > 0 && !PQgetisnull(r, 0, 0))
                value.emplace(PQgetvalue(r, 0, 0), static_cast<std::size_t>(PQgetlength(r, 0, 0)));
            PQclear(r);
            return c.then(std::move(value));
        }
        if (status == PGRES_PIPELINE_ABORTED) {  // an earlier statement of its batch failed
            PQclear(r);
            return c.failed(failure::unavailable);
        }
        const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        const std::string sqlstate = state ? state : "";
        const auto f = failure_of(sqlstate);
        if (f == failure::internal)
            support::log(support::level::error, "database error",
                         {{"sqlstate", sqlstate}, {"statement", c.name}});
        PQclear(r);
        c.failed(f);
    }

    // --- losing the connection --------------------------------------------------------------

    // The connection failed, or could not be made, and is closed. Statements sent on it and not yet
    // answered go once more on a new one when `resend` (they are reads); the others fail as
    // unavailable, after this call returns. `also` is a statement that could not be sent at all.
    void lost(const std::string& reason, bool resend, std::optional<call> also = std::nullopt) {
        support::log(support::level::warn, "pipelined database connection closed",
                     {{"reason", reason}});
        std::vector<call> failing;
        std::deque<call> again;
        for (auto& e : expected)
            if (e.what == owed::kind::query && !e.answered) {
                if (resend && !e.c.resent) {
                    e.c.resent = true;
                    again.push_back(std::move(e.c));
                } else {
                    failing.push_back(std::move(e.c));
                }
            }
        if (also) {
            if (resend && !also->resent) {
                also->resent = true;
                again.push_back(std::move(*also));
            } else {
                failing.push_back(std::move(*also));
            }
        }
        // Those waiting for a connection: a failed attempt fails them; after a lost connection
        // they wait for the next one.
        for (auto& c : waiting) {
            if (resend)
                again.push_back(std::move(c));
            else
                failing.push_back(std::move(c));
        }
        waiting.clear();
        close();
        waiting = std::move(again);
        if (!failing.empty())
            net::post(io, [failing = std::move(failing)] {
                for (const auto& c : failing) c.failed(failure::unavailable);
            });
        if (!waiting.empty()) connect();
    }

    void close() {
        ++generation;
        timer.cancel();
        if (socket.is_open()) socket.release();
        if (conn) PQfinish(conn);
        conn = nullptr;
        ready = reading = writing = false;
        expected.clear();
        queries_owed = unsynced = syncs_owed = 0;
        prepared.clear();
    }
};

pipeline::pipeline(net::io_context& io, std::string url, std::size_t limit,
                   std::chrono::seconds connect_timeout)
    : impl_(std::make_unique<impl>(io, std::move(url), limit, connect_timeout)) {}

pipeline::~pipeline() = default;

bool pipeline::fetch_value(const statement& s, std::vector<std::string> params, value_fn then,
                           failure_fn failed) {
    return impl_->fetch(s, std::move(params), std::move(then), std::move(failed));
}

}  // namespace crossclaim::storage
