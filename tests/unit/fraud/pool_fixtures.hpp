#pragma once
// What the fraud rule tests share: a screened claim with readable stand-ins for the keyed
// hashes ("vin-1", "id-1"), rows of other claims built from its parties, and lookups on hits.

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "domain/money.hpp"
#include "domain/time.hpp"
#include "fraud/rule_settings.hpp"
#include "fraud/screening.hpp"

namespace crossclaim::fraud_fixtures {

using fraud::id_kind;
using fraud::pool_match;
using fraud::pooled_party;
using fraud::rule_hit;
using fraud::screening_input;

inline domain::instant at(const char* rfc3339) { return *domain::parse_rfc3339(rfc3339); }
inline domain::date day(const char* text) { return *domain::parse_date(text); }

/// When the screened accident happened: Friday 2026-11-20 08:15 Shanghai time.
inline domain::instant accident_time() { return at("2026-11-20T08:15:00+08:00"); }

/// Party `role` with identifiers numbered `n`: vehicle "vin-n" (its VIN), driver "id-n",
/// phone "phone-n"; 1,000.00 loss in situation 1; a cover far from the accident's edges.
inline pooled_party party(const std::string& role, int n) {
    pooled_party p;
    p.role = role;
    p.insurer = "PICC";
    p.vin = "vin-" + std::to_string(n);
    p.plate = "plate-" + std::to_string(n);
    p.vehicle = p.vin;
    p.driver = "id-" + std::to_string(n);
    p.phone = "phone-" + std::to_string(n);
    p.estimated_loss = domain::yuan(1000);
    p.situations = {1};
    p.policy_periods = {{day("2026-03-01"), day("2027-02-28")}};
    return p;
}

/// Claim "c-0" of PICC at `accident_time()`, parties A (1) and B (2), evidence "ev-1", "ev-2";
/// nothing in the pool.
inline screening_input two_party_input() {
    screening_input in;
    in.claim.claim_id = "c-0";
    in.claim.member = "PICC";
    in.claim.occurred_at = accident_time();
    in.claim.parties = {party("A", 1), party("B", 2)};
    in.claim.evidence = {"ev-1", "ev-2"};
    return in;
}

/// The same claim with party A alone.
inline screening_input single_party_input() {
    auto in = two_party_input();
    in.claim.parties.pop_back();
    return in;
}

/// A row of another claim whose party has `like`'s vehicle, driver and phone.
inline pool_match row(const std::string& claim_id, domain::instant when, const pooled_party& like,
                      const std::string& member = "PICC") {
    pool_match m;
    m.claim_id = claim_id;
    m.member = member;
    m.occurred_at = when;
    m.role = "A";
    m.vehicle = like.vehicle;
    m.driver = like.driver;
    m.phone = like.phone;
    return m;
}

/// A row of another claim with exactly these identifiers.
inline pool_match row(const std::string& claim_id, domain::instant when, std::string vehicle,
                      std::string driver, std::string phone = "",
                      const std::string& member = "PICC") {
    pool_match m;
    m.claim_id = claim_id;
    m.member = member;
    m.occurred_at = when;
    m.role = "A";
    m.vehicle = std::move(vehicle);
    m.driver = std::move(driver);
    m.phone = std::move(phone);
    return m;
}

/// `accident_time()` moved by `d` (negative: before the accident).
inline domain::instant shifted(std::chrono::seconds d) { return accident_time() + d; }

using days = std::chrono::days;
using hours = std::chrono::hours;
using minutes = std::chrono::minutes;

/// True when the hit records that `claim_id` holds `hash` of `kind`, at that claim's time.
inline bool has_evidence(const rule_hit& h, const std::string& claim_id, id_kind kind,
                         const std::string& hash) {
    return std::any_of(h.evidence.begin(), h.evidence.end(), [&](const fraud::evidence_item& e) {
        return e.claim_id == claim_id && e.kind == kind && e.hash == hash;
    });
}

/// True when the explanation contains `text`.
inline bool explains(const rule_hit& h, const std::string& text) {
    return h.explanation.find(text) != std::string::npos;
}

using claim_ids = std::vector<std::string>;

}  // namespace crossclaim::fraud_fixtures
