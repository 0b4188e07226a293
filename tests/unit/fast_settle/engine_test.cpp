#include "fast_settle/engine.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "domain/claim.hpp"
#include "domain/money.hpp"
#include "domain/time.hpp"
#include "domain/zone.hpp"
#include "fast_settle/rulebook.hpp"
#include "tests/unit/fixtures.hpp"

using namespace crossclaim::domain;
using namespace crossclaim::fast_settle;
using crossclaim::test_fixtures::demo_rulebook;
using crossclaim::test_fixtures::demo_zone;

namespace {

date day(const char* text) { return *parse_date(text); }

party make_party(const std::string& role, const std::string& insurer, const std::string& region,
                 int n) {
    party p;
    p.role = role;
    p.vehicle = {"甘E1234" + std::to_string(n), "LSVAU2180N212345" + std::to_string(n), true};
    p.driver = {"张三", "62050219900101123" + std::to_string(n), "1380000000" + std::to_string(n)};
    p.policy.insurer = insurer;
    p.policy.region = region;
    p.policy.compulsory =
        cover{"PDZA202662050000000" + std::to_string(n), day("2026-03-01"), day("2027-02-28")};
    tpl_cover tpl;
    tpl.number = "PDAA202662050000000" + std::to_string(n);
    tpl.start = day("2026-03-01");
    tpl.end = day("2027-02-28");
    tpl.amount = yuan(1000000);
    p.policy.commercial_tpl = tpl;
    p.policy.own_damage = true;
    p.evidence.push_back({"photo", std::string(64, 'b'), std::nullopt});
    return p;
}

/// A claim that is eligible for fast-settle: A (PICC, Tianshui) rear-ended B (PAIC, Longnan)
/// in Longnan; A lost 500.00, B 1,800.00.
claim eligible_claim() {
    claim c;
    c.external_ref = "PICC-TS-2026-000123";
    c.accident.occurred_at = *parse_rfc3339("2026-11-20T08:15:00+08:00");
    c.accident.region = "621200";
    c.accident.county = "621202";
    c.accident.location = "G316 K1520";
    c.parties.push_back(make_party("A", "PICC", "620500", 1));
    c.parties.push_back(make_party("B", "PAIC", "621200", 2));
    c.parties[0].situations = {1};
    c.parties[0].estimated_loss = yuan(500);
    c.parties[1].estimated_loss = yuan(1800);
    return c;
}

assessment run(const claim& c) { return assess(c, demo_zone(), demo_rulebook()); }

using strings = std::vector<std::string>;

std::string describe(const payment& p) {
    return p.payer + "|" + (p.on_behalf_of ? *p.on_behalf_of : "-") + "|" + p.beneficiary + "|" +
           std::string(to_string(p.coverage)) + "|" + to_string(p.amount);
}

strings lines(const std::vector<payment>& ps) {
    strings out;
    for (const auto& p : ps) out.push_back(describe(p));
    return out;
}

strings lines(const std::vector<clearing_entry>& cs) {
    strings out;
    for (const auto& c : cs)
        out.push_back(c.creditor + "<-" + c.debtor + "|" + to_string(c.amount));
    return out;
}

party& A(claim& c) { return c.parties[0]; }
party& B(claim& c) { return c.parties[1]; }

}  // namespace

TEST_CASE("coverage names are the contract's upper-case codes", "[fast_settle]") {
    CHECK(to_string(coverage::compulsory_property) == "COMPULSORY_PROPERTY");
    CHECK(to_string(coverage::commercial_tpl) == "COMMERCIAL_TPL");
    CHECK(to_string(coverage::no_fault_proxy) == "NO_FAULT_PROXY");
    CHECK(to_string(coverage::own_damage) == "OWN_DAMAGE");
}

TEST_CASE("the situation table finds entries by code and nothing else", "[fast_settle]") {
    const auto r = demo_rulebook();
    REQUIRE(r.table.find(1));
    CHECK(r.table.find(1)->listed);
    CHECK_FALSE(r.table.find(21)->listed);
    CHECK_FALSE(r.table.find(99)->listed);
    CHECK(r.table.find(22) == nullptr);
    CHECK(r.table.find(0) == nullptr);
}

