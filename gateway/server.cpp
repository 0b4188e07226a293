#include "gateway/server.hpp"

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <thread>

#include "gateway/app.hpp"
#include "gateway/session.hpp"
#include "gateway/tls_context.hpp"
#include "storage/pipeline.hpp"
#include "support/log.hpp"

namespace crossclaim::gateway {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

// One io_context per I/O thread, each run by that thread alone: a connection stays on the
// context it was accepted onto, so its handlers need no strand and the threads share no
// scheduler (with one shared context they spent their time in its lock and in strands).
// The first context also runs the acceptors and the signal handlers.
class io_contexts {
  public:
    explicit io_contexts(int threads) {
        for (int i = 0; i < threads; ++i) contexts_.push_back(std::make_unique<net::io_context>(1));
    }
    net::io_context& main() { return *contexts_.front(); }
    const std::vector<std::unique_ptr<net::io_context>>& all() const { return contexts_; }
    /// The context of the next connection, in turn.
    net::io_context& next() {
        return *contexts_[next_.fetch_add(1, std::memory_order_relaxed) % contexts_.size()];
    }
    /// Runs every context, the first on the calling thread, until stop().
    void run() {
        std::vector<net::executor_work_guard<net::io_context::executor_type>> busy;
        std::vector<std::thread> threads;
        for (std::size_t i = 1; i < contexts_.size(); ++i) {
            busy.push_back(net::make_work_guard(*contexts_[i]));
            threads.emplace_back([c = contexts_[i].get()] { c->run(); });
        }
        contexts_.front()->run();
        busy.clear();
        for (auto& t : threads) t.join();
    }
    void stop() {
        for (auto& c : contexts_) c->stop();
    }

  private:
    std::vector<std::unique_ptr<net::io_context>> contexts_;
    std::atomic<std::size_t> next_{0};
};

class acceptor_loop : public std::enable_shared_from_this<acceptor_loop> {
  public:
    acceptor_loop(io_contexts& io, shared_state& state, listener kind)
        : io_(io), acceptor_(io.main()), state_(state), kind_(kind) {}

    std::optional<std::string> bind(const config::endpoint& where) {
        error_code ec;
        const auto address = net::ip::make_address(where.host, ec);
        if (ec) return "listen address \"" + where.host + "\": " + ec.message();
        const tcp::endpoint ep{address, where.port};
        acceptor_.open(ep.protocol(), ec);
        if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
        if (!ec) acceptor_.bind(ep, ec);
        if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
        if (ec)
            return "cannot listen on " + where.host + ":" + std::to_string(where.port) + ": " +
                   ec.message();
        return std::nullopt;
    }

    config::endpoint local() const {
        error_code ec;
        const auto ep = acceptor_.local_endpoint(ec);
        return {ep.address().to_string(), ep.port()};
    }

    void start() { do_accept(); }

    void close() {
        net::post(acceptor_.get_executor(), [self = shared_from_this()] {
            error_code ec;
            self->acceptor_.close(ec);
        });
    }

  private:
    void do_accept() {
        acceptor_.async_accept(io_.next(),
                               [self = shared_from_this()](error_code ec, socket_type socket) {
                                   self->on_accept(ec, std::move(socket));
                               });
    }

    void on_accept(error_code ec, socket_type socket) {
        if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
        if (!ec) {
            // Answers go out when written: with Nagle's algorithm, a small write that follows
            // another unacknowledged one waits up to ~40 ms for the client's ACK (it did for the
            // first answer of a TLS 1.3 connection, behind the session tickets sent then).
            error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            start_session(std::move(socket), state_, kind_);
        }
        do_accept();
    }

    io_contexts& io_;
    tcp::acceptor acceptor_;
    shared_state& state_;
    listener kind_;
};


// Both listeners' contexts, made anew from the files; the reason when they cannot be.
std::optional<std::string> load_tls(shared_state& st) {
    const auto& files = st.app.settings.tls;
    try {
        auto api = make_tls(files, true);
        auto console = make_tls(files, false);
        std::lock_guard lock(st.tls_mutex);
        st.api_tls = std::move(api);
        st.console_tls = std::move(console);
        return std::nullopt;
    } catch (const boost::system::system_error& e) {
        return "TLS files (cert " + files.cert + ", key " + files.key + ", ca " + files.ca +
               "): " + e.code().message();
    } catch (const std::exception& e) {
        return std::string("TLS files: ") + e.what();
    }
}

}  // namespace

