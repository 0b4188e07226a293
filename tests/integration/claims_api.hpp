#pragma once
// Claims API calls shared by the integration tests: the sample report varied, a claim
// reported and a party's status moved through the real API. Each call REQUIREs the answer
// the test relies on, so it must be called from a running test case.

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

namespace crossclaim::testing {

/// The sample body (tests/unit/gateway/claim_samples.hpp: A = PICC from Tianshui rear-ends
/// B = PAIC in Longnan) with another external_ref, A's and B's insurers and estimated losses.
std::string claim_body(const std::string& external_ref, const std::string& insurer_a = "PICC",
                       const std::string& insurer_b = "PAIC", const std::string& loss_a = "500.00",
                       const std::string& loss_b = "1800.00");

/// POST /v1/claims of `body` (empty: claim_body(external_ref)); REQUIREs 201 and returns
/// the claim id.
std::string post_claim(int port, const client_cert& cert, const test_pki& pki,
                       const std::string& external_ref, const std::string& body = "");

/// Now in Asia/Shanghai as RFC 3339.
std::string now_rfc3339();

/// POST /v1/claims/{claim_id}/events moving `party` to `status` now, with `amount` when
/// given; REQUIREs 200.
void post_status(int port, const client_cert& cert, const test_pki& pki,
                 const std::string& claim_id, const std::string& party, const std::string& status,
                 const std::string& amount = "");

/// A load of claims for fault tests: `clients` threads submit claim_body of
/// "<prefix>-<client>-<n>" to `port` until stop(), each reference ending acknowledged (201)
/// or unanswered (any other answer, or none). After an unanswered one a client waits `pause`
/// before its next claim. Safe off the test thread: it makes no assertions.
class intake_load {
  public:
    using clock = std::chrono::steady_clock;
    intake_load(int port, const client_cert& cert, const test_pki& pki, const std::string& prefix,
                int clients = 4, std::chrono::milliseconds pause = std::chrono::milliseconds(0));
    ~intake_load();
    intake_load(const intake_load&) = delete;
    intake_load& operator=(const intake_load&) = delete;

    /// Ends the load: every client finishes its claim in flight.
    void stop();
    std::size_t acknowledged_count() const;
    /// When the first claim acknowledged after `t` was, if one was.
    std::optional<clock::time_point> first_acknowledged_after(clock::time_point t) const;
    std::set<std::string> acknowledged() const;
    std::set<std::string> unanswered() const;
    /// How many of the unanswered claims were sent after `t`.
    std::size_t unanswered_sent_after(clock::time_point t) const;

  private:
    mutable std::mutex m_;
    std::set<std::string> acknowledged_, unanswered_;
    std::vector<clock::time_point> acknowledged_at_, unanswered_sent_at_;
    std::atomic<bool> stop_{false};
    std::vector<std::thread> clients_;
};

}  // namespace crossclaim::testing
