#pragma once
// Deterministic synthetic claims for the demo loader, tests and benchmarks. A seed gives the
// same stream of claims every time: a clean population whose identities never repeat (so it
// should trip no fraud rule), with planted fraud patterns spread through it at a low rate,
// each built to trip its rule under the default rule settings. Claims are made one at a
// time, in accident-time order, so a run of any length holds only a day's schedule and the
// few pattern claims still waiting for their time.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/claim.hpp"
#include "domain/time.hpp"
#include "domain/zone.hpp"

namespace crossclaim::generator {

/// What to generate.
struct options {
    std::uint64_t seed = 1;
    long long claims = 1000;  ///< how many claims in all, planted ones included
    domain::date first_day = domain::date{std::chrono::year{2026} / 6 / 1};  ///< local day
    int days = 180;  ///< accidents fall in [first_day, first_day + days)
};

/// One generated report and who submits it.
struct generated_claim {
    std::string member;      ///< the submitting member: usually party A's insurer
    domain::claim claim;     ///< valid against the zone the generator was given
    std::string planted;     ///< "" for the clean population, else a name of planted_patterns()
    long long instance = 0;  ///< 0 when clean, else the number of its pattern instance (1, 2, …)
};

/// The planted pattern names, in the order the generator first plants them: "ring",
/// "repeat_vehicle", "frequent_driver", "double_report", "same_id_48h", "recycled_photo",
/// "policy_edge", "night_single_large", "amount_outlier".
std::vector<std::string> planted_patterns();

/// The fraud rule code each planted pattern is built to trip (for "ring" the first of them,
/// REPEAT_PAIR; it also trips SHARED_PHONE, SHOP_CLUSTER and FREQUENT_VEHICLE).
std::string rule_of(const std::string& pattern);

/// A stream of claims for one zone: its regions, counties, members and mobile segments.
class claim_generator {
  public:
    /// The zone is copied; it needs at least one region and one member.
    claim_generator(const options& o, const domain::zone& zone);
    ~claim_generator();
    claim_generator(claim_generator&&) noexcept;
    claim_generator& operator=(claim_generator&&) noexcept;

    /// The next claim in accident-time order; nullopt once `claims` were made.
    std::optional<generated_claim> next();

  private:
    struct state;
    std::unique_ptr<state> state_;
};

}  // namespace crossclaim::generator