TEST_CASE("a rear-end by A is eligible, 100/0 by situation 1, and pays as the rules say",
          "[fast_settle]") {
    const auto a = run(eligible_claim());
    const auto& d = a.fast_settle;
    CHECK(d.eligible);
    CHECK(d.reasons.empty());
    CHECK(d.table_version == "test-2026.1");
    CHECK(d.table_sha256 == std::string(64, 'a'));
    REQUIRE(d.liability);
    CHECK(*d.liability == std::map<std::string, int>{{"A", 100}, {"B", 0}});
    CHECK(d.decided_by == "situation 1");
    CHECK(lines(d.payments) == strings{"PICC|-|B|COMPULSORY_PROPERTY|1800.00",
                                       "PICC|PAIC|A|NO_FAULT_PROXY|100.00",
                                       "PICC|-|A|OWN_DAMAGE|400.00"});
    CHECK(lines(d.clearing) == strings{"PICC<-PAIC|100.00"});
}

TEST_CASE("every fast-settle reason code is reported on its own when only its condition fails",
          "[fast_settle]") {
    struct row {
        const char* what;
        std::function<void(claim&)> mutate;
        strings fast;
    };
    const std::vector<row> rows = {
        {"a third vehicle",
         [](claim& c) { c.parties.push_back(make_party("C", "CPIC", "620500", 3)); },
         {"NOT_TWO_VEHICLES"}},
        {"a single vehicle", [](claim& c) { c.parties.pop_back(); }, {"NOT_TWO_VEHICLES"}},
        {"someone injured", [](claim& c) { c.accident.injuries = true; }, {"INJURIES"}},
        {"a damaged fence",
         [](claim& c) { c.accident.external_property_damage = true; },
         {"EXTERNAL_PROPERTY_DAMAGE"}},
        {"B cannot drive away", [](claim& c) { B(c).vehicle.drivable = false; }, {"NOT_DRIVABLE"}},
        {"B has no compulsory cover",
         [](claim& c) { B(c).policy.compulsory.reset(); },
         {"NO_COMPULSORY_COVER"}},
        {"A's compulsory cover starts the day after",
         [](claim& c) { A(c).policy.compulsory->start = day("2026-11-21"); },
         {"NO_COMPULSORY_COVER"}},
        {"A's compulsory cover ended the day before",
         [](claim& c) { A(c).policy.compulsory->end = day("2026-11-19"); },
         {"NO_COMPULSORY_COVER"}},
        {"A has no commercial TPL",
         [](claim& c) { A(c).policy.commercial_tpl.reset(); },
         {"NO_COMMERCIAL_TPL"}},
        {"B's commercial TPL expired",
         [](claim& c) { B(c).policy.commercial_tpl->end = day("2026-11-19"); },
         {"NO_COMMERCIAL_TPL"}},
        {"B's policy from Lanzhou",
         [](claim& c) { B(c).policy.region = "620100"; },
         {"NOT_MEMBER_REGION"}},
        {"B insured by LNRB (Longnan only)",
         [](claim& c) { B(c).policy.insurer = "LNRB"; },
         {"NO_BRANCH_IN_BOTH_REGIONS"}},
        {"A insured by a non-member",
         [](claim& c) { A(c).policy.insurer = "XXIC"; },
         {"NO_BRANCH_IN_BOTH_REGIONS"}},
        {"B without photos", [](claim& c) { B(c).evidence.clear(); }, {"MISSING_EVIDENCE"}},
        {"A also ticked 99",
         [](claim& c) {
             A(c).situations = {1, 99};
         },
         {"SITUATION_NOT_LISTED"}},
        {"B ticked an unknown code",
         [](claim& c) { B(c).situations = {42}; },
         {"SITUATION_NOT_LISTED"}},
        {"B ticked a listed situation too",
         [](claim& c) { B(c).situations = {2}; },
         {"LIABILITY_UNCLEAR"}},
        {"losses total 10,000.01",
         [](claim& c) {
             A(c).estimated_loss = yuan(5000);
             B(c).estimated_loss = yuan(5000) + money{1};
         },
         {"OVER_THRESHOLD"}},
        {"same plate",
         [](claim& c) { B(c).vehicle.plate = A(c).vehicle.plate; },
         {"PARTIES_NOT_DISTINCT"}},
        {"same VIN",
         [](claim& c) { B(c).vehicle.vin = A(c).vehicle.vin; },
         {"PARTIES_NOT_DISTINCT"}},
        {"same driver ID",
         [](claim& c) { B(c).driver.id_number = A(c).driver.id_number; },
         {"PARTIES_NOT_DISTINCT"}},
        {"same phone",
         [](claim& c) { B(c).driver.phone = A(c).driver.phone; },
         {"PARTIES_NOT_DISTINCT"}},
        {"same compulsory policy number",
         [](claim& c) { B(c).policy.compulsory->number = A(c).policy.compulsory->number; },
         {"PARTIES_NOT_DISTINCT"}},
        {"same commercial TPL policy number",
         [](claim& c) { B(c).policy.commercial_tpl->number = A(c).policy.commercial_tpl->number; },
         {"PARTIES_NOT_DISTINCT"}},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        claim c = eligible_claim();
        r.mutate(c);
        const auto d = run(c).fast_settle;
        CHECK(d.reasons == r.fast);
        CHECK_FALSE(d.eligible);
        CHECK(d.payments.empty());
        CHECK(d.clearing.empty());
    }
}

