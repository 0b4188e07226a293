#pragma once
// A member's HTTPS endpoint for delivery tests: listens on 127.0.0.1 (port 0), records every
// request, answers a status the test chooses, and can go down (connections refused) and come
// back on the same port, as a member's core system does during an outage.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "harness.hpp"

namespace crossclaim::testing {

/// One request as the receiver saw it.
struct received_request {
    std::size_t order = 0;  ///< arrival order, from 0
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  ///< lower-case names
    std::string body;
    int answered = 0;  ///< the status the receiver answered
    /// The verified client certificate's subject CN and O; empty when the receiver does not
    /// ask for one (see receiver::client_certs).
    std::string peer_cn, peer_org;
    /// A header's value ("" when absent); `name` in lower case.
    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string{} : it->second;
    }
};

/// A real HTTPS server with `pki`'s server certificate (SAN IP:127.0.0.1), so a branch
/// verifies it with `ca = pki.ca()`. Accepts on its own thread and serves each connection
/// synchronously on a thread of its own. Every member function is thread-safe.
class receiver {
  public:
    /// Whether a connection must present a client certificate signed by `pki`'s CA.
    enum class client_certs {
        not_asked,  ///< plain server-side TLS (the default)
        required,   ///< verify_peer | verify_fail_if_no_peer_cert against pki.ca()
    };
    explicit receiver(const test_pki& pki, client_certs certs = client_certs::not_asked);
    ~receiver();
    receiver(const receiver&) = delete;
    receiver& operator=(const receiver&) = delete;

    int port() const { return port_; }
    /// https://127.0.0.1:PORT`path`, for a branch's `url`.
    std::string url(const std::string& path = "/hook") const;

    /// Answers nothing: a request is read and recorded, then the connection is held open
    /// without a response until `answer` changes or the receiver ends.
    static constexpr int no_answer = 0;
    /// The status answered from now on (200 at start), or `no_answer`.
    void answer(int status);
    /// Stops listening: new connections are refused until `up`. The port stays reserved.
    void down();
    /// Listens again on the same port.
    void up();

    /// Every request so far, in arrival order.
    std::vector<received_request> requests() const;
    std::size_t count() const;
    /// Connections whose TLS handshake failed (e.g. no client certificate when required);
    /// they never become requests.
    std::size_t failed_handshakes() const;
    /// The last failed handshake's error text ("" when none failed).
    std::string last_handshake_error() const;
    /// Waits until at least `n` requests arrived; false on timeout.
    bool wait_for(std::size_t n, std::chrono::milliseconds timeout) const;
    /// Waits until `done(requests())` holds; false on timeout.
    template <class Pred>
    bool wait_until(Pred done, std::chrono::milliseconds timeout) const {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return done(requests_); });
    }

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
    int port_ = 0;
    // Guards what follows; `changed_` is signalled on every request, status change and stop.
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::vector<received_request> requests_;
    std::size_t failed_handshakes_ = 0;
    std::string last_handshake_error_;
    int status_ = 200;
    bool stopping_ = false;
};

}  // namespace crossclaim::testing
