#pragma once
// Delivery settings for integration tests: the demo config with a member's branches switched
// to push (to a test receiver) or pull, and retries fast enough for a test to watch.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness.hpp"
#include "receiver.hpp"

namespace crossclaim::testing {

// --- config edits ----------------------------------------------------------------------------

inline const std::string demo_branch_line =
    R"(branch = [{ region = "621200", adapter = "pull" }, { region = "620500", adapter = "pull" }])";

inline std::string pull(const std::string& region) {
    return R"({ region = ")" + region + R"(", adapter = "pull" })";
}

// A push branch to `rx`; with `presents`, it offers that client certificate (mutual TLS).
inline std::string push(const std::string& region, const std::string& adapter, const receiver& rx,
                 const std::string& secret, const test_pki& pki,
                 const std::optional<client_cert>& presents = std::nullopt) {
    std::string mtls;
    if (presents)
        mtls = R"(, client_cert = ")" + presents->cert + R"(", client_key = ")" + presents->key +
               R"(")";
    return R"({ region = ")" + region + R"(", adapter = ")" + adapter + R"(", url = ")" + rx.url() +
           R"(", secret = ")" + secret + R"(", ca = ")" + pki.ca() + R"(")" + mtls + " }";
}

// Replaces a demo member's two pull branches (Longnan 621200, Tianshui 620500).
inline std::pair<std::string, std::string> branches(const std::string& member_name,
                                             const std::string& longnan,
                                             const std::string& tianshui) {
    return {"name = \"" + member_name + "\"\n" + demo_branch_line,
            "name = \"" + member_name + "\"\nbranch = [" + longnan + ", " + tianshui + "]"};
}

inline const std::string picc = "PICC Property and Casualty";
inline const std::string paic = "Ping An Property & Casualty";

struct timings {
    int max_attempts = 8;
    int request_timeout_ms = 2000;
    int workers = 2;
};

// Fast retries so that a test sees several tries within a second.
inline gateway_process::options gateway_options(const test_pki& pki, const std::string& db_url,
                                         std::vector<std::pair<std::string, std::string>> edits,
                                         timings t = {}) {
    // The harness refuses an edit that changes nothing, so the demo's values are left alone.
    if (t.workers != 2) edits.push_back({"workers = 2", "workers = " + std::to_string(t.workers)});
    if (t.max_attempts != 8)
        edits.push_back({"max_attempts = 8", "max_attempts = " + std::to_string(t.max_attempts)});
    edits.push_back({"first_backoff_ms = 1000", "first_backoff_ms = 100"});
    edits.push_back({"max_backoff_ms = 300000", "max_backoff_ms = 400"});
    edits.push_back({"request_timeout_ms = 10000",
                     "request_timeout_ms = " + std::to_string(t.request_timeout_ms)});
    edits.push_back({"poll_interval_ms = 500", "poll_interval_ms = 50"});
    gateway_process::options o;
    o.db_url = db_url;
    o.pki = &pki;
    o.replace = std::move(edits);
    return o;
}

// PICC's Longnan branch pushes JSON to `rx`, its Tianshui branch pulls.
inline gateway_process::options picc_longnan_webhook(const test_pki& pki, const std::string& db_url,
                                              const receiver& rx, timings t = {}) {
    return gateway_options(
        pki, db_url,
        {branches(picc, push("621200", "json_webhook", rx, "picc-longnan-secret-0001", pki),
                  pull("620500"))},
        t);
}

}  // namespace crossclaim::testing