TEST_CASE("combined failures are all reported, in the table's order, each once", "[fast_settle]") {
    SECTION("neither party ticked: not listed and liability unclear") {
        claim c = eligible_claim();
        A(c).situations.clear();
        CHECK(run(c).fast_settle.reasons == strings{"SITUATION_NOT_LISTED", "LIABILITY_UNCLEAR"});
    }
    SECTION("only 21 ticked: not listed and liability unclear") {
        claim c = eligible_claim();
        A(c).situations = {21};
        CHECK(run(c).fast_settle.reasons == strings{"SITUATION_NOT_LISTED", "LIABILITY_UNCLEAR"});
    }
    SECTION("injuries, over the threshold and one shared phone") {
        claim c = eligible_claim();
        c.accident.injuries = true;
        A(c).estimated_loss = yuan(9000);
        B(c).driver.phone = A(c).driver.phone;
        CHECK(run(c).fast_settle.reasons ==
              strings{"INJURIES", "OVER_THRESHOLD", "PARTIES_NOT_DISTINCT"});
    }
    SECTION("both parties failing the same cover check give the code once") {
        claim c = eligible_claim();
        A(c).policy.compulsory.reset();
        B(c).policy.compulsory.reset();
        A(c).evidence.clear();
        B(c).evidence.clear();
        CHECK(run(c).fast_settle.reasons == strings{"NO_COMPULSORY_COVER", "MISSING_EVIDENCE"});
    }
    SECTION("everything wrong at once") {
        claim c = eligible_claim();
        c.parties.push_back(make_party("C", "CPIC", "620500", 3));
        c.accident.injuries = true;
        c.accident.external_property_damage = true;
        B(c).vehicle.drivable = false;
        B(c).policy.compulsory.reset();
        A(c).policy.commercial_tpl.reset();
        c.parties[2].policy.region = "620100";
        B(c).policy.insurer = "LNRB";
        c.parties[2].evidence.clear();
        A(c).situations = {1, 99};
        B(c).situations = {2};
        B(c).estimated_loss = yuan(10000);
        c.parties[2].vehicle.vin = A(c).vehicle.vin;
        CHECK(run(c).fast_settle.reasons ==
              strings{"NOT_TWO_VEHICLES", "INJURIES", "EXTERNAL_PROPERTY_DAMAGE", "NOT_DRIVABLE",
                      "NO_COMPULSORY_COVER", "NO_COMMERCIAL_TPL", "NOT_MEMBER_REGION",
                      "NO_BRANCH_IN_BOTH_REGIONS", "MISSING_EVIDENCE", "SITUATION_NOT_LISTED",
                      "LIABILITY_UNCLEAR", "OVER_THRESHOLD", "PARTIES_NOT_DISTINCT"});
    }
}

