#pragma once
// Fast-settle (快处易赔) and mutual self-settlement (互碰自赔) decisions for one reported
// accident. Pure: the same claim, zone and rulebook always give the same assessment, so a
// stored decision can be recomputed and explained later.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/claim.hpp"
#include "domain/money.hpp"
#include "domain/zone.hpp"
#include "fast_settle/rulebook.hpp"

namespace crossclaim::fast_settle {

/// The cover a payment line is paid from.
enum class coverage { compulsory_property, commercial_tpl, no_fault_proxy, own_damage };

/// The contract name of a coverage: "COMPULSORY_PROPERTY", "COMMERCIAL_TPL", ….
std::string_view to_string(coverage c);

/// One payment an insurer owes a party.
struct payment {
    std::string payer;                        ///< member code of the paying insurer
    std::optional<std::string> on_behalf_of;  ///< whose cover it is (无责代赔), else null
    std::string beneficiary;                  ///< party role, "A" or "B"
    fast_settle::coverage coverage = fast_settle::coverage::compulsory_property;
    domain::money amount;
};

/// An amount one insurer owes another because of this claim (the caller adds claim and day).
struct clearing_entry {
    std::string creditor;
    std::string debtor;
    domain::money amount;
};

/// The fast-settle decision, with what decided it.
struct decision {
    bool eligible = false;
    std::vector<std::string> reasons;  ///< failed condition codes, in DOMAIN.md order
    std::string table_version;
    std::string table_sha256;
    std::optional<std::map<std::string, int>> liability;  ///< {"A":100,"B":0} when decided
    std::string decided_by;  ///< "situation 1", "situations 1,5", "both parties at fault", …
    std::vector<payment> payments;         ///< only when eligible
    std::vector<clearing_entry> clearing;  ///< only when eligible
};

/// The mutual self-settlement decision.
struct mutual_decision {
    bool eligible = false;
    std::vector<std::string> reasons;  ///< failed condition codes
    std::vector<payment> payments;     ///< only when eligible
};

/// Both decisions for one claim, reported side by side.
struct assessment {
    decision fast_settle;
    mutual_decision mutual_self_settle;
};

/// Decides fast-settle and mutual self-settlement for a validated claim. No I/O.
assessment assess(const domain::claim& claim, const domain::zone& zone, const rulebook& rules);

}  // namespace crossclaim::fast_settle
