#include "domain/zone.hpp"

#include <algorithm>

namespace crossclaim::domain {

bool zone::is_member_region(std::string_view code) const {
    return std::any_of(regions.begin(), regions.end(),
                       [&](const region& r) { return r.code == code; });
}

bool zone::has_organisation(std::string_view code, std::string_view role) const {
    for (const auto& o : organisations)
        if (o.code == code && o.role == role) return true;
    return false;
}

bool zone::knows(std::string_view code) const {
    return is_member(code) || std::any_of(organisations.begin(), organisations.end(),
                                          [&](const organisation& o) { return o.code == code; });
}

bool zone::is_member(std::string_view code) const {
    return std::any_of(members.begin(), members.end(),
                       [&](const member& m) { return m.code == code; });
}

const branch* zone::find_branch(std::string_view member_code, std::string_view region) const {
    for (const auto& b : branches)
        if (b.member == member_code && prefecture_of(b.region) == prefecture_of(region)) return &b;
    return nullptr;
}

const branch* zone::find_branch(std::string_view code) const {
    for (const auto& b : branches)
        if (b.code == code) return &b;
    return nullptr;
}

bool zone::has_branch_in_every_region(std::string_view member_code) const {
    return std::all_of(regions.begin(), regions.end(), [&](const region& r) {
        return find_branch(member_code, r.code) != nullptr;
    });
}

std::string_view prefecture_of(std::string_view region_code) { return region_code.substr(0, 4); }

namespace {
bool six_digits(std::string_view code) {
    return code.size() == 6 &&
           std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}
}  // namespace

bool is_prefecture_code(std::string_view code) {
    return six_digits(code) && code.substr(4) == "00" && code.substr(2) != "0000" &&
           code.substr(0, 2) != "00";
}

bool zone::has_county(std::string_view region, std::string_view county) const {
    for (const auto& r : regions)
        if (r.code == region)
            return std::find(r.counties.begin(), r.counties.end(), county) != r.counties.end();
    return false;
}

bool county_in_region(std::string_view county, std::string_view region) {
    return six_digits(county) && county.substr(4) != "00" &&
           prefecture_of(county) == prefecture_of(region);
}

}  // namespace crossclaim::domain