TEST_CASE("total loss of exactly 10,000.00 is eligible, 10,000.01 is over the threshold",
          "[fast_settle]") {
    claim c = eligible_claim();
    A(c).estimated_loss = yuan(4000);
    B(c).estimated_loss = yuan(6000);
    CHECK(run(c).fast_settle.eligible);
    B(c).estimated_loss = yuan(6000) + money{1};
    CHECK(run(c).fast_settle.reasons == strings{"OVER_THRESHOLD"});
}

TEST_CASE("the threshold comes from the rulebook, not from the code", "[fast_settle]") {
    claim c = eligible_claim();
    auto r = demo_rulebook();
    r.limits.threshold = yuan(2000);
    CHECK(assess(c, demo_zone(), r).fast_settle.reasons == strings{"OVER_THRESHOLD"});
}

TEST_CASE("each of situations 1-20 makes the ticking party 100% liable, whichever role it is",
          "[fast_settle]") {
    for (int code = 1; code <= 20; ++code) {
        for (int liable = 0; liable < 2; ++liable) {
            CAPTURE(code, liable);
            claim c = eligible_claim();
            A(c).situations.clear();
            c.parties[liable].situations = {code};
            const auto d = run(c).fast_settle;
            CHECK(d.eligible);
            REQUIRE(d.liability);
            const std::string ticking = liable == 0 ? "A" : "B";
            const std::string other = liable == 0 ? "B" : "A";
            CHECK(d.liability->at(ticking) == 100);
            CHECK(d.liability->at(other) == 0);
            CHECK(d.decided_by == "situation " + std::to_string(code));
            // The liable party's insurer pays every line.
            for (const auto& p : d.payments) CHECK(p.payer == c.parties[liable].policy.insurer);
        }
    }
}

TEST_CASE("B ticking makes B liable: B's insurer pays A and A's insurer owes the proxy",
          "[fast_settle]") {
    claim c = eligible_claim();
    A(c).situations.clear();
    B(c).situations = {15};
    const auto d = run(c).fast_settle;
    CHECK(lines(d.payments) == strings{"PAIC|-|A|COMPULSORY_PROPERTY|500.00",
                                       "PAIC|PICC|B|NO_FAULT_PROXY|100.00",
                                       "PAIC|-|B|OWN_DAMAGE|1700.00"});
    CHECK(lines(d.clearing) == strings{"PAIC<-PICC|100.00"});
}

TEST_CASE("several ticked situations are all named in ascending order, once each",
          "[fast_settle]") {
    claim c = eligible_claim();
    A(c).situations = {5, 1, 5};
    const auto d = run(c).fast_settle;
    CHECK(d.eligible);
    CHECK(d.decided_by == "situations 1,5");
}

TEST_CASE("situations 21 and 99 are refused as not listed", "[fast_settle]") {
    for (int code : {21, 99}) {
        CAPTURE(code);
        claim c = eligible_claim();
        A(c).situations = {code};
        const auto d = run(c).fast_settle;
        CHECK_FALSE(d.eligible);
        CHECK(std::count(d.reasons.begin(), d.reasons.end(), "SITUATION_NOT_LISTED") == 1);
        CHECK_FALSE(d.liability);
        CHECK(d.decided_by == "undetermined");
    }
}

TEST_CASE("both parties ticking leaves liability unclear and open", "[fast_settle]") {
    claim c = eligible_claim();
    B(c).situations = {2};
    const auto d = run(c).fast_settle;
    CHECK(d.reasons == strings{"LIABILITY_UNCLEAR"});
    CHECK_FALSE(d.liability);
    CHECK(d.decided_by == "both parties at fault");
}

TEST_CASE("neither party ticking leaves liability undetermined", "[fast_settle]") {
    claim c = eligible_claim();
    A(c).situations.clear();
    const auto d = run(c).fast_settle;
    CHECK_FALSE(d.liability);
    CHECK(d.decided_by == "undetermined");
}

TEST_CASE("liability is recorded even when the case is not eligible for other reasons",
          "[fast_settle]") {
    claim c = eligible_claim();
    c.accident.injuries = true;
    A(c).situations = {1, 99};
    const auto d = run(c).fast_settle;
    CHECK_FALSE(d.eligible);
    REQUIRE(d.liability);
    CHECK(*d.liability == std::map<std::string, int>{{"A", 100}, {"B", 0}});
    CHECK(d.decided_by == "situation 1");
}

