#include "domain/routing.hpp"

#include <catch2/catch.hpp>

using namespace crossclaim::domain;

namespace {

zone make_zone(bool third_region = false) {
    zone z;
    z.regions = {{"621200", "Longnan", {}}, {"620500", "Tianshui", {}}};
    z.members = {{"PICC", ""}, {"LNRB", ""}};
    z.branches = {{"PICC-621200", "PICC", "621200"},
                  {"PICC-620500", "PICC", "620500"},
                  {"LNRB-621200", "LNRB", "621200"}};
    if (third_region) {
        z.regions.push_back({"620600", "Wuwei", {}});
        z.branches.push_back({"PICC-620600", "PICC", "620600"});
    }
    return z;
}

claim one_party(const std::string& accident_region, const std::string& insurer,
                const std::string& policy_region) {
    claim c;
    c.accident.region = accident_region;
    party p;
    p.role = "A";
    p.policy.insurer = insurer;
    p.policy.region = policy_region;
    c.parties.push_back(p);
    return c;
}

}  // namespace

TEST_CASE("out of area compares prefectures, not provinces", "[routing]") {
    CHECK(is_out_of_area("621200", "620500"));  // both in Gansu (62), still out of area
    CHECK_FALSE(is_out_of_area("621200", "621200"));
    CHECK_FALSE(is_out_of_area("621200", "621202"));  // a county of the same prefecture
}

TEST_CASE("an in-area claim is handled by the local branch and nobody else is told", "[routing]") {
    const auto r = route_claim(one_party("621200", "PICC", "621200"), make_zone());
    REQUIRE(r.size() == 1);
    CHECK(r[0].handling_branch == "PICC-621200");
    CHECK_FALSE(r[0].out_of_area);
    CHECK_FALSE(r[0].notified_branch);
    CHECK(r[0].flags.empty());
}

TEST_CASE("a Tianshui policy crashing in Longnan is handled in Longnan and Tianshui is told",
          "[routing]") {
    const auto r = route_claim(one_party("621200", "PICC", "620500"), make_zone());
    CHECK(r[0].out_of_area);
    CHECK(r[0].handling_branch == "PICC-621200");
    CHECK(r[0].notified_branch == std::optional<std::string>("PICC-620500"));
}

TEST_CASE("a Longnan policy crashing in Tianshui is handled in Tianshui and Longnan is told",
          "[routing]") {
    const auto r = route_claim(one_party("620500", "PICC", "621200"), make_zone());
    CHECK(r[0].handling_branch == "PICC-620500");
    CHECK(r[0].notified_branch == std::optional<std::string>("PICC-621200"));
}

TEST_CASE("without a local branch the underwriting branch handles it, flagged NO_LOCAL_BRANCH",
          "[routing]") {
    const auto r = route_claim(one_party("620500", "LNRB", "621200"), make_zone());
    CHECK(r[0].out_of_area);
    CHECK(r[0].handling_branch == "LNRB-621200");
    CHECK(r[0].flags == std::vector<std::string>{"NO_LOCAL_BRANCH"});
    CHECK_FALSE(r[0].notified_branch);  // it handles the claim itself
}

TEST_CASE("a policy from outside the zone is routed to the local branch", "[routing]") {
    const auto r = route_claim(one_party("621200", "PICC", "110100"), make_zone());
    CHECK(r[0].out_of_area);
    CHECK(r[0].handling_branch == "PICC-621200");
    CHECK_FALSE(r[0].notified_branch);  // no branch in Beijing to tell
}

TEST_CASE("a third region routes by config alone", "[routing]") {
    const auto z = make_zone(true);
    const auto r = route_claim(one_party("620600", "PICC", "621200"), z);
    CHECK(r[0].handling_branch == "PICC-620600");
    CHECK(r[0].notified_branch == std::optional<std::string>("PICC-621200"));
    const auto lnrb = route_claim(one_party("620600", "LNRB", "621200"), z);
    CHECK(lnrb[0].handling_branch == "LNRB-621200");
    CHECK(lnrb[0].flags == std::vector<std::string>{"NO_LOCAL_BRANCH"});
}

TEST_CASE("every party is routed on its own", "[routing]") {
    auto c = one_party("621200", "PICC", "620500");
    party b;
    b.role = "B";
    b.policy.insurer = "LNRB";
    b.policy.region = "621200";
    c.parties.push_back(b);
    const auto r = route_claim(c, make_zone());
    REQUIRE(r.size() == 2);
    CHECK(r[0].handling_branch == "PICC-621200");
    CHECK(r[1].handling_branch == "LNRB-621200");
    CHECK_FALSE(r[1].out_of_area);
}
