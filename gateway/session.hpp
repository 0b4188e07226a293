#pragma once
// One connection of either listener: its TLS handshake, its requests in turn, each routed to
// its handler (on a database thread when it needs one), and the answers. Internal to the
// server (server.cpp accepts connections and hands them over here); Asio and Beast stay
// inside the gateway's .cpp files and this header.

#include <openssl/x509.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_set>
#include <vector>

#include "gateway/router.hpp"

namespace crossclaim::storage {
class pipeline;
}

namespace crossclaim::gateway {

struct app;
class session;

// Connections use their io_context's own executor type, not the type-erased any_io_executor:
// copying and destroying that at every operation was about 4 % of the gateway's CPU on
// /healthz.
using io_executor = boost::asio::io_context::executor_type;
using socket_type = boost::asio::basic_stream_socket<boost::asio::ip::tcp, io_executor>;

// The sessions alive right now, for the drain. A session enters when it is made and leaves in
// its destructor, so nothing of a closed connection stays behind (a list of weak pointers
// pruned only at drain kept every session's whole allocation alive: ~17 KB per connection).
class session_registry {
  public:
    void add(session* s) {
        std::lock_guard lock(mutex_);
        sessions_.insert(s);
    }
    void remove(session* s) {
        std::lock_guard lock(mutex_);
        sessions_.erase(s);
    }
    std::size_t size() {
        std::lock_guard lock(mutex_);
        return sessions_.size();
    }
    /// Strong references to the live sessions; one already being destroyed is skipped.
    std::vector<std::shared_ptr<session>> snapshot();

  private:
    std::mutex mutex_;
    std::unordered_set<session*> sessions_;
};

// State shared by the listeners and all sessions.
struct shared_state {
    const gateway::app& app;
    // Each connection keeps the context it was accepted with; SIGHUP swaps in new ones for
    // the connections after it.
    std::mutex tls_mutex{};
    std::shared_ptr<boost::asio::ssl::context> api_tls{}, console_tls{};
    std::shared_ptr<boost::asio::ssl::context> tls_for(listener l) {
        std::lock_guard lock(tls_mutex);
        return l == listener::api ? api_tls : console_tls;
    }
    std::atomic<bool> draining{false};
    session_registry sessions{};
    // Each I/O thread's pipelined database connection, by its context (set before the
    // listeners start, read only after).
    std::vector<std::pair<const boost::asio::io_context*, storage::pipeline*>> pipelines{};
    storage::pipeline& pipeline_for(const boost::asio::io_context& io) const {
        for (const auto& [context, p] : pipelines)
            if (context == &io) return *p;
        throw std::logic_error("no database pipeline for this I/O context");
    }
};

/// Serves one accepted connection of listener `kind` until it closes.
void start_session(socket_type&& socket, shared_state& state, listener kind);

/// At drain: sessions waiting for their next request close now; those handling or writing one
/// finish that answer first (keep-alive is then refused).
void drain_sessions(shared_state& state);

/// After a reload: the API connections whose client certificate `crl` revokes close at once.
void close_revoked_sessions(shared_state& state, const std::shared_ptr<X509_CRL>& crl);

}  // namespace crossclaim::gateway