TEST_CASE("liability is not decided unless there are exactly two parties", "[fast_settle]") {
    claim c = eligible_claim();
    c.parties.push_back(make_party("C", "CPIC", "620500", 3));
    const auto d = run(c).fast_settle;
    CHECK_FALSE(d.liability);
    CHECK(d.decided_by.empty());
}

TEST_CASE("B's loss of 2,000.00 is all compulsory, 2,000.01 adds 1 fen of commercial TPL",
          "[fast_settle]") {
    claim c = eligible_claim();
    B(c).estimated_loss = yuan(2000);
    CHECK(lines(run(c).fast_settle.payments) == strings{"PICC|-|B|COMPULSORY_PROPERTY|2000.00",
                                                        "PICC|PAIC|A|NO_FAULT_PROXY|100.00",
                                                        "PICC|-|A|OWN_DAMAGE|400.00"});
    B(c).estimated_loss = yuan(2000) + money{1};
    CHECK(lines(run(c).fast_settle.payments) ==
          strings{"PICC|-|B|COMPULSORY_PROPERTY|2000.00", "PICC|-|B|COMMERCIAL_TPL|0.01",
                  "PICC|PAIC|A|NO_FAULT_PROXY|100.00", "PICC|-|A|OWN_DAMAGE|400.00"});
}

TEST_CASE("commercial TPL pays at most its insured amount, the rest of B's loss is unpaid",
          "[fast_settle]") {
    claim c = eligible_claim();
    A(c).policy.commercial_tpl->amount = yuan(500);
    A(c).estimated_loss = yuan(100);
    B(c).estimated_loss = yuan(5000);
    CHECK(lines(run(c).fast_settle.payments) == strings{"PICC|-|B|COMPULSORY_PROPERTY|2000.00",
                                                        "PICC|-|B|COMMERCIAL_TPL|500.00",
                                                        "PICC|PAIC|A|NO_FAULT_PROXY|100.00"});
}

TEST_CASE("A's loss of 100.00 is all no-fault proxy, 100.01 adds 1 fen of own damage",
          "[fast_settle]") {
    claim c = eligible_claim();
    A(c).estimated_loss = yuan(100);
    auto d = run(c).fast_settle;
    CHECK(lines(d.payments) ==
          strings{"PICC|-|B|COMPULSORY_PROPERTY|1800.00", "PICC|PAIC|A|NO_FAULT_PROXY|100.00"});
    CHECK(lines(d.clearing) == strings{"PICC<-PAIC|100.00"});

    A(c).estimated_loss = yuan(100) + money{1};
    d = run(c).fast_settle;
    CHECK(lines(d.payments) == strings{"PICC|-|B|COMPULSORY_PROPERTY|1800.00",
                                       "PICC|PAIC|A|NO_FAULT_PROXY|100.00",
                                       "PICC|-|A|OWN_DAMAGE|0.01"});
    CHECK(lines(d.clearing) == strings{"PICC<-PAIC|100.00"});
}

TEST_CASE("without own-damage cover the rest of A's loss above 100.00 is paid by nobody",
          "[fast_settle]") {
    claim c = eligible_claim();
    A(c).policy.own_damage = false;
    A(c).estimated_loss = yuan(100) + money{1};
    CHECK(lines(run(c).fast_settle.payments) ==
          strings{"PICC|-|B|COMPULSORY_PROPERTY|1800.00", "PICC|PAIC|A|NO_FAULT_PROXY|100.00"});
}

TEST_CASE("zero losses produce no payment lines and no clearing", "[fast_settle]") {
    claim c = eligible_claim();
    A(c).estimated_loss = money{};
    auto d = run(c).fast_settle;
    CHECK(lines(d.payments) == strings{"PICC|-|B|COMPULSORY_PROPERTY|1800.00"});
    CHECK(d.clearing.empty());
    B(c).estimated_loss = money{};
    d = run(c).fast_settle;
    CHECK(d.eligible);
    CHECK(d.payments.empty());
}

