#pragma once
// Claims API calls shared by the integration tests: the sample report varied, a claim
// reported and a party's status moved through the real API. Each call REQUIREs the answer
// the test relies on, so it must be called from a running test case.

#include <string>

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

}  // namespace crossclaim::testing
