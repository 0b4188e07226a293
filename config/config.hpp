#pragma once
// The gateway's configuration: parsed and validated once at start-up into immutable plain
// structs. Every problem of a file is reported at once, with its file:line.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/phone.hpp"
#include "domain/sla.hpp"
#include "domain/zone.hpp"
#include "fast_settle/rulebook.hpp"
#include "fraud/rule_settings.hpp"

namespace crossclaim::config {

/// "host:port"; port 0 asks the system for a free one.
struct endpoint {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
};

struct tls_files {
    std::string cert;  ///< server certificate (PEM)
    std::string key;   ///< its private key (PEM)
    std::string ca;    ///< CA that signs client certificates (PEM)
    std::string crl;   ///< the CA's revocation list (PEM); empty: revocation is not checked
};

struct server_settings {
    endpoint api{"127.0.0.1", 8443};
    endpoint console{"127.0.0.1", 8444};
    int io_threads = 2;
    std::chrono::milliseconds handshake_timeout{10'000};
    std::chrono::milliseconds read_timeout{30'000};  ///< also the keep-alive idle limit
    std::chrono::milliseconds write_timeout{30'000};
    std::chrono::milliseconds drain_timeout{10'000};  ///< bound on finishing in-flight work at stop
    std::size_t header_limit = 16 * 1024;
    std::size_t body_limit = 1024 * 1024;
    /// Every connection starts with a PROXY v2 header (behind HAProxy in TCP mode): the
    /// client's address comes from it; a connection without one is closed.
    bool proxy_protocol = false;
};

struct database_settings {
    std::string url;  ///< libpq URI; empty until the environment or file gives one
    /// Optional: a standby's libpq URI; reports and lead lists read there (docs/scaling.md).
    std::string replica_url;
    int pool_size = 4;
    /// Requests waiting for the database beyond this get 503: queued for the pool, or sent
    /// on an I/O thread's pipelined connection (storage/pipeline.hpp) and not yet answered.
    std::size_t queue_limit = 512;
    int connect_timeout_seconds = 3;
    int retry_after_seconds = 5;  ///< told to callers while the database is down
};

/// One branch's delivery settings.
struct delivery_settings {
    std::string adapter = "pull";  ///< a name of adapters/registry.cpp
    std::string url;               ///< for webhooks: https://…
    std::string secret;            ///< HMAC key for the signature header
    std::string client_cert;       ///< optional: mutual TLS towards the receiver
    std::string client_key;
    std::string ca;  ///< CA to verify the receiver; empty: the system's
};

struct delivery_tuning {
    int workers = 2;
    int max_attempts = 8;
    std::chrono::milliseconds first_backoff{1'000};
    std::chrono::milliseconds max_backoff{300'000};
    std::chrono::milliseconds request_timeout{10'000};
    std::chrono::milliseconds poll_interval{500};  ///< how often idle workers look for work
    /// A month of the outbox is dropped once it ended this many months ago and every event in
    /// it has been delivered or acknowledged (storage/retention_store.hpp).
    int outbox_retention_months = 6;
};

/// How long the zone keeps claims (storage/retention_store.hpp).
struct claim_settings {
    /// A month of claims is dropped, with every row of its claims, once it ended this many
    /// years ago; 0 keeps claims for ever. When set, at least `[fraud] retention_years`, so
    /// that a claim leaves the fraud pool before it goes.
    int retention_years = 0;
};

struct sla_settings {
    std::chrono::milliseconds scan_interval{30'000};  ///< how often overdue stages are looked for
};

/// The association's reports.
struct report_settings {
    /// How often days whose facts changed are rolled up again (0006_report_rollups.sql).
    std::chrono::milliseconds rollup_interval{60'000};
};

/// The fraud pool: its rule set, retention, rewards and background work.
struct fraud_settings {
    fraud::rule_settings rules;
    int retention_years = 5;  ///< pooled identifiers and closed leads older than this are purged
    int reward_share_basis_points = 1'000;  ///< of a confirmed amount, to the reporting adjuster
    int screening_workers = 1;              ///< per gateway instance
    std::chrono::milliseconds screening_poll{200};  ///< how often idle workers look for work
    std::chrono::milliseconds key_refresh{5'000};   ///< how often data keys are re-read
    std::chrono::milliseconds purge_interval{3'600'000};
};

/// The browser console: its static files, sessions and login lockout.
struct console_settings {
    std::string static_dir;  ///< the console's files (the console/ folder); empty: none served
    std::string echarts;     ///< echarts.min.js, served as /console/vendor/echarts.min.js
    std::string swagger_ui;  ///< swagger-ui-dist's folder: the /docs/ page draws the API with it
    std::chrono::minutes idle_timeout{30};  ///< a session unused this long has ended
    int max_failed_logins = 5;              ///< wrong passwords in a row that lock a login
    std::chrono::minutes lockout{15};       ///< how long a locked login stays locked
};

/// A token bucket: `burst` requests at once, refilled at `per_second`.
struct rate_limit {
    int per_second = 500;
    int burst = 1'000;
};

/// How many requests each member or organisation may make on the API listener, per gateway
/// instance. Beyond it: 429 with Retry-After.
struct rate_limit_settings {
    rate_limit standard;                          ///< for everyone not named below
    std::map<std::string, rate_limit> by_member;  ///< by member or organisation code
};

/// Everything `serve` needs, immutable after `load`.
struct settings {
    std::string source;  ///< the file it came from
    server_settings server;
    tls_files tls;
    database_settings database;
    std::string pool_key;  ///< fraud-pool hashing/encryption secret
    config::fraud_settings fraud;
    domain::zone zone;
    fast_settle::rulebook rulebook;
    domain::work_calendar calendar;
    std::map<std::string, delivery_settings> delivery;  ///< by branch code
    config::delivery_tuning delivery_tuning;
    claim_settings claims;
    sla_settings sla;
    report_settings reports;
    console_settings console;
    rate_limit_settings rate_limits;
};

/// The outcome of loading: settings, or every problem found ("file:line:col: key: reason").
struct load_result {
    std::optional<settings> value;
    std::vector<std::string> errors;
};

/// Environment variables that override the file (API.md, "Programs and set-up").
using environment = std::map<std::string, std::string>;

/// Reads the process environment's CROSSCLAIM_* variables.
environment process_environment();

/// Parses and validates `path` (and the files it names), then applies `env`.
load_result load(const std::string& path, const environment& env);

/// Reads a fraud rule-set file (like config/fraud.toml) on its own, for backtests.
void load_rule_file(const std::string& path, fraud::rule_settings& out,
                    std::vector<std::string>& errors);

/// The default config file: `config/crossclaim.toml` of the source tree, as built in.
std::string default_path();

/// Parses "host:port".
std::optional<endpoint> parse_endpoint(std::string_view text);

}  // namespace crossclaim::config
