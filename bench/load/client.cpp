#include "bench/load/client.hpp"

#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <thread>
#include <vector>

namespace crossclaim::bench::load {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using steady = std::chrono::steady_clock;
using error_code = boost::system::error_code;

constexpr std::size_t header_limit = 64 * 1024;
constexpr std::size_t body_limit = 16 * 1024 * 1024;
// A closed loop against a port that refuses would otherwise spin on connect errors.
constexpr auto error_backoff = std::chrono::milliseconds(50);
constexpr auto shutdown_limit = std::chrono::seconds(1);

// What all connections share: fixed before they start, except the ran-out mark.
struct shared_run {
    const run_plan& plan;
    workload& work;
    tcp::endpoint target{};
    std::string host_header{};
    steady::time_point begin{}, measure_from{}, measure_until{}, hard_stop{};
    steady::duration interval{};  // open loop: between one connection's intended starts
    std::atomic<bool> ran_out{false};
    std::atomic<steady::rep> ran_out_at{0};
};

class connection : public std::enable_shared_from_this<connection> {
  public:
    connection(net::any_io_executor strand, ssl::context& tls, shared_run& run, std::size_t index)
        : strand_(std::move(strand)), tls_(tls), run_(run), timer_(strand_) {
        // Open loop: connections take turns, so the total schedule is evenly spaced.
        const auto n = static_cast<steady::rep>(run_.plan.connections);
        next_intended_ = run_.begin + run_.interval * static_cast<steady::rep>(index) / n;
    }

    void start() {
        net::dispatch(strand_, [self = shared_from_this()] { self->next_request(); });
    }

    const tally& counted() const { return tally_; }

  private:
    // Closed loop: send now unless the run is over. Open loop: send at the next slot of the
    // schedule, at once when it has passed already (the latency then shows the queueing).
    void next_request() {
        const auto now = steady::now();
        if (!run_.plan.rate) {
            if (now >= run_.measure_until) return finish();
            return send(now);
        }
        const auto intended = next_intended_;
        if (intended >= run_.measure_until) return finish();
        if (now >= run_.hard_stop) return skip_rest();
        next_intended_ += run_.interval;
        if (intended <= now) return send(intended);
        timer_.expires_at(intended);
        timer_.async_wait([self = shared_from_this(), intended](error_code ec) {
            if (ec) return self->finish();
            self->send(intended);
        });
    }

    // An open loop far behind its schedule at the hard stop: the slots it has not sent yet
    // are counted as unsent rather than tried, so that the run ends on time.
    void skip_rest() {
        std::uint64_t unsent = 0;
        for (; next_intended_ < run_.measure_until; next_intended_ += run_.interval)
            unsent += next_intended_ >= run_.measure_from ? 1 : 0;
        if (unsent > 0) {
            tally_.requests += unsent;
            tally_.transport_errors["unsent"] += unsent;
            tally_.error_examples.emplace("unsent", "not sent by the end of the grace period");
        }
        finish();
    }

    void send(steady::time_point origin) {
        if (run_.ran_out.load(std::memory_order_relaxed)) return finish();
        auto spec = run_.work.next();
        if (!spec) {
            mark_ran_out();
            return finish();
        }
        const auto now = steady::now();
        origin_ = origin;
        counted_ = origin >= run_.measure_from && origin < run_.measure_until;
        if (counted_ && run_.plan.rate)
            tally_.max_send_lag =
                std::max(tally_.max_send_lag,
                         std::chrono::duration_cast<std::chrono::microseconds>(now - origin));
        // One deadline for the whole exchange, connecting included; none past the hard stop.
        deadline_ = std::min(now + run_.plan.timeout, run_.hard_stop);

        request_ = {};
        request_.method(spec->post ? http::verb::post : http::verb::get);
        request_.target(spec->target);
        request_.version(11);
        request_.set(http::field::host, run_.host_header);
        request_.set(http::field::user_agent, "crossclaim-load");
        if (spec->post) request_.set(http::field::content_type, "application/json");
        request_.keep_alive(!run_.plan.new_connection);
        request_.body() = std::move(spec->body);
        request_.prepare_payload();
        if (stream_) return write();
        connect();
    }

