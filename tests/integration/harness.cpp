#include "harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace crossclaim::testing {
namespace {

namespace fs = std::filesystem;
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

// The shared test cluster: started once (scripts/pg.sh is idempotent and locked), stopped
// by the CTest fixture after the last test. Its port is in test-pg/port.

std::string shared_cluster_dir() { return std::string(CROSSCLAIM_BUILD_DIR) + "/test-pg"; }

std::string random_suffix() {
    static std::mt19937_64 rng{std::random_device{}()};
    static std::mutex m;
    std::lock_guard lock(m);
    std::ostringstream out;
    out << std::hex << rng();
    return out.str();
}

pid_t spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
            const std::string& log) {
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        // A test process that dies (an abort, a time-out) takes its gateways with it.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
        if (!log.empty()) {
            const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (fd >= 0) {
                dup2(fd, 1);
                dup2(fd, 2);
                close(fd);
            }
        }
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    return pid;
}

// The shared cluster's URL for database `db`, once its port file is written.
std::string shared_cluster_url(const std::string& db) {
    return "postgresql://crossclaim@127.0.0.1:" +
           std::to_string(std::stoi(read_file(shared_cluster_dir() + "/port"))) + "/" + db;
}

// Starts the shared cluster once per process, unless it already answers (the CTest fixture
// has started it); scripts/pg.sh is idempotent and locked, so parallel test processes may all
// call it.
void start_shared_cluster() {
    try {
        pqxx::connection answers(shared_cluster_url("postgres"));
        return;
    } catch (const std::exception&) {
        // No port file yet, or nothing listening on it: start it.
    }
    setenv("PG_FAST_UNSAFE", "1", 1);
    const std::string log = shared_cluster_dir() + ".start.log";
    const std::vector<std::string> argv = {"/bin/bash",
                                           std::string(CROSSCLAIM_SOURCE_DIR) + "/scripts/pg.sh",
                                           "start", shared_cluster_dir()};
    const pid_t pid = spawn(argv, {}, log);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("could not start the test cluster: " + read_file(log));
}

}  // namespace

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto pos = text.find(from); pos != std::string::npos;
         pos = text.find(from, pos + to.size()))
        text.replace(pos, from.size(), to);
    return text;
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        if (done()) return true;
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string source_dir() { return CROSSCLAIM_SOURCE_DIR; }
// CROSSCLAIM_TEST_BINARY runs the suite against another build of the binary: scripts/sanitize.sh
// points it at the sanitizer build's.
std::string binary_path() {
    const char* other = std::getenv("CROSSCLAIM_TEST_BINARY");
    return other && *other ? other : CROSSCLAIM_BINARY;
}

temp_dir::temp_dir() {
    path_ = (fs::temp_directory_path() / ("crossclaim-test-" + random_suffix())).string();
    fs::create_directories(path_);
    // The private cluster runs as `postgres` when the tests run as root.
    fs::permissions(path_, fs::perms::all);
}

temp_dir::~temp_dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

