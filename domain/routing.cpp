#include "domain/routing.hpp"

namespace crossclaim::domain {

bool is_out_of_area(std::string_view accident_region, std::string_view policy_region) {
    return prefecture_of(accident_region) != prefecture_of(policy_region);
}

std::vector<party_route> route_claim(const claim& c, const zone& z) {
    std::vector<party_route> out;
    for (const auto& p : c.parties) {
        party_route r;
        r.party = p.role;
        r.insurer = p.policy.insurer;
        r.underwriting_region = p.policy.region;
        r.out_of_area = is_out_of_area(c.accident.region, p.policy.region);
        const branch* local = z.find_branch(p.policy.insurer, c.accident.region);
        const branch* underwriting = z.find_branch(p.policy.insurer, p.policy.region);
        if (local) {
            r.handling_branch = local->code;
        } else {
            r.flags.push_back("NO_LOCAL_BRANCH");
            if (underwriting) {
                r.handling_branch = underwriting->code;
            } else {
                // A policy from outside the zone with no branch of its insurer here or there:
                // the insurer's first branch in the zone takes it, so nothing is dropped.
                r.flags.push_back("NO_UNDERWRITING_BRANCH");
                for (const auto& b : z.branches)
                    if (b.member == p.policy.insurer) {
                        r.handling_branch = b.code;
                        break;
                    }
            }
        }
        if (r.out_of_area && underwriting && underwriting->code != r.handling_branch)
            r.notified_branch = underwriting->code;
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace crossclaim::domain