struct server::impl {
    explicit impl(const gateway::app& a) : state{a}, io(a.settings.server.io_threads) {
        const auto& db = a.settings.database;
        for (const auto& context : io.all()) {
            pipelines.push_back(std::make_unique<storage::pipeline>(
                *context, db.url, db.queue_limit,
                std::chrono::seconds(db.connect_timeout_seconds)));
            state.pipelines.emplace_back(context.get(), pipelines.back().get());
        }
    }
    shared_state state;
    io_contexts io;
    // One per I/O thread, for the reads it answers itself; made after `io`, gone before it.
    std::vector<std::unique_ptr<storage::pipeline>> pipelines;
    // Made with the server, so that a signal arriving before run() is not lost (or, for
    // SIGHUP, fatal).
    net::signal_set signals{io.main(), SIGINT, SIGTERM};
    net::signal_set hangup{io.main(), SIGHUP};
    std::shared_ptr<acceptor_loop> api, console;
};

server::server(const gateway::app& a) : impl_(std::make_unique<impl>(a)) {}
server::~server() = default;

std::optional<std::string> server::bind() {
    const auto& s = impl_->state.app.settings;
    if (auto e = load_tls(impl_->state)) return e;
    impl_->api = std::make_shared<acceptor_loop>(impl_->io, impl_->state, listener::api);
    impl_->console = std::make_shared<acceptor_loop>(impl_->io, impl_->state, listener::console);
    if (auto e = impl_->api->bind(s.server.api)) return e;
    if (auto e = impl_->console->bind(s.server.console)) return e;
    return std::nullopt;
}

config::endpoint server::api_endpoint() const { return impl_->api->local(); }
config::endpoint server::console_endpoint() const { return impl_->console->local(); }

void server::run() {
    auto& st = impl_->state;
    auto& io = impl_->io;
    auto& signals = impl_->signals;
    auto& hangup = impl_->hangup;
    net::steady_timer drain_timer(io.main());
    std::chrono::steady_clock::time_point drain_deadline;

    // Polls until every session is gone or the drain time is up; polling keeps the code
    // free of cross-thread callbacks from session destructors.
    std::function<void()> wait_for_sessions = [&] {
        const auto live = st.sessions.size();
        if (live == 0 || std::chrono::steady_clock::now() >= drain_deadline) {
            if (live != 0)
                support::log(support::level::warn, "drain time over; closing",
                             {{"sessions", static_cast<std::int64_t>(live)}});
            io.stop();
            return;
        }
        drain_timer.expires_after(std::chrono::milliseconds(20));
        drain_timer.async_wait([&](error_code) { wait_for_sessions(); });
    };

    signals.async_wait([&](error_code ec, int sig) {
        if (ec) return;
        support::log(support::level::info, "stopping", {{"signal", sig}});
        st.draining = true;
        hangup.cancel();
        impl_->api->close();
        impl_->console->close();
        drain_sessions(st);
        drain_deadline = std::chrono::steady_clock::now() + st.app.settings.server.drain_timeout;
        wait_for_sessions();
    });

    // SIGHUP: certificate, key, CA and CRL are read again; connections already open keep
    // theirs. Files that cannot be used leave the ones loaded before in place.
    std::function<void()> wait_for_hangup = [&] {
        hangup.async_wait([&](error_code ec, int) {
            if (ec) return;
            if (auto e = load_tls(st)) {
                support::log(support::level::error,
                             "TLS reload failed; the files loaded before stay", {{"reason", *e}});
            } else {
                if (auto crl = read_crl(st.app.settings.tls.crl))
                    close_revoked_sessions(st, crl);
                support::log(
                    support::level::info, "TLS files reloaded",
                    {{"cert", st.app.settings.tls.cert}, {"crl", st.app.settings.tls.crl}});
            }
            wait_for_hangup();
        });
    };
    wait_for_hangup();

    impl_->api->start();
    impl_->console->start();
    io.run();
}

}  // namespace crossclaim::gateway
