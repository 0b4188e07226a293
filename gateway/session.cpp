#include "gateway/session.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <random>

#include "gateway/app.hpp"
#include "gateway/dispatch.hpp"
#include "gateway/proxy_protocol.hpp"
#include "gateway/rate_limiter.hpp"
#include "gateway/response_bytes.hpp"
#include "gateway/tls.hpp"
#include "gateway/tls_context.hpp"
#include "support/log.hpp"

namespace crossclaim::gateway {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using stream_type = beast::ssl_stream<beast::basic_stream<tcp, io_executor>>;

namespace {

std::string new_request_id() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    static const char* hex = "0123456789abcdef";
    std::string out(24, '0');
    for (int half = 0; half < 2; ++half) {
        auto v = rng();
        for (int i = 0; i < 12; ++i, v >>= 4) out[half * 12 + i] = hex[v & 15];
    }
    return out;
}

// A caller's own request id is kept when it is short and plain, so logs can be joined.
std::string request_id_from(std::string_view given) {
    if (given.empty() || given.size() > 64) return new_request_id();
    for (char c : given)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
            return new_request_id();
    return std::string(given);
}

// More header fields than this get 431 whatever their size: no client needs them.
constexpr std::size_t max_header_fields = 100;

bool is_json(std::string_view content_type) {
    const auto semi = content_type.find(';');
    auto base = content_type.substr(0, semi);
    while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
    return beast::iequals(base, "application/json");
}

}  // namespace

class session : public std::enable_shared_from_this<session> {
  public:
    session(socket_type&& socket, std::shared_ptr<ssl::context> tls, shared_state& state,
            listener kind)
        : tls_(std::move(tls)), stream_(std::move(socket), *tls_), state_(state), kind_(kind) {
        state_.sessions.add(this);
    }
    ~session() { state_.sessions.remove(this); }

    void run() {
        // Everything of this session happens on its I/O thread's io_context, which one thread
        // runs: the session needs no strand.
        net::dispatch(stream_.get_executor(),
                      beast::bind_front_handler(&session::on_run, shared_from_this()));
    }

