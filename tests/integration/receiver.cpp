#include "receiver.hpp"

#include <openssl/x509.h>
#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <future>
#include <set>
#include <stdexcept>
#include <thread>

#include "gateway/tls.hpp"

namespace crossclaim::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

// The acceptor lives on one I/O thread so that `down` can close it while an accept is
// pending; connections are served with blocking calls on threads of their own, which keeps
// the request logic a straight line.
struct receiver::impl {
    explicit impl(receiver& r) : owner(r) {}
    receiver& owner;
    net::io_context ioc;
    ssl::context tls{ssl::context::tls_server};
    tcp::acceptor acceptor{ioc};
    std::thread io_thread;
    bool listening = false;  // on the I/O thread only
    std::mutex threads_mutex;
    std::vector<std::thread> connections;
    std::set<int> live;  // sockets of connections being served, to cut at the end

    // Binds to `port` (0: any) and, when `listen`, accepts; on the I/O thread only.
    void open(unsigned short port, bool listen) {
        acceptor.open(tcp::v4());
        acceptor.set_option(net::socket_base::reuse_address(true));
        acceptor.bind({net::ip::make_address("127.0.0.1"), port});
        if (listen) start_listening();
    }

    void start_listening() {
        if (listening) return;
        acceptor.listen();
        listening = true;
        accept();
    }

    void accept() {
        acceptor.async_accept([this](boost::system::error_code ec, tcp::socket s) {
            // Closed by `down` or the destructor: stop accepting until told to listen again.
            if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
            if (!ec) {
                std::lock_guard lock(threads_mutex);
                connections.emplace_back(
                    [this, s = std::move(s)]() mutable { serve(std::move(s)); });
            }
            accept();
        });
    }

    // Runs `f` on the I/O thread and waits for it.
    template <class F>
    void on_io_thread(F f) {
        std::promise<void> done;
        net::post(ioc, [&] {
            try {
                f();
                done.set_value();
            } catch (...) {
                done.set_exception(std::current_exception());
            }
        });
        done.get_future().get();
    }

    void serve(tcp::socket socket) {
        // The socket timeouts only bound a stuck peer at test end; Asio's blocking calls
        // retry after them, so they are no substitute for the gateway's own deadlines.
        const int fd = socket.native_handle();
        ssl::stream<tcp::socket> stream(std::move(socket), tls);
        // Asio's blocking calls wait on after SO_RCVTIMEO, so a peer that goes quiet is cut
        // by the destructor instead (shutdown of the socket ends any blocked call).
        struct registration {
            impl& i;
            int fd;
            registration(impl& i, int fd) : i(i), fd(fd) {
                std::lock_guard lock(i.threads_mutex);
                i.live.insert(fd);
            }
            ~registration() {
                std::lock_guard lock(i.threads_mutex);
                i.live.erase(fd);
            }
        } registered(*this, fd);
        boost::system::error_code ec;
        stream.handshake(ssl::stream_base::server, ec);
        if (ec) {
            std::lock_guard lock(owner.mutex_);
            ++owner.failed_handshakes_;
            owner.last_handshake_error_ = ec.message();
            owner.changed_.notify_all();
            return;
        }
        // Only present when the receiver asked for it, and then verified against the CA.
        std::string peer_cn, peer_org;
        // The gateway's own reader of a verified peer's subject.
        if (const auto subject = gateway::peer_subject_of(stream.native_handle())) {
            peer_cn = subject->cn;
            peer_org = subject->o;
        }
        beast::flat_buffer buffer;
        http::request_parser<http::string_body> parser;
        parser.body_limit(16 * 1024 * 1024);
        http::read(stream, buffer, parser, ec);
        if (ec) return;
        const auto req = parser.release();

        received_request r;
        r.method = std::string(req.method_string());
        r.target = std::string(req.target());
        for (const auto& f : req) r.headers[lower(std::string(f.name_string()))] = f.value();
        r.body = req.body();
        r.peer_cn = std::move(peer_cn);
        r.peer_org = std::move(peer_org);
        int status = 0;
        {
            std::unique_lock lock(owner.mutex_);
            status = owner.status_;
            r.order = owner.requests_.size();
            r.answered = status;
            owner.requests_.push_back(std::move(r));
            owner.changed_.notify_all();
            if (status == no_answer) {
                // A hung member system: keep the connection open, say nothing.
                owner.changed_.wait(lock,
                                    [&] { return owner.stopping_ || owner.status_ != no_answer; });
                return;
            }
        }
        http::response<http::string_body> res{static_cast<http::status>(status), req.version()};
        res.set(http::field::content_type, "text/plain");
        res.body() = status >= 200 && status < 300 ? "ok\n" : "not now\n";
        res.keep_alive(false);
        res.prepare_payload();
        http::write(stream, res, ec);
        if (!ec) stream.shutdown(ec);
    }
};

receiver::receiver(const test_pki& pki, client_certs certs) : impl_(std::make_unique<impl>(*this)) {
    auto& tls = impl_->tls;
    SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
    tls.use_certificate_chain_file(pki.dir() + "/server.crt");
    tls.use_private_key_file(pki.dir() + "/server.key", ssl::context::pem);
    if (certs == client_certs::required) {
        tls.load_verify_file(pki.ca());
        tls.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
        // Name the accepted CA in the CertificateRequest, as a member's server would.
        SSL_CTX_set_client_CA_list(tls.native_handle(), SSL_load_client_CA_file(pki.ca().c_str()));
    }
    impl_->open(0, true);
    port_ = impl_->acceptor.local_endpoint().port();
    impl_->io_thread = std::thread([this] {
        auto guard = net::make_work_guard(impl_->ioc);
        impl_->ioc.run();
    });
}

receiver::~receiver() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    impl_->on_io_thread([this] {
        boost::system::error_code ec;
        impl_->acceptor.close(ec);
    });
    impl_->ioc.stop();
    impl_->io_thread.join();
    std::vector<std::thread> connections;
    {
        std::lock_guard lock(impl_->threads_mutex);
        for (int fd : impl_->live) ::shutdown(fd, SHUT_RDWR);
        connections.swap(impl_->connections);
    }
    for (auto& t : connections) t.join();
}

std::string receiver::url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(port_) + path;
}

void receiver::answer(int status) {
    {
        std::lock_guard lock(mutex_);
        status_ = status;
    }
    changed_.notify_all();
}

void receiver::down() {
    impl_->on_io_thread([this] {
        impl_->acceptor.close();
        impl_->listening = false;
        // Bound but not listening: connections are refused and nobody else takes the port.
        impl_->open(static_cast<unsigned short>(port_), false);
    });
}

void receiver::up() {
    impl_->on_io_thread([this] {
        if (!impl_->acceptor.is_open()) impl_->open(static_cast<unsigned short>(port_), false);
        impl_->start_listening();
    });
}

std::vector<received_request> receiver::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::size_t receiver::count() const {
    std::lock_guard lock(mutex_);
    return requests_.size();
}

std::size_t receiver::failed_handshakes() const {
    std::lock_guard lock(mutex_);
    return failed_handshakes_;
}

std::string receiver::last_handshake_error() const {
    std::lock_guard lock(mutex_);
    return last_handshake_error_;
}

bool receiver::wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
}

}  // namespace crossclaim::testing