int run(const std::vector<std::string>& argv, const std::string& log) {
    const pid_t pid = spawn(argv, {}, log);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int run_crossclaim(const test_database& db, const std::vector<std::string>& args,
                   const std::string& log) {
    std::vector<std::string> argv{"/usr/bin/env", "CROSSCLAIM_DB_URL=" + db.url(),
                                  "CROSSCLAIM_POOL_KEY=" + test_pool_key, binary_path()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, log);
}

test_pki::test_pki() {
    const std::string log = dir() + "/pki.log";
    if (run({binary_path(), "pki", "init", "--dir", dir()}, log) != 0)
        throw std::runtime_error("pki init failed: " + read_file(log));
}

client_cert test_pki::issue(const std::string& org, const std::string& role, const std::string& cn,
                            int days, int backdate) const {
    const std::string out = dir() + "/" + org + "-" + role + "-" + random_suffix();
    const std::string log = dir() + "/pki.log";
    if (run({binary_path(), "pki", "issue", "--dir", dir(), "--org", org, "--role", role, "--cn",
             cn, "--out", out, "--days", std::to_string(days), "--backdate",
             std::to_string(backdate)},
            log) != 0)
        throw std::runtime_error("pki issue failed: " + read_file(log));
    return {out + ".crt", out + ".key"};
}

private_cluster::private_cluster() : port_(free_port()) { start(); }
private_cluster::~private_cluster() { stop(); }

void private_cluster::start() {
    setenv("PG_FAST_UNSAFE", "1", 1);
    const std::string log = dir_.path() + "/pg.log";
    if (run({"/bin/bash", source_dir() + "/scripts/pg.sh", "start", dir_.path() + "/pg",
             std::to_string(port_)},
            log) != 0)
        throw std::runtime_error("private cluster did not start: " + read_file(log));
}

void private_cluster::stop() {
    run({"/bin/bash", source_dir() + "/scripts/pg.sh", "stop", dir_.path() + "/pg"},
        dir_.path() + "/pg.log");
}

void private_cluster::crash() {
    run({"/bin/bash", source_dir() + "/scripts/pg.sh", "stop", dir_.path() + "/pg", "immediate"},
        dir_.path() + "/pg.log");
}

std::string private_cluster::url() const {
    return "postgresql://crossclaim@127.0.0.1:" + std::to_string(port_) + "/crossclaim";
}

test_database::test_database() {
    static std::once_flag once;
    std::call_once(once, start_shared_cluster);
    admin_url_ = shared_cluster_url("postgres");
    name_ = "t_" + std::to_string(getpid()) + "_" + random_suffix();
    url_ = shared_cluster_url(name_);
    pqxx::connection c(admin_url_);
    pqxx::nontransaction n(c);
    n.exec0("CREATE DATABASE " + name_);
}

test_database::~test_database() {
    try {
        pqxx::connection c(admin_url_);
        pqxx::nontransaction n(c);
        n.exec0("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
        // A cluster already stopped takes its databases with it.
    }
}

gateway_process::gateway_process(const options& o) {
    const std::string ready = dir_.path() + "/ready";
    std::map<std::string, std::string> env = {
        {"CROSSCLAIM_DB_URL", o.db_url},
        {"CROSSCLAIM_LISTEN", "127.0.0.1:0"},
        {"CROSSCLAIM_CONSOLE_LISTEN", "127.0.0.1:0"},
        {"CROSSCLAIM_TLS_CERT", o.pki->dir() + "/server.crt"},
        {"CROSSCLAIM_TLS_KEY", o.pki->dir() + "/server.key"},
        {"CROSSCLAIM_TLS_CA", o.pki->ca()},
        {"CROSSCLAIM_TLS_CRL", o.pki->dir() + "/crl.pem"},
        {"CROSSCLAIM_POOL_KEY", test_pool_key},
    };
    for (const auto& [k, v] : o.env) env[k] = v;
    config_ = o.config.empty() ? source_dir() + "/config/crossclaim.toml" : o.config;
    if (!o.config_append.empty() || !o.replace.empty()) {
        std::string text = read_file(config_);
        // The copy lives elsewhere: name the data files by absolute path.
        text = replace_all(text, "\"situations.toml\"",
                           "\"" + source_dir() + "/config/situations.toml\"");
        for (const char* data : {"calendar.toml", "mobile_segments.toml", "fraud.toml"})
            text = replace_all(text, "\"" + std::string(data) + "\"",
                               "\"" + source_dir() + "/config/" + data + "\"");
        for (const char* data : {"console", "node_modules/echarts/dist/echarts.min.js",
                                 "node_modules/swagger-ui-dist"})
            text = replace_all(text, "\"../" + std::string(data) + "\"",
                               "\"" + source_dir() + "/" + data + "\"");
        for (const auto& [from, to] : o.replace) {
            const auto changed = replace_all(text, from, to);
            if (changed == text)
                throw std::runtime_error("config edit found nothing to replace: " + from);
            text = changed;
        }
        config_ = dir_.path() + "/crossclaim.toml";
        std::ofstream(config_) << text << "\n" << o.config_append << "\n";
    }
    pid_ = spawn({binary_path(), "serve", "--config", config_, "--ready-file", ready}, env,
                 o.log_path.empty() ? dir_.path() + "/serve.log" : o.log_path);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!fs::exists(ready)) {
        if (auto code = wait(std::chrono::milliseconds(0)))
            throw std::runtime_error("crossclaim serve exited with " + std::to_string(*code) +
                                     ":\n" + log());
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("crossclaim serve did not become ready:\n" + log());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::ifstream in(ready);
    std::string api, console;
    in >> api >> console;
    api_port_ = std::stoi(api.substr(api.rfind(':') + 1));
    console_port_ = std::stoi(console.substr(console.rfind(':') + 1));
}

gateway_process::~gateway_process() {
    // Stopped as an operator stops it, so that it writes out the log lines it holds (up to a
    // second's worth); killed if it does not stop.
    if (!exit_code_ && pid_ > 0) {
        kill(pid_, SIGTERM);
        if (!wait(std::chrono::seconds(5))) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    // Kept for the suite's last test, which scans every gateway's log for identifiers and
    // secrets (tests/integration/logs_hold_no_identifiers.sh).
    std::error_code ignored;
    const fs::path kept = fs::path(CROSSCLAIM_BUILD_DIR) / "test-logs";
    fs::create_directories(kept, ignored);
    // Named after its own folder, which no other gateway of any test process shares (a pid
    // may come round again in a long suite).
    fs::copy_file(dir_.path() + "/serve.log",
                  kept / ("serve-" + fs::path(dir_.path()).filename().string() + ".log"),
                  fs::copy_options::overwrite_existing, ignored);
}

void gateway_process::signal(int sig) { kill(pid_, sig); }

std::optional<int> gateway_process::wait(std::chrono::milliseconds limit) {
    if (exit_code_) return exit_code_;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return exit_code_;
        }
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

std::string gateway_process::log() const { return read_file(dir_.path() + "/serve.log"); }

namespace {

std::unique_ptr<ssl::context> client_context(const std::optional<client_cert>& cert,
                                             const std::string& ca) {
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
    ctx->load_verify_file(ca);
    ctx->set_verify_mode(ssl::verify_peer);
    if (cert) {
        ctx->use_certificate_chain_file(cert->cert);
        ctx->use_private_key_file(cert->key, ssl::context::pem);
    }
    return ctx;
}

// Connects to 127.0.0.1:port and completes the TLS handshake.
void connect_tls(ssl::stream<tcp::socket>& stream, int port) {
    stream.next_layer().connect(
        {net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
    stream.handshake(ssl::stream_base::client);
}

// A response as the tests read it: status, headers by lower-case name, body.
http_result result_of(http::response<http::string_body> res) {
    http_result out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.headers[name] = std::string(f.value());
    }
    out.body = std::move(res.body());
    return out;
}

// Every exchange of the suite is kept, one JSON line each, in BUILD/test-responses/<pid>.jsonl;
// after the last test tests/openapi/check_responses.mjs checks them against the OpenAPI
// document. Bodies are kept only when they are JSON.
void record(const std::string& method, const std::string& target, const http_result& r) {
    static std::mutex m;
    static const fs::path dir = fs::path(CROSSCLAIM_BUILD_DIR) / "test-responses";
    const auto type = r.header("content-type");
    boost::json::object line{{"method", method},
                             {"target", target},
                             {"status", r.status},
                             {"content_type", type},
                             {"body", type.find("json") != std::string::npos ? r.body : ""}};
    std::lock_guard lock(m);
    fs::create_directories(dir);
    std::ofstream(dir / (std::to_string(::getpid()) + ".jsonl"), std::ios::app)
        << boost::json::serialize(line) << "\n";
}

}  // namespace

http_result https(int port, const std::string& method, const std::string& target,
                  const std::optional<client_cert>& cert, const std::string& ca,
                  const std::string& body, const std::map<std::string, std::string>& headers) {
    net::io_context ioc;
    auto ctx = client_context(cert, ca);
    ssl::stream<tcp::socket> stream(ioc, *ctx);
    stream.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    boost::system::error_code ec;
    stream.next_layer().connect(
        {net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)}, ec);
    if (ec) throw std::runtime_error("connect: " + ec.message());
    stream.handshake(ssl::stream_base::client, ec);
    if (ec) throw std::runtime_error("handshake: " + ec.message());
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!body.empty()) req.set(http::field::content_type, "application/json");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req, ec);
    if (ec) throw std::runtime_error("write: " + ec.message());
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(stream, buffer, parser, ec);
    if (ec) throw std::runtime_error("read: " + ec.message());
    auto out = result_of(parser.release());
    stream.shutdown(ec);
    record(method, target, out);
    return out;
}

std::vector<http_result> https_keep_alive(int port, const std::vector<std::string>& targets,
                                          const client_cert& cert, const std::string& ca) {
    https_connection connection(port, cert, ca);
    std::vector<http_result> out;
    for (const auto& target : targets) out.push_back(connection.get(target));
    return out;
}

std::string https_raw(int port, const client_cert& cert, const std::string& ca,
                      const std::string& bytes, std::chrono::milliseconds quiet) {
    net::io_context ioc;
    auto ctx = client_context(cert, ca);
    ssl::stream<tcp::socket> stream(ioc, *ctx);
    connect_tls(stream, port);
    net::write(stream, net::buffer(bytes));
    // Reads until the server closes, or nothing more comes within `quiet`.
    std::string out;
    std::array<char, 4096> chunk;
    for (;;) {
        boost::system::error_code ec = net::error::would_block;
        std::size_t n = 0;
        stream.async_read_some(net::buffer(chunk), [&](boost::system::error_code e, std::size_t k) {
            ec = e;
            n = k;
        });
        ioc.restart();
        ioc.run_for(quiet);
        if (ec == net::error::would_block) break;  // silent: the server keeps the connection
        out.append(chunk.data(), n);
        if (ec) break;
    }
    return out;
}

std::chrono::milliseconds trickle(int port, const client_cert& cert, const std::string& ca,
                                  const std::string& head, const std::string& drip,
                                  std::chrono::milliseconds every,
                                  std::chrono::milliseconds limit) {
    net::io_context ioc;
    auto ctx = client_context(cert, ca);
    ssl::stream<tcp::socket> stream(ioc, *ctx);
    const auto start = std::chrono::steady_clock::now();
    const auto lived = [&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
    };
    connect_tls(stream, port);
    boost::system::error_code ec;
    net::write(stream, net::buffer(head), ec);
    for (std::size_t i = 0; !ec && lived() < limit; ++i) {
        // The server's FIN means it gave up on us (its session tickets, also readable after
        // a TLS 1.3 handshake, do not count).
        pollfd p{stream.next_layer().native_handle(), POLLRDHUP, 0};
        if (::poll(&p, 1, static_cast<int>(every.count())) > 0) break;
        net::write(stream, net::buffer(drip.substr(i % drip.size(), 1)), ec);
    }
    return lived();
}

struct https_connection::impl {
    net::io_context ioc;
    std::unique_ptr<ssl::context> ctx;
    ssl::stream<tcp::socket> stream;
    beast::flat_buffer buffer;
    impl(const client_cert& cert, const std::string& ca)
        : ctx(client_context(cert, ca)), stream(ioc, *ctx) {}
};

https_connection::https_connection(int port, const client_cert& cert, const std::string& ca)
    : impl_(std::make_unique<impl>(cert, ca)) {
    connect_tls(impl_->stream, port);
}

https_connection::~https_connection() = default;

int https_connection::local_port() const {
    return impl_->stream.next_layer().local_endpoint().port();
}

http_result https_connection::get(const std::string& target) {
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.keep_alive(true);
    http::write(impl_->stream, req);
    http::response<http::string_body> res;
    http::read(impl_->stream, impl_->buffer, res);
    auto out = result_of(std::move(res));
    record("GET", target, out);
    return out;
}

std::optional<std::string> refused(int port, const std::optional<client_cert>& cert,
                                   const std::string& ca) {
    try {
        https(port, "GET", "/healthz", cert, ca);
        return std::nullopt;
    } catch (const std::exception& e) {
        return std::string(e.what());
    }
}

long resident_bytes(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6)) * 1024;
    throw std::runtime_error("no VmRSS for process " + std::to_string(pid));
}

int open_fds(pid_t pid) {
    int n = 0;
    for ([[maybe_unused]] const auto& e :
         fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd"))
        ++n;
    return n;
}

int free_port() {
    net::io_context ioc;
    tcp::acceptor a(ioc, {net::ip::make_address("127.0.0.1"), 0});
    return a.local_endpoint().port();
}

bool port_open(int port) {
    net::io_context ioc;
    tcp::socket s(ioc);
    boost::system::error_code ec;
    s.connect({net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)}, ec);
    return !ec;
}

pid_t spawn_process(const std::vector<std::string>& argv, const std::string& log) {
    return spawn(argv, {}, log);
}

}  // namespace crossclaim::testing
