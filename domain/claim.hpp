#pragma once
// An accident report as the domain sees it: already decoded and validated, no JSON here.

#include <optional>
#include <string>
#include <vector>

#include "domain/money.hpp"
#include "domain/time.hpp"

namespace crossclaim::domain {

/// One cover of a policy with its period (local dates, both days included).
struct cover {
    std::string number;
    date start;
    date end;

    /// True when the accident's local day lies within [start, end].
    bool in_force_at(instant t) const;
};

/// Commercial third-party liability cover with its insured amount.
struct tpl_cover : cover {
    money amount;
};

/// The party's motor policy.
struct policy {
    std::string insurer;  ///< member code of the underwriting insurer
    std::string region;   ///< prefecture code where it was underwritten
    std::optional<cover> compulsory;
    std::optional<tpl_cover> commercial_tpl;
    bool own_damage = false;  ///< has own-damage cover (车损险)
};

struct vehicle {
    std::string plate;
    std::string vin;
    bool drivable = true;
};

struct person {
    std::string name;
    std::string id_number;
    std::string phone;
};

struct evidence {
    std::string kind;    ///< "photo" or "video"
    std::string sha256;  ///< lower-case hex
    std::optional<instant> taken_at;
};

/// The repair shop a party's vehicle goes to.
struct repair_shop {
    std::string name;
    std::string credit_code;  ///< GB 32100 unified social credit code
};

/// One vehicle's party to the accident.
struct party {
    std::string role;  ///< "A", "B", …
    domain::vehicle vehicle;
    person driver;
    domain::policy policy;
    money estimated_loss;
    std::vector<domain::evidence> evidence;
    std::vector<int> situations;  ///< accident situations this party ticked (its own conduct)
    std::optional<domain::repair_shop> repair_shop;
    std::string payee_account;  ///< digits; empty when not given
};

struct accident {
    instant occurred_at;
    std::string region;  ///< prefecture where it happened
    std::string county;
    std::string location;
    bool injuries = false;
    bool external_property_damage = false;
    std::string description;
};

/// A reported accident with all its parties.
struct claim {
    std::string external_ref;
    domain::accident accident;
    std::vector<party> parties;

    /// The party with that role, or nullptr.
    const party* find_party(std::string_view role) const;
};

}  // namespace crossclaim::domain
