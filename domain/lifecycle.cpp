#include "domain/lifecycle.hpp"

#include <array>
#include <utility>

namespace crossclaim::domain {
namespace {

using enum claim_status;

constexpr std::array<std::pair<claim_status, std::string_view>, 12> status_names = {{
    {reported, "REPORTED"},
    {routed, "ROUTED"},
    {accepted, "ACCEPTED"},
    {surveyed, "SURVEYED"},
    {assessed, "ASSESSED"},
    {documents_complete, "DOCUMENTS_COMPLETE"},
    {approved, "APPROVED"},
    {paid, "PAID"},
    {closed, "CLOSED"},
    {rejected, "REJECTED"},
    {withdrawn, "WITHDRAWN"},
    {disputed, "DISPUTED"},
}};

constexpr std::array<std::pair<payment_method, std::string_view>, 4> method_names = {{
    {payment_method::bank_transfer, "BANK_TRANSFER"},
    {payment_method::check, "CHECK"},
    {payment_method::cash, "CASH"},
    {payment_method::e_payment, "E_PAYMENT"},
}};

// Legal transitions. Rows are `from`, the list is every allowed `to`.
//
//   from                 | to
//   ---------------------+----------------------------------------------
//   REPORTED             | ROUTED, WITHDRAWN
//   ROUTED               | ACCEPTED, WITHDRAWN
//   ACCEPTED             | SURVEYED, REJECTED, WITHDRAWN
//   SURVEYED             | ASSESSED, REJECTED, WITHDRAWN
//   ASSESSED             | DOCUMENTS_COMPLETE, REJECTED, WITHDRAWN, DISPUTED
//   DOCUMENTS_COMPLETE   | APPROVED, REJECTED, WITHDRAWN
//   APPROVED             | PAID, REJECTED, DISPUTED
//   PAID                 | CLOSED, DISPUTED
//   REJECTED             | CLOSED, DISPUTED
//   DISPUTED             | APPROVED (agreement), REJECTED (upheld), CLOSED
//   CLOSED, WITHDRAWN    | — (terminal)
//
// A rejection is a decision on a claim the branch has accepted, so ROUTED cannot go
// straight to REJECTED; once paid, the remedy is a dispute, not a rejection. Withdrawal
// is the claimant's right until the insurer has approved. No status moves to itself:
// repeating a status is not a change.
constexpr std::array<std::pair<claim_status, claim_status>, 27> legal = {{
    {reported, routed},
    {routed, accepted},
    {accepted, surveyed},
    {surveyed, assessed},
    {assessed, documents_complete},
    {documents_complete, approved},
    {approved, paid},
    {paid, closed},

    {accepted, rejected},
    {surveyed, rejected},
    {assessed, rejected},
    {documents_complete, rejected},
    {approved, rejected},

    {reported, withdrawn},
    {routed, withdrawn},
    {accepted, withdrawn},
    {surveyed, withdrawn},
    {assessed, withdrawn},
    {documents_complete, withdrawn},

    {assessed, disputed},
    {approved, disputed},
    {rejected, disputed},
    {paid, disputed},

    {disputed, approved},
    {disputed, rejected},
    {disputed, closed},

    {rejected, closed},
}};

}  // namespace

std::string_view to_string(claim_status s) {
    for (const auto& [status, name] : status_names)
        if (status == s) return name;
    return "UNKNOWN";
}

std::optional<claim_status> parse_claim_status(std::string_view text) {
    for (const auto& [status, name] : status_names)
        if (name == text) return status;
    return std::nullopt;
}

std::vector<claim_status> all_claim_statuses() {
    std::vector<claim_status> out;
    for (const auto& entry : status_names) out.push_back(entry.first);
    return out;
}

std::string_view to_string(payment_method m) {
    for (const auto& [method, name] : method_names)
        if (method == m) return name;
    return "UNKNOWN";
}

std::optional<payment_method> parse_payment_method(std::string_view text) {
    for (const auto& [method, name] : method_names)
        if (name == text) return method;
    return std::nullopt;
}

bool can_transition(claim_status from, claim_status to) {
    for (const auto& [f, t] : legal)
        if (f == from && t == to) return true;
    return false;
}

}  // namespace crossclaim::domain
