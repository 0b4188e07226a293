#include "domain/lifecycle.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <utility>

using namespace crossclaim::domain;

TEST_CASE("every claim status has a wire name that parses back to it", "[lifecycle]") {
    const auto all = all_claim_statuses();
    REQUIRE(all.size() == 12);
    std::set<std::string_view> names;
    for (const auto s : all) {
        names.insert(to_string(s));
        CHECK(parse_claim_status(to_string(s)) == s);
    }
    CHECK(names.size() == 12);
    CHECK(to_string(claim_status::documents_complete) == "DOCUMENTS_COMPLETE");
    CHECK_FALSE(parse_claim_status("reported"));
    CHECK_FALSE(parse_claim_status("PENDING"));
    CHECK_FALSE(parse_claim_status(""));
}

TEST_CASE("payment methods have wire names that parse back to them", "[lifecycle]") {
    for (const auto m : {payment_method::bank_transfer, payment_method::check, payment_method::cash,
                         payment_method::e_payment})
        CHECK(parse_payment_method(to_string(m)) == m);
    CHECK(to_string(payment_method::bank_transfer) == "BANK_TRANSFER");
    CHECK(to_string(payment_method::e_payment) == "E_PAYMENT");
    CHECK_FALSE(parse_payment_method("WECHAT"));
    CHECK_FALSE(parse_payment_method("cash"));
}

TEST_CASE("exactly the legal transitions of the lifecycle are allowed, all others refused",
          "[lifecycle]") {
    // Written out by wire name, independently of the implementation's table.
    const std::set<std::pair<std::string, std::string>> legal = {
        // the main line, one step at a time
        {"REPORTED", "ROUTED"},
        {"ROUTED", "ACCEPTED"},
        {"ACCEPTED", "SURVEYED"},
        {"SURVEYED", "ASSESSED"},
        {"ASSESSED", "DOCUMENTS_COMPLETE"},
        {"DOCUMENTS_COMPLETE", "APPROVED"},
        {"APPROVED", "PAID"},
        {"PAID", "CLOSED"},
        // rejection after routing and before payment
        {"ACCEPTED", "REJECTED"},
        {"SURVEYED", "REJECTED"},
        {"ASSESSED", "REJECTED"},
        {"DOCUMENTS_COMPLETE", "REJECTED"},
        {"APPROVED", "REJECTED"},
        // withdrawal before approval
        {"REPORTED", "WITHDRAWN"},
        {"ROUTED", "WITHDRAWN"},
        {"ACCEPTED", "WITHDRAWN"},
        {"SURVEYED", "WITHDRAWN"},
        {"ASSESSED", "WITHDRAWN"},
        {"DOCUMENTS_COMPLETE", "WITHDRAWN"},
        // disputes and their resolution
        {"ASSESSED", "DISPUTED"},
        {"APPROVED", "DISPUTED"},
        {"REJECTED", "DISPUTED"},
        {"PAID", "DISPUTED"},
        {"DISPUTED", "APPROVED"},
        {"DISPUTED", "REJECTED"},
        {"DISPUTED", "CLOSED"},
        // a rejection is closed once it stands
        {"REJECTED", "CLOSED"},
    };
    REQUIRE(legal.size() == 27);

    int allowed = 0;
    for (const auto from : all_claim_statuses()) {
        for (const auto to : all_claim_statuses()) {
            const bool expected =
                legal.contains({std::string(to_string(from)), std::string(to_string(to))});
            INFO(to_string(from) << " -> " << to_string(to));
            CHECK(can_transition(from, to) == expected);
            allowed += can_transition(from, to) ? 1 : 0;
        }
    }
    CHECK(allowed == 27);
}

TEST_CASE("closed and withdrawn claims are terminal", "[lifecycle]") {
    for (const auto to : all_claim_statuses()) {
        CHECK_FALSE(can_transition(claim_status::closed, to));
        CHECK_FALSE(can_transition(claim_status::withdrawn, to));
    }
}
