#pragma once
// The lifecycle of one party's claim. The transition table lives in lifecycle.cpp and is
// the only place that decides which status change a member may post.

#include <optional>
#include <string_view>
#include <vector>

namespace crossclaim::domain {

/// Where one party's claim stands.
enum class claim_status {
    reported,
    routed,
    accepted,
    surveyed,
    assessed,
    documents_complete,
    approved,
    paid,
    closed,
    rejected,
    withdrawn,
    disputed,
};

/// "REPORTED", "DOCUMENTS_COMPLETE", …: the wire name.
std::string_view to_string(claim_status s);
/// The status with that wire name (exact, upper case), or nullopt.
std::optional<claim_status> parse_claim_status(std::string_view text);
/// Every status, in declaration order.
std::vector<claim_status> all_claim_statuses();

/// How a claim was paid.
enum class payment_method { bank_transfer, check, cash, e_payment };

/// "BANK_TRANSFER", "CHECK", "CASH" or "E_PAYMENT".
std::string_view to_string(payment_method m);
/// The method with that wire name (exact, upper case), or nullopt.
std::optional<payment_method> parse_payment_method(std::string_view text);

/// True when a claim in `from` may move to `to`; every other change is refused.
bool can_transition(claim_status from, claim_status to);

}  // namespace crossclaim::domain
