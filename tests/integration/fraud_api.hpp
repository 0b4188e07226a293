#pragma once
// Helpers of the fraud-pool integration tests: claims with identities of the test's own
// choosing (every identifier valid), and waiting for screening.

#include <boost/json.hpp>
#include <string>

#include "harness.hpp"

namespace crossclaim::testing {

/// A party's identity: each value valid for its kind, made from `n` so tests can share or
/// separate them at will.
struct identity {
    std::string plate, vin, id_number, phone;
};
identity identity_of(int n);

/// A photo's SHA-256, made from `n`.
std::string photo_of(int n);

/// The sample body with A's and B's identities, photos, accident time and member replaced.
struct claim_spec {
    std::string external_ref;
    identity a, b;
    std::string photo_a, photo_b;
    std::string occurred_at = "2026-11-20T08:15:00+08:00";
    std::string insurer_a = "PICC", insurer_b = "PAIC";
};
std::string claim_body_of(const claim_spec& s);

struct pool_gateway;

/// Four claims of one vehicle (party A, identity `base`) with four different other parties,
/// 30 days apart, by two members: FREQUENT_VEHICLE (more than 3 in 180 days). Their ids.
std::vector<std::string> plant_frequent_vehicle(pool_gateway& g, int base);

/// A gateway with an insurer, a second insurer and an investigator certificate.
struct pool_gateway {
    explicit pool_gateway(std::vector<std::pair<std::string, std::string>> replace = {});
    test_pki pki;
    test_database db;
    gateway_process gw;
    client_cert picc, paic, investigator;

    /// POST /v1/claims as `cert`; REQUIREs 201; the claim id.
    std::string post(const claim_spec& s, const client_cert& cert);
    /// Waits until the screening queue is empty (REQUIREs it within 20 s).
    void screened();
    /// GET as the investigator; REQUIREs `status`; the parsed body.
    boost::json::value get(const std::string& target, int status = 200);
    /// A SQL query's first column of the first row on the test database, as text.
    std::string sql(const std::string& query);
};

}  // namespace crossclaim::testing