    void connect() {
        // A new SSL object each time, never given an old session: a full handshake.
        stream_.emplace(strand_, tls_);
        buffer_.clear();
        stream_->set_verify_callback(ssl::host_name_verification(run_.plan.host));
        auto& socket = beast::get_lowest_layer(*stream_);
        socket.expires_at(deadline_);
        socket.async_connect(
            run_.target, beast::bind_front_handler(&connection::on_connect, shared_from_this()));
    }

    void on_connect(error_code ec) {
        if (ec) return fail("connect", ec);
        // Requests are small and answered one at a time: do not wait to fill a segment.
        beast::get_lowest_layer(*stream_).socket().set_option(tcp::no_delay(true), ec);
        stream_->async_handshake(
            ssl::stream_base::client,
            beast::bind_front_handler(&connection::on_handshake, shared_from_this()));
    }

    void on_handshake(error_code ec) {
        if (ec) return fail("handshake", ec);
        write();
    }

    void write() {
        beast::get_lowest_layer(*stream_).expires_at(deadline_);
        http::async_write(*stream_, request_,
                          beast::bind_front_handler(&connection::on_write, shared_from_this()));
    }

    void on_write(error_code ec, std::size_t) {
        if (ec) return fail("write", ec);
        parser_.emplace();
        parser_->header_limit(header_limit);
        parser_->body_limit(body_limit);
        http::async_read(*stream_, buffer_, *parser_,
                         beast::bind_front_handler(&connection::on_read, shared_from_this()));
    }

    void on_read(error_code ec, std::size_t) {
        if (ec) return fail("read", ec);
        const auto& res = parser_->get();
        const int status = static_cast<int>(res.result_int());
        const auto took = steady::now() - origin_;
        if (counted_) {
            ++tally_.requests;
            tally_.last_done = steady::now();
            ++tally_.statuses[status];
            if (status >= 200 && status < 300) {
                ++tally_.ok;
                const auto us = std::chrono::duration_cast<std::chrono::microseconds>(took);
                tally_.latency.record(
                    static_cast<std::uint64_t>(std::max<long long>(0, us.count())));
            }
        }
        if (run_.plan.on_answer) run_.plan.on_answer(status, res.body());
        if (res.keep_alive() && !run_.plan.new_connection) return next_request();
        // The gateway closes with close_notify and waits for ours; the shutdown is not part
        // of the request's latency.
        beast::get_lowest_layer(*stream_).expires_at(
            std::min(steady::now() + shutdown_limit, run_.hard_stop));
        stream_->async_shutdown([self = shared_from_this()](error_code) {
            self->stream_.reset();
            self->next_request();
        });
    }

    void fail(std::string kind, error_code ec) {
        if (ec == beast::error::timeout) kind = "timeout";
        if (counted_) {
            ++tally_.requests;
            tally_.last_done = steady::now();
            ++tally_.transport_errors[kind];
            tally_.error_examples.emplace(kind, ec.message());
        }
        stream_.reset();
        if (run_.plan.rate) return next_request();
        timer_.expires_after(error_backoff);
        timer_.async_wait([self = shared_from_this()](error_code) { self->next_request(); });
    }

    void finish() {
        if (!stream_) return;
        beast::get_lowest_layer(*stream_).expires_at(
            std::min(steady::now() + shutdown_limit, run_.hard_stop));
        stream_->async_shutdown([self = shared_from_this()](error_code) { self->stream_.reset(); });
    }

    void mark_ran_out() {
        bool expected = false;
        if (run_.ran_out.compare_exchange_strong(expected, true))
            run_.ran_out_at.store(steady::now().time_since_epoch().count());
    }

    net::any_io_executor strand_;
    ssl::context& tls_;
    shared_run& run_;
    net::steady_timer timer_;
    std::optional<beast::ssl_stream<beast::tcp_stream>> stream_;
    beast::flat_buffer buffer_;
    http::request<http::string_body> request_;
    std::optional<http::response_parser<http::string_body>> parser_;
    steady::time_point next_intended_{}, origin_{}, deadline_{};
    bool counted_ = false;
    tally tally_;
};

}  // namespace