    // Called at drain: a session waiting for its next request closes now; one that is
    // handling or writing finishes that response first (keep-alive is then refused).
    void drain() {
        net::post(stream_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_) beast::get_lowest_layer(self->stream_).cancel();
        });
    }

    // Called after a reload: a connection whose client certificate the list now revokes is
    // closed at once, whatever it was doing.
    void close_if_revoked(std::shared_ptr<X509_CRL> crl) {
        net::post(stream_.get_executor(), [self = shared_from_this(), crl] {
            if (self->kind_ != listener::api || !is_revoked(self->stream_.native_handle(), *crl))
                return;
            support::log(support::level::warn, "connection of a revoked certificate closed",
                         {{"member", self->identity_ ? self->identity_->member : "-"},
                          {"client", self->client_}});
            beast::get_lowest_layer(self->stream_).close();
        });
    }

  private:
    const config::server_settings& settings() const { return state_.app.settings.server; }

    void on_run() {
        auto& lowest = beast::get_lowest_layer(stream_);
        error_code ignored;
        const auto peer = lowest.socket().remote_endpoint(ignored);
        client_ = peer.address().to_string() + ":" + std::to_string(peer.port());
        lowest.expires_after(settings().handshake_timeout);
        if (!settings().proxy_protocol) return start_handshake();
        // The PROXY v2 header comes first, within the handshake's time: its fixed part,
        // then the address block whose length the fixed part gives.
        proxy_bytes_.resize(proxy_v2::prefix_size);
        net::async_read(lowest, net::buffer(proxy_bytes_),
                        beast::bind_front_handler(&session::on_proxy_prefix, shared_from_this()));
    }

    void on_proxy_prefix(error_code ec, std::size_t) {
        if (ec) return;
        const auto p = proxy_v2::read_prefix(proxy_bytes_.data());
        if (!p.error.empty()) {
            support::log(support::level::warn, "connection refused", {{"reason", p.error}});
            return;  // the session ends here, and with it the connection
        }
        proxy_bytes_.resize(p.block_length);
        net::async_read(beast::get_lowest_layer(stream_), net::buffer(proxy_bytes_),
                        [self = shared_from_this(), p](error_code e, std::size_t) {
                            if (e) return;
                            if (auto source = proxy_v2::source_address(p, self->proxy_bytes_.data(),
                                                                       self->proxy_bytes_.size()))
                                self->client_ = std::move(*source);
                            self->proxy_bytes_ = {};
                            self->start_handshake();
                        });
    }

    void start_handshake() {
        stream_.async_handshake(
            ssl::stream_base::server,
            beast::bind_front_handler(&session::on_handshake, shared_from_this()));
    }

    // The client's last handshake flight is acknowledged at once. A client whose Nagle
    // algorithm is on holds its first request (or its close_notify) until that ACK, and
    // Linux delays it by up to 40 ms when the server has nothing to send: with no session
    // tickets after a TLS 1.3 handshake, the server has nothing.
    void acknowledge_now() {
#ifdef TCP_QUICKACK
        error_code ignored;
        beast::get_lowest_layer(stream_).socket().set_option(
            net::detail::socket_option::boolean<IPPROTO_TCP, TCP_QUICKACK>(true), ignored);
#endif
    }

    void on_handshake(error_code ec) {
        if (ec) {
            // Refused certificates end here: OpenSSL already failed the handshake.
            support::log(support::level::info, "handshake failed",
                         {{"error", ec.message()}, {"client", client_}});
            return;
        }
        acknowledge_now();
        if (kind_ == listener::api) {
            if (auto subject = peer_subject_of(stream_.native_handle()))
                identity_ = identity_from_subject(subject->o, subject->ou, subject->cn);
            if (identity_)
                if (auto why = unknown_organisation(*identity_, state_.app.settings.zone)) {
                    refusal_ = std::move(*why);
                    identity_.reset();
                }
        }
        do_read();
    }

    void do_read() {
        if (state_.draining) return do_close();
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(settings().header_limit));
        parser_->body_limit(settings().body_limit);
        beast::get_lowest_layer(stream_).expires_after(settings().read_timeout);
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&session::on_read, shared_from_this()));
    }

    void on_read(error_code ec, std::size_t) {
        if (ec == http::error::end_of_stream) return do_close();
        if (ec == http::error::body_limit) {
            // The client is probably still sending; read and drop the rest before closing,
            // or its next write meets a reset and it never sees the 413.
            linger_ = true;
            return reply(problem(413, "Payload Too Large",
                                 "the body is larger than " +
                                     std::to_string(settings().body_limit) + " bytes"),
                         new_request_id(), "-", false);
        }
        if (ec == http::error::header_limit)
            return reply(problem(431, "Request Header Fields Too Large",
                                 "the headers are larger than " +
                                     std::to_string(settings().header_limit) + " bytes"),
                         new_request_id(), "-", false);
        if (ec) {
            // Timeouts, cancellation at drain and resets: nothing to answer.
            if (ec == net::error::operation_aborted || ec == beast::error::timeout ||
                ec == net::error::eof || ec == ssl::error::stream_truncated)
                return;
            return reply(problem(400, "Bad Request", "the request is not valid HTTP/1.1"),
                         new_request_id(), "-", false);
        }
        const auto& fields = parser_->get().base();
        if (static_cast<std::size_t>(std::distance(fields.begin(), fields.end())) >
            max_header_fields)
            return reply(
                problem(431, "Request Header Fields Too Large",
                        "more than " + std::to_string(max_header_fields) + " header fields"),
                new_request_id(), "-", false);
        busy_ = true;
        started_ = std::chrono::steady_clock::now();
        handle(parser_->release());
    }

    void handle(http::request<http::string_body> msg) {
        auto req = std::make_shared<request>();
        req->method = std::string(msg.method_string());
        const std::string_view target = msg.target();
        const auto q = target.find('?');
        req->path = std::string(target.substr(0, q));
        if (q != std::string_view::npos) req->query = parse_query(target.substr(q + 1));
        req->content_type = std::string(msg[http::field::content_type]);
        req->accept = std::string(msg[http::field::accept]);
        req->request_id = request_id_from(msg["X-Request-Id"]);
        if (kind_ == listener::console) {
            req->cookie = std::string(msg[http::field::cookie]);
            req->csrf_token = std::string(msg["X-CSRF-Token"]);
            req->if_none_match = std::string(msg[http::field::if_none_match]);
        }
        req->identity = identity_;
        req->body = std::move(msg.body());
        const bool keep_alive = msg.keep_alive();

        const auto m = match(routes(), kind_, req->method, req->path);
        if (!m.found) {
            if (!m.path_known)
                return reply(problem(404, "Not Found", "no such resource: " + req->path),
                             req->request_id, "-", keep_alive);
            auto r =
                problem(405, "Method Not Allowed", req->method + " is not allowed on " + req->path);
            r.headers.emplace_back("Allow", m.allowed);
            return reply(std::move(r), req->request_id, "-", keep_alive);
        }
        const route& rt = *m.found;
        req->path_params = m.path_params;
        const std::string route_name = std::string(rt.method) + " " + std::string(rt.pattern);
        // Console users are known by their session, which lives in the database: they are
        // checked on the database thread, before the handler.
        const bool console_user = kind_ == listener::console && !rt.roles.empty();
        if (!rt.roles.empty() && !console_user) {
            if (!identity_)
                return reply(problem(403, "Forbidden",
                                     refusal_.empty()
                                         ? "the client certificate does not name a member (O) "
                                           "and a role (OU: insurer, investigator or association)"
                                         : refusal_),
                             req->request_id, route_name, keep_alive);
            if (!rt.roles.contains(identity_->role))
                return reply(problem(403, "Forbidden",
                                     "the role " + std::string(to_string(identity_->role)) +
                                         " may not call " + route_name),
                             req->request_id, route_name, keep_alive);
            if (const int wait = state_.app.limits.take(identity_->member, started_)) {
                auto r = problem(429, "Too Many Requests",
                                 identity_->member + " has used its request budget (" +
                                     state_.app.limits.describe(identity_->member) +
                                     "); try again in " + std::to_string(wait) + " s");
                r.headers.emplace_back("Retry-After", std::to_string(wait));
                return reply(std::move(r), req->request_id, route_name, keep_alive);
            }
        }
        if ((req->method == "POST" || req->method == "PATCH" || req->method == "PUT") &&
            !req->body.empty() && !is_json(req->content_type))
            return reply(
                problem(415, "Unsupported Media Type", "the body must be application/json"),
                req->request_id, route_name, keep_alive);

        if (!rt.needs_db)
            return reply(rt.handler({state_.app, *req, nullptr}), req->request_id, route_name,
                         keep_alive);
        const answer_fn here = [self = shared_from_this(), req, route_name,
                                keep_alive](response r) {
            self->reply(std::move(r), req->request_id, route_name, keep_alive);
        };
        if (rt.pipelined)
            return run_pipelined(state_.app, rt, *req,
                                 state_.pipeline_for(stream_.get_executor().context()), here);
        // The tracked executor keeps the io_context alive while the work is away, so a drain
        // does not end before the answer is written.
        auto back = net::prefer(stream_.get_executor(), net::execution::outstanding_work.tracked);
        run_on_database(state_.app, rt, req, console_user, here, [back, here](response r) {
            net::post(back, [here, r = std::move(r)]() mutable { here(std::move(r)); });
        });
    }

    void reply(response r, const std::string& request_id, const std::string& route_name,
               bool keep_alive) {
        const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - started_);
        state_.app.metrics.record(route_name, r.status, latency);
        support::log(support::level::info, "request",
                     {{"request_id", request_id},
                      {"member", identity_ ? identity_->member : "-"},
                      {"role", identity_ ? std::string(to_string(identity_->role)) : "-"},
                      {"route", route_name},
                      {"client", client_},
                      {"status", r.status},
                      {"latency_ms", static_cast<double>(latency.count()) / 1000.0}});

        const bool keep = keep_alive && !state_.draining;
        auto bytes = std::make_shared<std::string>(response_bytes(r, request_id, kind_, keep));
        beast::get_lowest_layer(stream_).expires_after(settings().write_timeout);
        net::async_write(stream_, net::buffer(*bytes),
                         [self = shared_from_this(), bytes, keep](error_code ec, std::size_t) {
                             self->on_write(keep, ec);
                         });
    }

    void on_write(bool keep_alive, error_code ec) {
        busy_ = false;
        if (ec) return;
        if (!keep_alive) return do_close();
        do_read();
    }

    void do_close() {
        if (linger_) return discard_then_close();
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
        stream_.async_shutdown([self = shared_from_this()](error_code) {});
    }

    // Reads and drops what the client still sends, for at most a few seconds and a bounded
    // amount, then closes.
    void discard_then_close() {
        if (!discard_buffer_) {
            discard_buffer_ = std::make_unique<std::array<char, 16 * 1024>>();
            beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(3));
        }
        stream_.async_read_some(net::buffer(*discard_buffer_),
                                [self = shared_from_this()](error_code ec, std::size_t n) {
                                    self->discarded_ += n;
                                    if (ec || self->discarded_ > 64 * 1024 * 1024) {
                                        self->linger_ = false;
                                        return self->do_close();
                                    }
                                    self->discard_then_close();
                                });
    }

    std::shared_ptr<ssl::context> tls_;  ///< outlives the stream that uses it
    std::string client_;                 ///< "address:port", from the PROXY header when used
    std::vector<unsigned char> proxy_bytes_;
    stream_type stream_;
    beast::flat_buffer buffer_;
    bool linger_ = false;
    std::size_t discarded_ = 0;
    // Only a lingering close needs it; most sessions never allocate it.
    std::unique_ptr<std::array<char, 16 * 1024>> discard_buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    shared_state& state_;
    listener kind_;
    std::optional<peer_identity> identity_;
    std::string refusal_;  ///< why a certificate's identity was not accepted
    bool busy_ = false;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

std::vector<std::shared_ptr<session>> session_registry::snapshot() {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<session>> out;
    out.reserve(sessions_.size());
    // A session in its destructor waits for the mutex to leave; its weak self is expired.
    for (session* s : sessions_)
        if (auto strong = s->weak_from_this().lock()) out.push_back(std::move(strong));
    return out;
}

void start_session(socket_type&& socket, shared_state& state, listener kind) {
    std::make_shared<session>(std::move(socket), state.tls_for(kind), state, kind)->run();
}

void drain_sessions(shared_state& state) {
    for (auto& s : state.sessions.snapshot()) s->drain();
}

void close_revoked_sessions(shared_state& state, const std::shared_ptr<X509_CRL>& crl) {
    for (auto& s : state.sessions.snapshot()) s->close_if_revoked(crl);
}

}  // namespace crossclaim::gateway