TEST_CASE("the same insurer on both sides still pays the proxy but books no clearing entry",
          "[fast_settle]") {
    claim c = eligible_claim();
    B(c).policy.insurer = "PICC";
    const auto d = run(c).fast_settle;
    CHECK(d.eligible);
    CHECK(lines(d.payments) == strings{"PICC|-|B|COMPULSORY_PROPERTY|1800.00",
                                       "PICC|PICC|A|NO_FAULT_PROXY|100.00",
                                       "PICC|-|A|OWN_DAMAGE|400.00"});
    CHECK(d.clearing.empty());
}

TEST_CASE("limits come from the rulebook", "[fast_settle]") {
    claim c = eligible_claim();
    auto r = demo_rulebook();
    r.limits.compulsory_at_fault = yuan(1000);
    r.limits.compulsory_no_fault = yuan(50);
    CHECK(lines(assess(c, demo_zone(), r).fast_settle.payments) ==
          strings{"PICC|-|B|COMPULSORY_PROPERTY|1000.00", "PICC|-|B|COMMERCIAL_TPL|800.00",
                  "PICC|PAIC|A|NO_FAULT_PROXY|50.00", "PICC|-|A|OWN_DAMAGE|450.00"});
}

// ---- mutual self-settlement (互碰自赔) ----

namespace {
claim both_at_fault_claim() {
    claim c = eligible_claim();
    B(c).situations = {2};
    return c;
}
}  // namespace

TEST_CASE("a clear-liability case is refused mutual self-settlement with LIABILITY_CLEAR",
          "[fast_settle][mutual]") {
    const auto m = run(eligible_claim()).mutual_self_settle;
    CHECK_FALSE(m.eligible);
    CHECK(m.reasons == strings{"LIABILITY_CLEAR"});
    CHECK(m.payments.empty());
}

TEST_CASE("both at fault with 2,000.00 each: each insurer pays its own insured, nothing cleared",
          "[fast_settle][mutual]") {
    claim c = both_at_fault_claim();
    A(c).estimated_loss = yuan(2000);
    B(c).estimated_loss = yuan(2000);
    const auto a = run(c);
    CHECK(a.mutual_self_settle.eligible);
    CHECK(a.mutual_self_settle.reasons.empty());
    CHECK(lines(a.mutual_self_settle.payments) ==
          strings{"PICC|-|A|COMPULSORY_PROPERTY|2000.00", "PAIC|-|B|COMPULSORY_PROPERTY|2000.00"});
    CHECK(a.fast_settle.clearing.empty());
}

TEST_CASE("mutual self-settlement refuses a vehicle loss of 2,000.01", "[fast_settle][mutual]") {
    claim c = both_at_fault_claim();
    A(c).estimated_loss = yuan(2000);
    B(c).estimated_loss = yuan(2000) + money{1};
    const auto m = run(c).mutual_self_settle;
    CHECK(m.reasons == strings{"LOSS_OVER_LIMIT"});
    CHECK(m.payments.empty());
}

TEST_CASE("mutual self-settlement skips a zero loss", "[fast_settle][mutual]") {
    claim c = both_at_fault_claim();
    A(c).estimated_loss = money{};
    CHECK(lines(run(c).mutual_self_settle.payments) ==
          strings{"PAIC|-|B|COMPULSORY_PROPERTY|1800.00"});
}

