#pragma once
// The parts every generated claim is made of: fresh people and vehicles, policies, evidence,
// shops and losses, and the clean accidents they combine into. Internal to generator/: the
// clean population and the planted patterns (patterns.cpp) are both made from these, so a
// planted claim differs from a clean one only in what its pattern changes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/claim.hpp"
#include "domain/money.hpp"
#include "domain/time.hpp"
#include "domain/zone.hpp"
#include "generator/identities.hpp"
#include "generator/random.hpp"

namespace crossclaim::generator::detail {

/// Makes identities, policies and clean accidents for one zone from one seed.
class builder {
  public:
    /// The zone must outlive the builder.
    builder(std::uint64_t seed, const domain::zone& zone);

    /// The shared engine: every choice of the run is drawn from it, in order.
    rng& random() { return rng_; }

    /// A vehicle never made before, plated where `policy_region` is.
    domain::vehicle new_vehicle(const std::string& policy_region);
    /// A person never made before, with an ID number issued in `home_region`.
    domain::person new_person(const std::string& home_region);

    /// A member region, for an accident.
    std::string accident_region();
    /// Where a party's policy was underwritten: mostly the accident region, some in the
    /// zone's other regions (out of area), a few outside the zone.
    std::string policy_region(const std::string& accident_region);
    /// The members that underwrite in `region`: those with a branch there, or for a region
    /// outside the zone those with a branch in every zone region.
    std::vector<std::string> insurers_for(const std::string& region) const;
    /// One of insurers_for(region), weighted by market share, other than `avoid` if possible.
    std::string insurer(const std::string& region, const std::string& avoid = "");

    /// A policy whose covers are in force from more than 10 days before `first` to more than
    /// 10 days after `last` (at most 342 days apart).
    domain::policy policy(const std::string& insurer, const std::string& region, domain::date first,
                          domain::date last);
    /// A one-year policy whose covers both start on `start`.
    domain::policy policy_from(const std::string& insurer, const std::string& region,
                               domain::date start);

    /// One to three fresh photos or videos taken at the scene shortly after `t`.
    std::vector<domain::evidence> evidence(domain::instant t);
    /// A shop of the large clean set in `region`: it would take many flagged claims to cluster.
    domain::repair_shop shop(const std::string& region);
    /// A shop never handed out before, in `region`.
    domain::repair_shop fresh_shop(const std::string& region);

    /// The at-fault party's own loss: 800–4,600 CNY, median about 2,470.
    domain::money at_fault_loss();
    /// The other party's loss: 500–8,000 CNY.
    domain::money other_loss();
    /// A single-vehicle loss: 500–2,600 CNY, median about 1,550.
    domain::money single_loss();
    /// The median of at_fault_loss(): the "typical" loss planted outliers are measured by.
    static constexpr domain::money typical_at_fault_loss = domain::yuan(2470);

    /// A party with fresh identities, a policy far from its edges, evidence, and sometimes a
    /// shop and a payee account; no situations and no loss yet.
    domain::party party(const std::string& role, const std::string& accident_region,
                        domain::instant t);
    /// A clean two-vehicle accident at `t`: A ticked 1–2 listed situations and B none, or
    /// rarely both ticked with small losses (mutual self-settlement).
    domain::claim two_party(domain::instant t, std::optional<std::string> region = {});
    /// A clean single-vehicle accident (situation 21) at `t` with a modest loss.
    domain::claim single_vehicle(domain::instant t);

  private:
    std::string county(const std::string& region);
    std::string location(const std::string& region);
    std::string policy_number(const std::string& insurer, const std::string& region,
                              domain::date start, const char* kind);
    domain::money amount(const std::vector<int>& weights,
                         const std::vector<std::pair<int, int>>& ranges);

    const domain::zone& zone_;
    rng rng_;
    identities ids_;
    std::uint64_t vehicles_ = 0, people_ = 0, policies_ = 0, evidence_ = 0, fresh_shops_ = 0;
};

}  // namespace crossclaim::generator::detail
