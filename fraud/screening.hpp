#pragma once
// What the fraud rules see and what they say. The rules are pure: storage looks up the
// candidates (index range scans on identifier kind, keyed hash and time) and the maintained
// counts, hands them over in a `screening_input`, and the rules only compare. No identifier
// here is readable: every value is a keyed hash made by the privacy module.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/money.hpp"
#include "domain/time.hpp"

namespace crossclaim::fraud {

/// Kinds of pooled identifiers. Their names are part of the contract (API.md, entities).
enum class id_kind { plate, vin, id_number, phone, account, shop, evidence };

/// "plate", "vin", "id_number", "phone", "account", "shop", "evidence".
std::string_view to_string(id_kind k);
/// The kind named so, or nullopt.
std::optional<id_kind> id_kind_from(std::string_view name);

/// One party of a claim as the pool sees it: hashes only. An absent identifier is "".
struct pooled_party {
    std::string role;     ///< "A", "B", …
    std::string insurer;  ///< the party's insurer (member code)
    std::string vehicle;  ///< hash of the VIN, else of the plate: the vehicle's identity
    std::string plate;    ///< hash of the plate
    std::string vin;      ///< hash of the VIN
    std::string driver;   ///< hash of the driver's ID number
    std::string phone;    ///< hash of the driver's phone
    std::string account;  ///< hash of the payee account, "" when not given
    std::string shop;     ///< hash of the repair shop's credit code, "" when not given
    domain::money estimated_loss;
    std::vector<int> situations;
    /// Start and end days of the party's covers (compulsory and commercial TPL), local dates.
    std::vector<std::pair<domain::date, domain::date>> policy_periods;
};

/// The claim being screened.
struct pooled_claim {
    std::string claim_id;
    std::string member;  ///< the submitting member
    domain::instant occurred_at;
    std::vector<pooled_party> parties;
    std::vector<std::string> evidence;  ///< hashes of the photo/video hashes
};

/// Another claim of the pool that shares an identifier with the one being screened, as one
/// row per (other claim, party): what storage's range scans return.
struct pool_match {
    std::string claim_id;
    std::string member;  ///< the member that submitted the other claim
    domain::instant occurred_at;
    std::string role;  ///< the other claim's party this row describes
    std::string vehicle, driver, phone;
    std::vector<std::string> evidence;  ///< the other claim's evidence hashes that matched
};

/// A maintained per-situation loss statistic (no scan of the pool per claim).
struct loss_stats {
    int samples = 0;
    domain::money median;
};

/// Everything the rules need about one claim, gathered by storage.
struct screening_input {
    pooled_claim claim;
    /// Other claims sharing a vehicle, driver, phone or evidence hash with this one, within
    /// the widest window any rule uses (before and after the accident).
    std::vector<pool_match> matches;
    /// Per situation code: the pool's loss statistics before this claim.
    std::map<int, loss_stats> losses;
    /// Per phone hash of this claim: how many different people (ID hashes) use it, this
    /// claim's driver included.
    std::map<std::string, int> people_per_phone;
    /// Per shop hash of this claim: how many other claims at that shop were flagged.
    std::map<std::string, int> flagged_claims_per_shop;
};

/// One piece of evidence: which claims matched on which identifier kind, and when.
struct evidence_item {
    std::string claim_id;
    id_kind kind;
    std::string hash;  ///< the identifier's keyed hash, for the lead's entities
    domain::instant occurred_at;
};

/// A rule that fired.
struct rule_hit {
    std::string code;                 ///< "FREQUENT_VEHICLE", …
    int weight = 0;                   ///< from config
    std::vector<std::string> claims;  ///< the claims that hit together, this one first
    std::vector<evidence_item> evidence;
    std::string explanation;  ///< one English sentence with the figures, no identifier
};

}  // namespace crossclaim::fraud