TEST_CASE("every mutual self-settlement reason is reported on its own and all together in order",
          "[fast_settle][mutual]") {
    struct row {
        const char* what;
        std::function<void(claim&)> mutate;
        strings reasons;
    };
    const std::vector<row> rows = {
        {"a third vehicle",
         [](claim& c) {
             c.parties.push_back(make_party("C", "CPIC", "620500", 3));
             c.parties[2].situations = {3};
         },
         {"NOT_TWO_VEHICLES"}},
        {"someone injured", [](claim& c) { c.accident.injuries = true; }, {"INJURIES"}},
        {"a damaged fence",
         [](claim& c) { c.accident.external_property_damage = true; },
         {"EXTERNAL_PROPERTY_DAMAGE"}},
        {"B's compulsory cover starts the day after",
         [](claim& c) { B(c).policy.compulsory->start = day("2026-11-21"); },
         {"NO_COMPULSORY_COVER"}},
        {"only A ticked", [](claim& c) { B(c).situations.clear(); }, {"LIABILITY_CLEAR"}},
        {"B ticked only 99", [](claim& c) { B(c).situations = {99}; }, {"LIABILITY_CLEAR"}},
        {"A lost 2,000.01",
         [](claim& c) { A(c).estimated_loss = yuan(2000) + money{1}; },
         {"LOSS_OVER_LIMIT"}},
        // Fast-settle-only conditions do not matter here.
        {"no commercial TPL, not drivable, LNRB, no photos",
         [](claim& c) {
             A(c).policy.commercial_tpl.reset();
             B(c).vehicle.drivable = false;
             B(c).policy.insurer = "LNRB";
             B(c).evidence.clear();
         },
         {}},
        {"everything wrong",
         [](claim& c) {
             c.parties.pop_back();
             c.accident.injuries = true;
             c.accident.external_property_damage = true;
             A(c).policy.compulsory.reset();
             A(c).estimated_loss = yuan(3000);
         },
         {"NOT_TWO_VEHICLES", "INJURIES", "EXTERNAL_PROPERTY_DAMAGE", "NO_COMPULSORY_COVER",
          "LIABILITY_CLEAR", "LOSS_OVER_LIMIT"}},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        claim c = both_at_fault_claim();
        r.mutate(c);
        const auto m = run(c).mutual_self_settle;
        CHECK(m.reasons == r.reasons);
        CHECK(m.eligible == r.reasons.empty());
        CHECK(m.payments.empty() != m.eligible);
    }
}

// ---- properties over random claims ----

namespace {

/// A random claim near the interesting boundaries; mostly two parties, mostly valid covers.
claim random_claim(std::mt19937& rng) {
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    auto chance = [&](int percent) { return pick(100) < percent; };
    auto loss = [&]() {
        static const std::int64_t edges[] = {0, 1, 9999, 10000, 10001, 199999, 200000, 200001};
        if (chance(30)) return money{edges[pick(8)]};
        return money{std::uniform_int_distribution<std::int64_t>(0, 1200000)(rng)};
    };
    static const char* insurers[] = {"PICC", "PAIC", "CPIC", "LNRB"};
    static const std::int64_t tpl_amounts[] = {0, 1, 50000, 100000, 300000, 100000000};

    claim c = eligible_claim();
    const int n = chance(90) ? 2 : (chance(50) ? 1 : 3);
    c.parties.clear();
    for (int i = 0; i < n; ++i) {
        party p = make_party(std::string(1, static_cast<char>('A' + i)), insurers[pick(4)],
                             chance(95) ? (chance(50) ? "621200" : "620500") : "620100", i + 1);
        p.estimated_loss = loss();
        p.policy.own_damage = chance(50);
        p.policy.commercial_tpl->amount = money{tpl_amounts[pick(6)]};
        if (chance(5)) p.policy.compulsory.reset();
        if (chance(5)) p.policy.commercial_tpl.reset();
        if (chance(3)) p.vehicle.drivable = false;
        if (chance(3)) p.evidence.clear();
        const int ticks = pick(4);
        for (int t = 0; t < ticks; ++t) {
            static const int codes[] = {1, 2, 5, 15, 17, 20, 21, 99};
            p.situations.push_back(chance(92) ? codes[pick(6)] : codes[6 + pick(2)]);
        }
        c.parties.push_back(std::move(p));
    }
    // Give fast-settle a fair chance: often make exactly one party the ticking one.
    if (n == 2 && chance(50)) c.parties[pick(2)].situations.clear();
    c.accident.injuries = chance(3);
    c.accident.external_property_damage = chance(3);
    return c;
}

money sum(const std::vector<payment>& ps) {
    money s;
    for (const auto& p : ps) s += p.amount;
    return s;
}

}  // namespace

