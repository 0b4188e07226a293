#pragma once
// The wire form of an accident report (POST /v1/claims, POST /v1/fast-settle/check) and of
// the decisions answered for it. Boost.JSON stays inside claim_json.cpp so that handlers and
// tests including this header see only domain types and strings.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/claim.hpp"
#include "domain/sla.hpp"
#include "domain/zone.hpp"
#include "fast_settle/engine.hpp"
#include "gateway/http_types.hpp"

namespace crossclaim::gateway::json {

/// The code of the single error reported for a body that is not JSON at all (answer 400).
inline constexpr std::string_view malformed_json_code = "MALFORMED_JSON";

/// A decoded report: the claim when the body was valid, otherwise every problem found.
struct decoded_claim {
    std::optional<domain::claim> claim;
    std::vector<field_error> errors;
    /// The body re-serialised without insignificant whitespace, set with `claim`: what is
    /// stored and hashed for idempotency.
    std::string normalized;
};

/// Decodes and validates a claim body against the zone; never throws for any input.
decoded_claim decode_claim(std::string_view body, const domain::zone& zone);

/// True when the body was not JSON (400), as opposed to JSON with invalid content (422).
bool is_malformed(const decoded_claim& decoded);

/// The POST /v1/claims body of `c` (API.md), the inverse of decode_claim: situations per
/// role, money as "1800.00", dates and RFC 3339 times, optional fields only when present.
std::string encode_claim(const domain::claim& c);

/// `{"fast_settle":{…},"mutual_self_settle":{…},"sla":{…}}` as in API.md; also the whole
/// answer of POST /v1/fast-settle/check.
std::string encode_assessment_fields(const fast_settle::assessment& a, domain::sla_tier tier,
                                     const std::vector<domain::deadline>& deadlines);

/// The members of JSON object text `outer` followed by those of `inner`, as one object text.
/// Both must be objects as this codec or Boost.JSON serializes them (no surrounding space).
std::string splice_objects(std::string_view outer, std::string_view inner);

}  // namespace crossclaim::gateway::json
