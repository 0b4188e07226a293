#pragma once
// The connections of crossclaim-load: each on its own strand, HTTPS with a client
// certificate, one request at a time, either as fast as answers come (closed loop) or on a
// fixed schedule with latency from the intended start (open loop, so a slow answer cannot
// hide the requests that queued behind it).

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "bench/load/histogram.hpp"
#include "bench/load/workload.hpp"

namespace crossclaim::bench::load {

/// How to load the gateway.
struct run_plan {
    std::string host = "127.0.0.1";  ///< a loopback address literal
    std::uint16_t port = 0;
    int connections = 8;
    int threads = 1;
    std::chrono::milliseconds warmup{1'000};  ///< requests started in it are not counted
    std::chrono::milliseconds duration{10'000};
    std::optional<double> rate;   ///< total requests per second (open loop); none: closed loop
    bool new_connection = false;  ///< a fresh TCP connection and full handshake per request
    std::chrono::milliseconds timeout{10'000};  ///< per request, connecting included
    /// After warmup + duration, how long in-flight requests may still finish; those that do
    /// not are cut off and count as timeouts.
    std::chrono::milliseconds grace{5'000};
    /// Called with every answer (status, body), from any connection's strand at once.
    std::function<void(int, const std::string&)> on_answer;
};

/// What was counted: requests started after the warm-up and before the end.
struct tally {
    std::uint64_t requests = 0;  ///< answered or failed
    std::uint64_t ok = 0;        ///< answered 2xx
    std::map<int, std::uint64_t> statuses;
    std::map<std::string, std::uint64_t> transport_errors;  ///< by kind: connect, timeout, …
    std::map<std::string, std::string> error_examples;      ///< the first message of each kind
    histogram latency;  ///< µs, of ok answers; open loop: from the intended start
    std::chrono::microseconds max_send_lag{0};  ///< open loop: latest send after its schedule
    std::chrono::steady_clock::time_point last_done{};  ///< when the last counted one ended

    std::uint64_t transport_error_count() const;
    void merge(const tally& other);
};

/// The outcome of a run.
struct run_result {
    tally counted;
    /// From the end of the warm-up to the end of the window (or to when the workload ran
    /// out), or to the last counted answer if that came later: an open loop that fell behind
    /// its schedule sends its last requests after the window, and ok/s must say so.
    double measured_seconds = 0;
    bool ran_out = false;  ///< the workload had no request left before the end
};

/// A client TLS context from PEM files (TLS 1.2 at least, the server verified against `ca`,
/// no session resumption), or the problem, naming the option it came from.
struct tls_setup {
    std::unique_ptr<boost::asio::ssl::context> context;
    std::string error;
};
tls_setup client_tls(const std::string& cert, const std::string& key, const std::string& ca);

/// The organisation (O) of a PEM certificate's subject, or "" when it cannot be read.
std::string certificate_organisation(const std::string& pem_file);

/// Runs `plan` with `work` and returns once every connection has finished: by warmup +
/// duration + grace at the latest.
run_result run(const run_plan& plan, boost::asio::ssl::context& tls, workload& work);

}  // namespace crossclaim::bench::load