TEST_CASE("over random claims, payments respect losses and limits and add up to the rules",
          "[fast_settle][property]") {
    std::mt19937 rng(20261120);
    const auto zone = demo_zone();
    const auto rules = demo_rulebook();
    int eligible = 0;
    int mutual = 0;
    for (int i = 0; i < 5000; ++i) {
        const claim c = random_claim(rng);
        const auto a = assess(c, zone, rules);
        const auto& d = a.fast_settle;
        CAPTURE(i);

        CHECK(d.eligible == d.reasons.empty());
        std::set<std::string> unique(d.reasons.begin(), d.reasons.end());
        CHECK(unique.size() == d.reasons.size());
        if (!d.eligible) {
            CHECK(d.payments.empty());
            CHECK(d.clearing.empty());
        }
        for (const auto& p : d.payments) {
            CHECK(p.amount > money{});
            const party* beneficiary = c.find_party(p.beneficiary);
            REQUIRE(beneficiary);
            switch (p.coverage) {
                case coverage::compulsory_property:
                    CHECK(p.amount <= yuan(2000));
                    break;
                case coverage::no_fault_proxy:
                    CHECK(p.amount <= yuan(100));
                    break;
                case coverage::commercial_tpl: {
                    const party* payer_party =
                        beneficiary == &c.parties[0] ? &c.parties[1] : &c.parties[0];
                    CHECK(p.amount <= payer_party->policy.commercial_tpl->amount);
                    break;
                }
                case coverage::own_damage:
                    break;
            }
        }
        for (const auto& p : c.parties) {
            money to_party;
            for (const auto& line : d.payments)
                if (line.beneficiary == p.role) to_party += line.amount;
            CHECK(to_party <= p.estimated_loss);
        }

        if (d.eligible) {
            ++eligible;
            REQUIRE(c.parties.size() == 2);
            REQUIRE(d.liability);
            const bool a_liable = d.liability->at(c.parties[0].role) == 100;
            const party& la = a_liable ? c.parties[0] : c.parties[1];
            const party& lb = a_liable ? c.parties[1] : c.parties[0];
            const money tpl = la.policy.commercial_tpl->amount;
            const money want_b = std::min(lb.estimated_loss, yuan(2000) + tpl);
            const money want_a =
                la.policy.own_damage ? la.estimated_loss : std::min(la.estimated_loss, yuan(100));
            CHECK(sum(d.payments) == want_b + want_a);
            money cleared;
            for (const auto& e : d.clearing) cleared += e.amount;
            const bool same_insurer = la.policy.insurer == lb.policy.insurer;
            CHECK(cleared == (same_insurer ? money{} : std::min(la.estimated_loss, yuan(100))));
            CHECK(c.parties[0].estimated_loss + c.parties[1].estimated_loss <= yuan(10000));
        }

        const auto& m = a.mutual_self_settle;
        CHECK(m.eligible == m.reasons.empty());
        if (m.eligible) {
            ++mutual;
            REQUIRE(c.parties.size() == 2);
            CHECK(sum(m.payments) == c.parties[0].estimated_loss + c.parties[1].estimated_loss);
            for (const auto& p : m.payments) {
                CHECK(p.amount > money{});
                CHECK(p.amount <= yuan(2000));
                CHECK(p.payer == c.find_party(p.beneficiary)->policy.insurer);
            }
            CHECK_FALSE(d.eligible);  // both at fault is never fast-settled
        } else {
            CHECK(m.payments.empty());
        }
    }
    // The generator must actually reach both settlements, or the checks above prove little.
    CHECK(eligible > 200);
    CHECK(mutual > 50);
}

#ifdef CROSSCLAIM_SOURCE_DIR
TEST_CASE("the shipped situation table has 1-20 listed and 21, 99 unlisted", "[fast_settle]") {
    std::ifstream in(CROSSCLAIM_SOURCE_DIR "/config/situations.toml");
    REQUIRE(in);
    std::map<int, bool> listed;
    int code = -1;
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("code = ", 0) == 0) code = std::stoi(line.substr(7));
        if (line.rfind("listed = ", 0) == 0) listed[code] = line.substr(9) == "true";
    }
    std::map<int, bool> expected;
    for (int i = 1; i <= 21; ++i) expected[i] = i <= 20;
    expected[99] = false;
    CHECK(listed == expected);
}
#endif