std::uint64_t tally::transport_error_count() const {
    std::uint64_t n = 0;
    for (const auto& [kind, count] : transport_errors) n += count;
    return n;
}

void tally::merge(const tally& other) {
    requests += other.requests;
    ok += other.ok;
    for (const auto& [status, count] : other.statuses) statuses[status] += count;
    for (const auto& [kind, count] : other.transport_errors) transport_errors[kind] += count;
    for (const auto& [kind, text] : other.error_examples) error_examples.emplace(kind, text);
    latency.merge(other.latency);
    max_send_lag = std::max(max_send_lag, other.max_send_lag);
    last_done = std::max(last_done, other.last_done);
}

tls_setup client_tls(const std::string& cert, const std::string& key, const std::string& ca) {
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
    // Every new connection makes a full handshake: no client session cache, no tickets.
    SSL_CTX_set_session_cache_mode(ctx->native_handle(), SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(ctx->native_handle(), SSL_OP_NO_TICKET);
    error_code ec;
    ctx->load_verify_file(ca, ec);
    if (ec) return {nullptr, "--ca " + ca + ": " + ec.message()};
    ctx->use_certificate_chain_file(cert, ec);
    if (ec) return {nullptr, "--cert " + cert + ": " + ec.message()};
    ctx->use_private_key_file(key, ssl::context::pem, ec);
    if (ec) return {nullptr, "--key " + key + ": " + ec.message()};
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1)
        return {nullptr, "--key " + key + " is not the key of --cert " + cert};
    ctx->set_verify_mode(ssl::verify_peer);
    return {std::move(ctx), {}};
}

std::string certificate_organisation(const std::string& pem_file) {
    BIO* file = BIO_new_file(pem_file.c_str(), "r");
    if (file == nullptr) return {};
    X509* cert = PEM_read_bio_X509(file, nullptr, nullptr, nullptr);
    BIO_free(file);
    if (cert == nullptr) return {};
    char o[256] = {};
    const int n =
        X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_organizationName, o, sizeof o);
    X509_free(cert);
    return n > 0 ? std::string(o, static_cast<std::size_t>(n)) : std::string{};
}

run_result run(const run_plan& plan, ssl::context& tls, workload& work) {
    net::io_context ioc(plan.threads);
    shared_run shared{plan, work};
    const auto address = net::ip::make_address(plan.host);
    shared.target = tcp::endpoint(address, plan.port);
    shared.host_header =
        (address.is_v6() ? "[" + plan.host + "]" : plan.host) + ":" + std::to_string(plan.port);
    shared.begin = steady::now();
    shared.measure_from = shared.begin + plan.warmup;
    shared.measure_until = shared.measure_from + plan.duration;
    shared.hard_stop = shared.measure_until + plan.grace;
    if (plan.rate)
        shared.interval = std::chrono::duration_cast<steady::duration>(
            std::chrono::duration<double>(plan.connections / *plan.rate));

    std::vector<std::shared_ptr<connection>> connections;
    for (int i = 0; i < plan.connections; ++i) {
        connections.push_back(std::make_shared<connection>(net::make_strand(ioc), tls, shared,
                                                           static_cast<std::size_t>(i)));
        connections.back()->start();
    }
    // Every operation has a deadline no later than the hard stop, so run() returns by then.
    std::vector<std::thread> threads;
    for (int i = 1; i < plan.threads; ++i) threads.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : threads) t.join();

    run_result out;
    for (const auto& c : connections) out.counted.merge(c->counted());
    out.ran_out = shared.ran_out.load();
    auto until = shared.measure_until;
    if (out.ran_out)
        until = std::clamp(steady::time_point(steady::duration(shared.ran_out_at.load())),
                           shared.measure_from, shared.measure_until);
    until = std::max(until, out.counted.last_done);
    out.measured_seconds = std::chrono::duration<double>(until - shared.measure_from).count();
    return out;
}

}  // namespace crossclaim::bench::load
