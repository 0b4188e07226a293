#pragma once
// The data fast-settle decides with: the accident situation table and the money limits. Both
// come from config so that a change of the official list or of the compulsory limits is an
// edit of data, and every decision can name the table version it was made under.

#include <string>
#include <vector>

#include "domain/money.hpp"

namespace crossclaim::fast_settle {

/// One accident situation of the online fast-handling list.
struct situation {
    int code = 0;
    std::string zh;
    std::string en;
    bool listed = false;  ///< true for 1–20, which decide full liability; false for 21 and 99
};

/// The versioned situation table as loaded from config.
struct situation_table {
    std::string version;
    std::string sha256;  ///< of the config file's contents, filled in by the loader
    std::vector<situation> entries;

    /// The entry with that code, or nullptr when the table does not know it.
    const situation* find(int code) const;
};

/// Money limits of the scheme; the defaults are those of the shipped config.
struct limits {
    /// Most the two vehicles' estimated losses may add up to.
    domain::money threshold = domain::yuan(10000);
    /// Compulsory-insurance property limit of an at-fault party.
    domain::money compulsory_at_fault = domain::yuan(2000);
    /// Compulsory-insurance property limit of a not-at-fault party.
    domain::money compulsory_no_fault = domain::yuan(100);
    /// Most each vehicle's loss may be for mutual self-settlement.
    domain::money mutual_each_vehicle_max = domain::yuan(2000);
};

/// Everything fast-settle needs besides the claim and the zone.
struct rulebook {
    situation_table table;
    fast_settle::limits limits;
};

}  // namespace crossclaim::fast_settle
