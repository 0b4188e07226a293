#pragma once
// Hermetic integration tests: a real PostgreSQL (started by scripts/pg.sh in a private
// folder), certificates made at test time by `crossclaim pki`, the real `crossclaim serve`
// on port 0, and real TLS clients.

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crossclaim::testing {

/// The pool secret every test gateway gets (tests scan logs for it).
inline const std::string test_pool_key = "test-pool-key-0123456789abcdef-0123456789";

/// A file's whole content ("" when it cannot be read).
std::string read_file(const std::string& path);

/// The source tree and the built binary.
std::string source_dir();
std::string binary_path();

/// A fresh folder, removed with everything in it at destruction.
class temp_dir {
  public:
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

/// Runs a command (argv), waits, returns its exit code; output goes to `log` when given.
int run(const std::vector<std::string>& argv, const std::string& log = "");

class test_database;
/// `crossclaim ARGS...` on `db` with the tests' pool key; its exit code. Output to `log`.
int run_crossclaim(const test_database& db, const std::vector<std::string>& args,
                   const std::string& log);

/// A client certificate pair on disk.
struct client_cert {
    std::string cert, key;
};

/// A CA made by `crossclaim pki init`, issuing client certificates with `pki issue`.
class test_pki {
  public:
    test_pki();
    const std::string& dir() const { return dir_.path(); }
    std::string ca() const { return dir() + "/ca.crt"; }
    /// Issues O=org, OU=role, CN=cn; `backdate` and `days` make expired ones.
    client_cert issue(const std::string& org, const std::string& role, const std::string& cn,
                      int days = 30, int backdate = 0) const;

  private:
    temp_dir dir_;
};

/// A PostgreSQL cluster of the test's own, for tests that stop and start it.
class private_cluster {
  public:
    private_cluster();
    ~private_cluster();
    void start();
    void stop();
    /// Stops it as a crash would: immediate mode, no checkpoint, WAL not yet written is lost.
    void crash();
    /// URL of its crossclaim database.
    std::string url() const;

  private:
    temp_dir dir_;
    int port_;
};

/// A database of its own in the shared test cluster, dropped at destruction.
class test_database {
  public:
    test_database();
    ~test_database();
    const std::string& url() const { return url_; }

  private:
    std::string admin_url_, name_, url_;
};

/// A running `crossclaim serve`.
class gateway_process {
  public:
    struct options {
        std::string db_url{};
        const test_pki* pki = nullptr;
        std::string config{};  ///< empty: the shipped demo config
        std::map<std::string, std::string> env{};
        /// Text to append to the demo config (e.g. `[sla]` tables or more members); when
        /// set, a copy of the demo config with `replace` applied and this appended is used.
        std::string config_append{};
        /// (find, replace) pairs applied to the demo config's text, in order.
        std::vector<std::pair<std::string, std::string>> replace{};
        /// Where its output goes (e.g. /dev/full); empty: serve.log in its own folder.
        std::string log_path{};
    };
    explicit gateway_process(const options& o);
    ~gateway_process();
    int api_port() const { return api_port_; }
    int console_port() const { return console_port_; }
    /// Sends a signal (SIGTERM by default).
    void signal(int sig);
    /// Waits for exit up to `limit`; the exit code, or nullopt if still running.
    std::optional<int> wait(std::chrono::milliseconds limit);
    /// The process's log so far.
    std::string log() const;
    /// The config file it was started with.
    const std::string& config() const { return config_; }
    /// Its process id, for reading /proc.
    pid_t pid() const { return pid_; }

  private:
    temp_dir dir_;
    std::string config_;
    pid_t pid_ = -1;
    int api_port_ = 0, console_port_ = 0;
    std::optional<int> exit_code_;
};

/// An HTTP exchange's outcome.
struct http_result {
    int status = 0;
    std::map<std::string, std::string> headers;  ///< lower-case names
    std::string body;
    /// A header's value ("" when absent); `name` in lower case.
    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string{} : it->second;
    }
};

/// One HTTPS request on a fresh connection. Throws std::runtime_error when the connection
/// or handshake fails (the message says which).
http_result https(int port, const std::string& method, const std::string& target,
                  const std::optional<client_cert>& cert, const std::string& ca,
                  const std::string& body = "",
                  const std::map<std::string, std::string>& headers = {});

/// Several GET requests on one kept-alive connection; throws when the server closes it.
std::vector<http_result> https_keep_alive(int port, const std::vector<std::string>& targets,
                                          const client_cert& cert, const std::string& ca);

/// Writes `bytes` as they are on a fresh TLS connection and returns everything the server
/// sends back until it closes or stays silent for `quiet`: for requests no client library
/// would make (conflicting framing, pipelining, HTTP/1.0).
std::string https_raw(int port, const client_cert& cert, const std::string& ca,
                      const std::string& bytes,
                      std::chrono::milliseconds quiet = std::chrono::milliseconds(1500));

/// A slow client: writes `head`, then one byte of `drip` every `every`, until the server
/// closes the connection or `limit` passes. Returns how long the connection lived.
std::chrono::milliseconds trickle(int port, const client_cert& cert, const std::string& ca,
                                  const std::string& head, const std::string& drip,
                                  std::chrono::milliseconds every,
                                  std::chrono::milliseconds limit);

/// One kept-alive HTTPS connection, for requests spread over time.
class https_connection {
  public:
    https_connection(int port, const client_cert& cert, const std::string& ca);
    ~https_connection();
    /// A GET on this connection; throws when the server has closed it.
    http_result get(const std::string& target);
    /// The connection's own port on 127.0.0.1.
    int local_port() const;

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// Performs only a TLS handshake plus one request; returns the error text when the server
/// refused the connection, nullopt when a response came back.
std::optional<std::string> refused(int port, const std::optional<client_cert>& cert,
                                   const std::string& ca);

/// A process's resident memory (VmRSS) in bytes.
long resident_bytes(pid_t pid);

/// How many file descriptors a process has open.
int open_fds(pid_t pid);

/// A free TCP port on 127.0.0.1 at the time of asking.
int free_port();

/// Whether something accepts TCP connections on 127.0.0.1:port.
bool port_open(int port);

/// Starts a program (argv) without waiting; its output goes to `log`. It dies with the test
/// process. The caller ends and reaps it.
pid_t spawn_process(const std::vector<std::string>& argv, const std::string& log);

/// `text` with every occurrence of `from` replaced by `to`, left to right; replaced text is
/// not searched again.
std::string replace_all(std::string text, const std::string& from, const std::string& to);

/// Polls `done` every 20 ms until it holds (true) or `limit` passes (false).
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit);

}  // namespace crossclaim::testing
