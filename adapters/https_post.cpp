#include "adapters/https_post.hpp"

#include <openssl/hmac.h>
#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace crossclaim::adapters {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

struct url_parts {
    std::string host, port, target;
};

std::optional<url_parts> parse_url(const std::string& url) {
    const std::string scheme = "https://";
    if (url.rfind(scheme, 0) != 0) return std::nullopt;
    const auto rest = url.substr(scheme.size());
    const auto slash = rest.find('/');
    const auto authority = rest.substr(0, slash);
    url_parts p;
    p.target = slash == std::string::npos ? "/" : rest.substr(slash);
    const auto colon = authority.rfind(':');
    p.host = colon == std::string::npos ? authority : authority.substr(0, colon);
    p.port = colon == std::string::npos ? "443" : authority.substr(colon + 1);
    if (p.host.empty() || p.port.empty()) return std::nullopt;
    return p;
}

// Runs one asynchronous step on the private io_context until it completes. Blocking calls
// cannot be bounded (after SO_RCVTIMEO expires, Asio polls the socket again without a limit,
// so a receiver that accepts and never answers would hold the worker forever); the steps run
// asynchronously so that the tcp_stream's deadline ends them with beast::error::timeout.
template <class Start>
boost::system::error_code run_step(net::io_context& ioc, Start start) {
    boost::system::error_code result = net::error::would_block;
    start([&result](boost::system::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
}

}  // namespace

std::string hmac_sha256_hex(const std::string& secret, const std::string& body) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), md, &len);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < len; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

post_result https_post(const std::string& url, const std::string& body,
                       const std::string& content_type,
                       const std::vector<std::pair<std::string, std::string>>& headers,
                       const config::delivery_settings& branch, std::chrono::milliseconds timeout) {
    const auto parts = parse_url(url);
    if (!parts) return {0, "not an https URL: " + url};
    boost::system::error_code ec;
    ssl::context ctx(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    if (branch.ca.empty())
        ctx.set_default_verify_paths(ec);
    else
        ctx.load_verify_file(branch.ca, ec);
    if (ec) return {0, "receiver CA: " + ec.message()};
    if (!branch.client_cert.empty()) {
        ctx.use_certificate_chain_file(branch.client_cert, ec);
        if (!ec) ctx.use_private_key_file(branch.client_key, ssl::context::pem, ec);
        if (ec) return {0, "client certificate: " + ec.message()};
    }
    ctx.set_verify_mode(ssl::verify_peer);

    net::io_context ioc;
    tcp::resolver resolver(ioc);
    const auto endpoints = resolver.resolve(parts->host, parts->port, ec);
    if (ec) return {0, "resolve " + parts->host + ": " + ec.message()};
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    stream.set_verify_callback(ssl::host_name_verification(parts->host));
    SSL_set_tlsext_host_name(stream.native_handle(), parts->host.c_str());
    auto& socket = beast::get_lowest_layer(stream);
    // One deadline for connecting and the handshake, one for the exchange, one for closing.
    socket.expires_after(timeout);
    ec = run_step(ioc, [&](auto done) { socket.async_connect(endpoints, done); });
    if (ec) return {0, "connect: " + ec.message()};
    ec = run_step(ioc, [&](auto done) { stream.async_handshake(ssl::stream_base::client, done); });
    if (ec) return {0, "TLS handshake: " + ec.message()};

    http::request<http::string_body> req{http::verb::post, parts->target, 11};
    req.set(http::field::host, parts->host);
    req.set(http::field::user_agent, "crossclaim");
    req.set(http::field::content_type, content_type);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    socket.expires_after(timeout);
    ec = run_step(ioc, [&](auto done) { http::async_write(stream, req, done); });
    if (ec) return {0, "write: " + ec.message()};
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1024 * 1024);
    ec = run_step(ioc, [&](auto done) { http::async_read(stream, buffer, parser, done); });
    if (ec) return {0, "read: " + ec.message()};
    // The receiver may just close; the answer is already in.
    socket.expires_after(timeout);
    run_step(ioc, [&](auto done) { stream.async_shutdown(done); });
    return {static_cast<int>(parser.get().result_int()), {}};
}

delivery_outcome signed_post(const storage::claimed_event& event, const std::string& body,
                             const std::string& content_type,
                             const config::delivery_settings& branch,
                             std::chrono::milliseconds timeout) {
    const auto r =
        https_post(branch.url, body, content_type,
                   {{"X-CrossClaim-Signature", "sha256=" + hmac_sha256_hex(branch.secret, body)},
                    {"X-CrossClaim-Event-Id", event.event_id},
                    {"X-CrossClaim-Event-Type", event.type}},
                   branch, timeout);
    if (!r.error.empty()) return {false, r.error};
    if (r.status < 200 || r.status > 299)
        return {false, "receiver answered HTTP " + std::to_string(r.status)};
    return {true, {}};
}

}  // namespace crossclaim::adapters
