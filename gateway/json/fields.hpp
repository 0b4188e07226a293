#pragma once
// The wire form of the small insurer request bodies: status changes, assists and inbox
// acknowledgements. Boost.JSON stays inside fields.cpp so that handlers and tests including
// this header see only domain types and strings.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/lifecycle.hpp"
#include "domain/money.hpp"
#include "domain/time.hpp"
#include "gateway/http_types.hpp"

namespace crossclaim::gateway::json {

/// POST /v1/claims/{id}/events body.
struct status_change {
    std::string party;
    domain::claim_status status;
    domain::instant at;
    std::optional<domain::money> amount;
    std::optional<domain::payment_method> method;
    std::optional<std::string> reason;
};

/// A decoded body: the value when it was valid, otherwise every problem found.
template <class T>
struct decoded {
    bool malformed = false;           ///< not JSON at all (400)
    std::optional<T> value;           ///< set when there are no errors
    std::vector<field_error> errors;  ///< every problem, with JSON pointer paths (422)
};

/// Decodes and validates a status change; never throws for any input.
decoded<status_change> decode_status_change(std::string_view body);

/// POST /v1/assists body.
struct assist {
    std::string adjuster_id;
    std::string claim_id;
    std::vector<std::string> services;
    domain::instant at;
};

/// Decodes and validates an assist; never throws for any input.
decoded<assist> decode_assist(std::string_view body);

/// POST /v1/deliveries/replay body: which dead letters to re-queue (empty: any).
struct replay_request {
    std::string event_id;
    std::string branch;
};
decoded<replay_request> decode_replay(std::string_view body);

/// PATCH /v1/leads/{id} body: any of status, assignee, note, confirmed_amount.
struct lead_change {
    std::optional<std::string> status, assignee, note;
    std::optional<domain::money> confirmed_amount;
};
decoded<lead_change> decode_lead_change(std::string_view body);

/// POST /v1/fraud/reports body; identifiers normalised and validated.
struct fraud_report_body {
    std::string adjuster_id;
    std::optional<std::string> claim_id;
    std::vector<std::string> plates, id_numbers, phones;
    std::string note;
    std::vector<std::string> evidence;
};
decoded<fraud_report_body> decode_fraud_report(std::string_view body);

/// POST /console/api/login body.
struct login_body {
    std::string name, password;
};
decoded<login_body> decode_login(std::string_view body);

/// POST /v1/inbox/ack body: {"up_to": "123"} (string or integer cursor).
decoded<long long> decode_inbox_ack(std::string_view body);

}  // namespace crossclaim::gateway::json
