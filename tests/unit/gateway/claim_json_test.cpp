#include "gateway/json/claim_json.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "domain/money.hpp"
#include "domain/sla.hpp"
#include "domain/time.hpp"
#include "domain/zone.hpp"
#include "fast_settle/engine.hpp"
#include "fast_settle/rulebook.hpp"
#include "tests/unit/fixtures.hpp"
#include "tests/unit/gateway/claim_samples.hpp"

namespace bj = boost::json;
using namespace crossclaim;
using gateway::json::decode_claim;
using gateway::json::decoded_claim;
using test_fixtures::demo_rulebook;
using test_fixtures::demo_zone;
using test_fixtures::describe;
using test_fixtures::has_error;
using test_fixtures::repeat;

namespace {

bj::value sample() { return bj::parse(test_samples::valid_claim_body()); }

decoded_claim decode(std::string_view body) { return decode_claim(body, demo_zone()); }
decoded_claim decode(const bj::value& v) { return decode(std::string_view(bj::serialize(v))); }

/// The text of a JSON string, or "<not a string>", for comparisons with std strings.
std::string str(const bj::value& v) {
    if (const auto* s = v.if_string()) return std::string(s->data(), s->size());
    return "<not a string>";
}

/// The sample with one change applied, decoded.
decoded_claim decode_with(const std::function<void(bj::value&)>& change) {
    auto v = sample();
    change(v);
    return decode(v);
}

bj::object& obj(bj::value& root, std::string_view pointer) {
    return root.at_pointer(pointer).as_object();
}

/// A money value exactly as written in the JSON text, so that number forms are not
/// re-rendered by a serializer before the decoder sees them.
decoded_claim decode_loss_literal(std::string_view literal) {
    auto body = test_samples::valid_claim_body();
    const std::string from = R"("estimated_loss": "500.00")";
    body.replace(body.find(from), from.size(), "\"estimated_loss\": " + std::string(literal));
    return decode(body);
}

}  // namespace

TEST_CASE("a valid report decodes to domain values with money in fen and exact times",
          "[claim_json]") {
    const auto d = decode(test_samples::valid_claim_body());
    INFO(describe(d));
    REQUIRE(d.errors.empty());
    REQUIRE(d.claim);
    const auto& c = *d.claim;
    CHECK(c.external_ref == "PICC-TS-2026-000123");
    CHECK(c.accident.occurred_at == *domain::parse_rfc3339("2026-11-20T00:15:00Z"));
    CHECK(c.accident.region == "621200");
    CHECK(c.accident.county == "621202");
    CHECK(c.accident.location == "G316 K1520");
    CHECK(c.accident.description == "rear-end at traffic light");
    CHECK_FALSE(c.accident.injuries);
    CHECK_FALSE(c.accident.external_property_damage);
    REQUIRE(c.parties.size() == 2);

    const auto& a = c.parties[0];
    CHECK(a.role == "A");
    CHECK(a.vehicle.plate == "甘E12345");
    CHECK(a.vehicle.vin == "LSVAU2187N2123456");
    CHECK(a.vehicle.drivable);
    CHECK(a.driver.name == "张三");
    CHECK(a.driver.id_number == "620502199001011235");
    CHECK(a.driver.phone == "13800000000");
    CHECK(a.policy.insurer == "PICC");
    CHECK(a.policy.region == "620500");
    REQUIRE(a.policy.compulsory);
    CHECK(a.policy.compulsory->number == "PDZA2026620500000001");
    CHECK(a.policy.compulsory->start == *domain::parse_date("2026-03-01"));
    CHECK(a.policy.compulsory->end == *domain::parse_date("2027-02-28"));
    REQUIRE(a.policy.commercial_tpl);
    CHECK(a.policy.commercial_tpl->number == "PDAA2026620500000001");
    CHECK(a.policy.commercial_tpl->amount == domain::money{100'000'000});
    CHECK(a.policy.own_damage);
    CHECK(a.estimated_loss == domain::money{50'000});
    REQUIRE(a.evidence.size() == 1);
    CHECK(a.evidence[0].kind == "photo");
    CHECK(a.evidence[0].sha256.size() == 64);
    CHECK(a.evidence[0].taken_at == domain::parse_rfc3339("2026-11-20T08:20:00+08:00"));
    CHECK(a.situations == std::vector<int>{1});

    const auto& b = c.parties[1];
    CHECK(b.role == "B");
    CHECK(b.driver.id_number == "62120219850615432X");
    CHECK_FALSE(b.policy.own_damage);
    CHECK(b.estimated_loss == domain::money{180'000});
    REQUIRE(b.evidence.size() == 1);
    CHECK(b.evidence[0].kind == "video");
    CHECK_FALSE(b.evidence[0].taken_at);
    CHECK(b.situations.empty());
}

TEST_CASE("optional members may be left out or null and take their defaults", "[claim_json]") {
    const auto d = decode_with([](bj::value& v) {
        auto& policy = obj(v, "/parties/1/policy");
        policy.erase("compulsory");
        policy.erase("own_damage");
        policy["commercial_tpl"] = nullptr;
        obj(v, "/parties/1").erase("evidence");
        obj(v, "/accident").erase("description");
        obj(v, "/accident").erase("location");
        obj(v, "/accident/situations").erase("B");
    });
    INFO(describe(d));
    REQUIRE(d.claim);
    const auto& b = d.claim->parties[1];
    CHECK_FALSE(b.policy.compulsory);
    CHECK_FALSE(b.policy.commercial_tpl);
    CHECK_FALSE(b.policy.own_damage);
    CHECK(b.evidence.empty());
    CHECK(b.situations.empty());  // absent from accident.situations: ticked nothing
    CHECK(d.claim->accident.description.empty());
    CHECK(d.claim->accident.location.empty());
}

TEST_CASE("identifiers in the forms integrators send are accepted and kept normalised",
          "[claim_json]") {
    const auto d = decode_with([](bj::value& v) {
        obj(v, "/parties/0/vehicle")["plate"] = "甘ｅ·１２３４５";
        obj(v, "/parties/0/vehicle")["vin"] = "lsvau2187n2123456";
        obj(v, "/parties/0/driver")["phone"] = "+86 138 0000 0000";
        obj(v, "/parties/1/driver")["phone"] = "8613900000001";
        obj(v, "/parties/0")["repair_shop"] =
            bj::object{{"name", "天水顺达汽修"}, {"credit_code", "91350100m000100y43"}};
        obj(v, "/parties/0")["payee_account"] = "6222 0212 3456 7890";
    });
    INFO(describe(d));
    REQUIRE(d.claim);
    const auto& a = d.claim->parties[0];
    CHECK(a.vehicle.plate == "甘E12345");
    CHECK(a.vehicle.vin == "LSVAU2187N2123456");
    CHECK(a.driver.phone == "13800000000");
    CHECK(d.claim->parties[1].driver.phone == "13900000001");
    REQUIRE(a.repair_shop);
    CHECK(a.repair_shop->credit_code == "91350100M000100Y43");
    CHECK(a.payee_account == "6222021234567890");
}

TEST_CASE("an accident county must be one of the region's real counties", "[claim_json]") {
    for (const char* county : {"621201", "621299"}) {
        const auto d = decode_with([&](bj::value& v) { obj(v, "/accident")["county"] = county; });
        INFO(county);
        CHECK(has_error(d, "/accident/county", "COUNTY_NOT_IN_REGION"));
    }
}

TEST_CASE("a body that is not JSON gives one MALFORMED_JSON error at the root", "[claim_json]") {
    for (std::string_view body : {"", "{", "{\"external_ref\": }", "{} {}", "\xff\xfe{}",
                                  "{\"external_ref\": \"\xc3\x28\"}"}) {
        const auto d = decode(body);
        INFO(body);
        CHECK_FALSE(d.claim);
        REQUIRE(d.errors.size() == 1);
        CHECK(d.errors[0].path.empty());
        CHECK(d.errors[0].code == "MALFORMED_JSON");
        CHECK(gateway::json::is_malformed(d));
    }
}

TEST_CASE("JSON that is not an object is invalid content, not malformed", "[claim_json]") {
    const auto d = decode(std::string_view("[1, 2]"));
    CHECK_FALSE(d.claim);
    CHECK(has_error(d, "", "WRONG_TYPE"));
    CHECK_FALSE(gateway::json::is_malformed(d));
    CHECK_FALSE(gateway::json::is_malformed(decode(test_samples::valid_claim_body())));
}

TEST_CASE("money is a number or a string with at most two decimals", "[claim_json]") {
    SECTION("numbers are read through their shortest round-trip text") {
        CHECK(decode_loss_literal("1800.5").claim->parties[0].estimated_loss.fen == 180050);
        CHECK(decode_loss_literal("1800").claim->parties[0].estimated_loss.fen == 180000);
        CHECK(decode_loss_literal("1800.10").claim->parties[0].estimated_loss.fen == 180010);
        CHECK(decode_loss_literal("0.07").claim->parties[0].estimated_loss.fen == 7);
        CHECK(decode_loss_literal("1.8005e3").claim->parties[0].estimated_loss.fen == 180050);
        CHECK(decode_loss_literal("1e12").claim->parties[0].estimated_loss.fen ==
              100'000'000'000'000);
        CHECK(decode_loss_literal("9999999999999.99").claim->parties[0].estimated_loss.fen ==
              999'999'999'999'999);
    }
    SECTION("strings are read exactly") {
        CHECK(decode_loss_literal("\"1800.5\"").claim->parties[0].estimated_loss.fen == 180050);
        CHECK(decode_loss_literal("\"1800\"").claim->parties[0].estimated_loss.fen == 180000);
    }
    SECTION("everything else is INVALID_MONEY at the member's path") {
        for (std::string_view bad :
             {"1800.123", "\"1800.123\"", "-5", "-0.5", "\"-5.00\"", "1e13", "10000000000000",
              "18446744073709551615", "1e300", "1e-7", "true", "[]", "{}", "\"\"", "\"1,800\"",
              "\"1e3\"", "\" 1800\"", "\"+1800\"", "\"18000000000000.00\""}) {
            const auto d = decode_loss_literal(bad);
            INFO(bad << "\n" << describe(d));
            CHECK_FALSE(d.claim);
            CHECK(d.errors.size() == 1);
            CHECK(has_error(d, "/parties/0/estimated_loss", "INVALID_MONEY"));
        }
    }
}

namespace {

struct error_case {
    std::string name;
    std::function<void(bj::value&)> change;
    std::string path;
    std::string code;
};

std::vector<error_case> error_cases() {
    using v = bj::value;
    return {
        {"missing member", [](v& b) { obj(b, "/parties/0/vehicle").erase("plate"); },
         "/parties/0/vehicle/plate", "MISSING"},
        {"missing top level", [](v& b) { b.as_object().erase("external_ref"); }, "/external_ref",
         "MISSING"},
        {"null required", [](v& b) { obj(b, "/accident")["region"] = nullptr; }, "/accident/region",
         "MISSING"},
        {"empty name", [](v& b) { obj(b, "/parties/1/driver")["name"] = ""; },
         "/parties/1/driver/name", "MISSING"},
        {"bool as string", [](v& b) { obj(b, "/accident")["injuries"] = "no"; },
         "/accident/injuries", "WRONG_TYPE"},
        {"object as number", [](v& b) { obj(b, "/parties/0")["vehicle"] = 5; },
         "/parties/0/vehicle", "WRONG_TYPE"},
        {"party not an object", [](v& b) { b.at_pointer("/parties").as_array()[1] = "B"; },
         "/parties/1", "WRONG_TYPE"},
        {"string as number", [](v& b) { obj(b, "/parties/0/driver")["name"] = 12; },
         "/parties/0/driver/name", "WRONG_TYPE"},
        {"situations not a list", [](v& b) { obj(b, "/accident/situations")["A"] = 1; },
         "/accident/situations/A", "WRONG_TYPE"},
        {"situation not an integer",
         [](v& b) { obj(b, "/accident/situations")["A"] = bj::array{"1"}; },
         "/accident/situations/A/0", "WRONG_TYPE"},
        {"unknown top-level field", [](v& b) { b.as_object()["extra"] = 1; }, "/extra",
         "UNKNOWN_FIELD"},
        {"unknown nested field",
         [](v& b) { obj(b, "/parties/1/policy/compulsory")["insured"] = "x"; },
         "/parties/1/policy/compulsory/insured", "UNKNOWN_FIELD"},
        {"unknown field in evidence", [](v& b) { obj(b, "/parties/0/evidence/0")["size"] = 1; },
         "/parties/0/evidence/0/size", "UNKNOWN_FIELD"},
        {"unknown key escaped", [](v& b) { obj(b, "/accident")["a/b~c"] = 1; }, "/accident/a~1b~0c",
         "UNKNOWN_FIELD"},
        {"plate", [](v& b) { obj(b, "/parties/0/vehicle")["plate"] = "甘E1234I"; },
         "/parties/0/vehicle/plate", "INVALID_PLATE"},
        {"vin check digit", [](v& b) { obj(b, "/parties/0/vehicle")["vin"] = "LSVAU2180N2123456"; },
         "/parties/0/vehicle/vin", "INVALID_VIN"},
        {"vin with Q", [](v& b) { obj(b, "/parties/0/vehicle")["vin"] = "QSVAU2187N2123456"; },
         "/parties/0/vehicle/vin", "INVALID_VIN"},
        {"phone in an unallocated segment",
         [](v& b) { obj(b, "/parties/1/driver")["phone"] = "14012345678"; },
         "/parties/1/driver/phone", "INVALID_PHONE"},
        {"repair shop credit code",
         [](v& b) {
             obj(b, "/parties/0")["repair_shop"] =
                 boost::json::object{{"name", "x"}, {"credit_code", "91350100M000100Y44"}};
         },
         "/parties/0/repair_shop/credit_code", "INVALID_CREDIT_CODE"},
        {"payee account", [](v& b) { obj(b, "/parties/0")["payee_account"] = "12345"; },
         "/parties/0/payee_account", "INVALID_ACCOUNT"},
        {"id number", [](v& b) { obj(b, "/parties/0/driver")["id_number"] = "620502199001011234"; },
         "/parties/0/driver/id_number", "INVALID_ID_NUMBER"},
        {"phone", [](v& b) { obj(b, "/parties/1/driver")["phone"] = "23800000000"; },
         "/parties/1/driver/phone", "INVALID_PHONE"},
        {"accident region", [](v& b) { obj(b, "/accident")["region"] = "621201"; },
         "/accident/region", "INVALID_REGION"},
        {"policy region is a province",
         [](v& b) { obj(b, "/parties/0/policy")["region"] = "620000"; }, "/parties/0/policy/region",
         "INVALID_REGION"},
        {"accident outside the zone",
         [](v& b) {
             obj(b, "/accident")["region"] = "620100";
             obj(b, "/accident")["county"] = "620102";
         },
         "/accident/region", "NOT_MEMBER_REGION"},
        {"county elsewhere", [](v& b) { obj(b, "/accident")["county"] = "620502"; },
         "/accident/county", "COUNTY_NOT_IN_REGION"},
        {"county is the prefecture", [](v& b) { obj(b, "/accident")["county"] = "621200"; },
         "/accident/county", "COUNTY_NOT_IN_REGION"},
        {"insurer", [](v& b) { obj(b, "/parties/1/policy")["insurer"] = "XYZ"; },
         "/parties/1/policy/insurer", "UNKNOWN_MEMBER"},
        {"tpl amount", [](v& b) { obj(b, "/parties/0/policy/commercial_tpl")["amount"] = "1.001"; },
         "/parties/0/policy/commercial_tpl/amount", "INVALID_MONEY"},
        {"time without offset",
         [](v& b) { obj(b, "/accident")["occurred_at"] = "2026-11-20T08:15:00"; },
         "/accident/occurred_at", "INVALID_TIME"},
        {"evidence time", [](v& b) { obj(b, "/parties/0/evidence/0")["taken_at"] = "yesterday"; },
         "/parties/0/evidence/0/taken_at", "INVALID_TIME"},
        {"date", [](v& b) { obj(b, "/parties/0/policy/compulsory")["start"] = "2026-02-30"; },
         "/parties/0/policy/compulsory/start", "INVALID_DATE"},
        {"dates reversed",
         [](v& b) { obj(b, "/parties/0/policy/commercial_tpl")["end"] = "2026-01-01"; },
         "/parties/0/policy/commercial_tpl/end", "POLICY_DATES_REVERSED"},
        {"situation out of range",
         [](v& b) { obj(b, "/accident/situations")["A"] = bj::array{22}; },
         "/accident/situations/A/0", "INVALID_SITUATION"},
        {"situation zero", [](v& b) { obj(b, "/accident/situations")["B"] = bj::array{0}; },
         "/accident/situations/B/0", "INVALID_SITUATION"},
        {"more than three situations",
         [](v& b) {
             obj(b, "/accident/situations")["A"] = bj::array{1, 2, 3, 4};
         },
         "/accident/situations/A", "INVALID_SITUATION"},
        {"duplicate situation",
         [](v& b) {
             obj(b, "/accident/situations")["A"] = bj::array{1, 1};
         },
         "/accident/situations/A/1", "INVALID_SITUATION"},
        {"situations of no party", [](v& b) { obj(b, "/accident/situations")["C"] = bj::array{}; },
         "/accident/situations/C", "SITUATIONS_UNKNOWN_ROLE"},
        {"evidence hash upper case",
         [](v& b) { obj(b, "/parties/0/evidence/0")["sha256"] = std::string(64, 'A'); },
         "/parties/0/evidence/0/sha256", "INVALID_EVIDENCE_HASH"},
        {"evidence kind", [](v& b) { obj(b, "/parties/1/evidence/0")["kind"] = "audio"; },
         "/parties/1/evidence/0/kind", "INVALID_EVIDENCE_KIND"},
        {"role lower case", [](v& b) { obj(b, "/parties/0")["role"] = "a"; }, "/parties/0/role",
         "INVALID_ROLE"},
        {"role two letters", [](v& b) { obj(b, "/parties/1")["role"] = "BB"; }, "/parties/1/role",
         "INVALID_ROLE"},
        {"role repeated", [](v& b) { obj(b, "/parties/1")["role"] = "A"; }, "/parties/1/role",
         "DUPLICATE_ROLE"},
        {"no parties", [](v& b) { b.as_object()["parties"] = bj::array{}; }, "/parties",
         "NO_PARTIES"},
        {"external_ref too long",
         [](v& b) { b.as_object()["external_ref"] = std::string(65, 'X'); }, "/external_ref",
         "TOO_LONG"},
        {"location too long", [](v& b) { obj(b, "/accident")["location"] = std::string(501, 'x'); },
         "/accident/location", "TOO_LONG"},
        {"description too long",
         [](v& b) { obj(b, "/accident")["description"] = repeat("追", 501); },
         "/accident/description", "TOO_LONG"},
        {"name too long", [](v& b) { obj(b, "/parties/0/driver")["name"] = repeat("张", 101); },
         "/parties/0/driver/name", "TOO_LONG"},
        {"external_ref empty", [](v& b) { b.as_object()["external_ref"] = ""; }, "/external_ref",
         "INVALID_EXTERNAL_REF"},
        {"external_ref with space", [](v& b) { b.as_object()["external_ref"] = "PICC 1"; },
         "/external_ref", "INVALID_EXTERNAL_REF"},
        {"external_ref not ASCII", [](v& b) { b.as_object()["external_ref"] = "报案1"; },
         "/external_ref", "INVALID_EXTERNAL_REF"},
        {"external_ref control", [](v& b) { b.as_object()["external_ref"] = "A\tB"; },
         "/external_ref", "INVALID_EXTERNAL_REF"},
    };
}

}  // namespace

TEST_CASE("each invalid member is reported with its code at its JSON pointer", "[claim_json]") {
    for (const auto& c : error_cases()) {
        DYNAMIC_SECTION(c.name) {
            const auto d = decode_with(c.change);
            INFO(describe(d));
            CHECK_FALSE(d.claim);
            CHECK(has_error(d, c.path, c.code));
            CHECK_FALSE(gateway::json::is_malformed(d));
        }
    }
}

TEST_CASE("situation keys are not called unknown while a party's role is unreadable",
          "[claim_json]") {
    const auto d = decode_with([](bj::value& b) { b.at_pointer("/parties").as_array()[1] = 7; });
    INFO(describe(d));
    CHECK(d.errors.size() == 1);
    CHECK(has_error(d, "/parties/1", "WRONG_TYPE"));
}

TEST_CASE("values at their limits are accepted", "[claim_json]") {
    const auto d = decode_with([](bj::value& b) {
        b.as_object()["external_ref"] = std::string(64, '~');
        obj(b, "/accident")["description"] = repeat("追", 500);  // 1500 bytes, 500 characters
        obj(b, "/accident")["location"] = std::string(500, 'x');
        obj(b, "/parties/0/driver")["name"] = repeat("张", 100);
        obj(b, "/accident/situations")["A"] = bj::array{1, 21, 99};
        obj(b, "/parties/0/policy/compulsory")["end"] = "2026-03-01";  // a one-day cover
        obj(b, "/parties/1/vehicle")["plate"] = "甘KD12345";           // new-energy
    });
    INFO(describe(d));
    REQUIRE(d.claim);
    CHECK(d.claim->parties[0].situations == std::vector<int>{1, 21, 99});
}

TEST_CASE("every problem of a body is reported at once", "[claim_json]") {
    const auto d = decode_with([](bj::value& b) {
        b.as_object()["extra"] = true;
        obj(b, "/parties/1/vehicle")["plate"] = "B12345";
        obj(b, "/parties/1/vehicle")["vin"] = "LSVAU2180N2123456";
        obj(b, "/parties/1/driver")["phone"] = "123";
        obj(b, "/parties/0/policy").erase("insurer");
        obj(b, "/accident/situations")["A"] = bj::array{1, 42};
    });
    INFO(describe(d));
    CHECK_FALSE(d.claim);
    CHECK(d.errors.size() == 6);
    CHECK(has_error(d, "/extra", "UNKNOWN_FIELD"));
    CHECK(has_error(d, "/parties/1/vehicle/plate", "INVALID_PLATE"));
    CHECK(has_error(d, "/parties/1/vehicle/vin", "INVALID_VIN"));
    CHECK(has_error(d, "/parties/1/driver/phone", "INVALID_PHONE"));
    CHECK(has_error(d, "/parties/0/policy/insurer", "MISSING"));
    CHECK(has_error(d, "/accident/situations/A/1", "INVALID_SITUATION"));
}

TEST_CASE("unknown fields are reported at the top level and at every depth", "[claim_json]") {
    const auto d = decode_with([](bj::value& b) {
        b.as_object()["submitted_by"] = "PICC";
        obj(b, "/accident")["weather"] = "rain";
        obj(b, "/parties/0")["…"] = "same shape";
        obj(b, "/parties/0/vehicle")["colour"] = "red";
        obj(b, "/parties/1/driver")["email"] = "x@example.com";
        obj(b, "/parties/1/policy/commercial_tpl")["deductible"] = 0;
        obj(b, "/parties/1/evidence/0")["url"] = "https://example.com/p.jpg";
    });
    INFO(describe(d));
    CHECK_FALSE(d.claim);
    CHECK(d.errors.size() == 7);
    for (const char* path :
         {"/submitted_by", "/accident/weather", "/parties/0/…", "/parties/0/vehicle/colour",
          "/parties/1/driver/email", "/parties/1/policy/commercial_tpl/deductible",
          "/parties/1/evidence/0/url"})
        CHECK(has_error(d, path, "UNKNOWN_FIELD"));
}

TEST_CASE("the assessment encodes to API.md's shape with money as strings", "[claim_json]") {
    const auto d = decode(test_samples::valid_claim_body());
    REQUIRE(d.claim);
    const auto a = fast_settle::assess(*d.claim, demo_zone(), demo_rulebook());
    REQUIRE(a.fast_settle.eligible);
    const auto tier = domain::choose_tier(*d.claim, a.fast_settle.eligible);
    const auto deadlines = domain::deadlines_from(tier, domain::claim_status::reported,
                                                  d.claim->accident.occurred_at, {});
    REQUIRE_FALSE(deadlines.empty());

    const auto text = gateway::json::encode_assessment_fields(a, tier, deadlines);
    const auto root = bj::parse(text).as_object();
    CHECK(root.size() == 3);

    const auto& fs = root.at("fast_settle").as_object();
    CHECK(fs.at("eligible") == true);
    CHECK(fs.at("reasons").as_array().empty());
    CHECK(fs.at("table_version") == "test-2026.1");
    CHECK(str(fs.at("table_sha256")) == std::string(64, 'a'));
    CHECK(fs.at("liability") == bj::object{{"A", 100}, {"B", 0}});
    CHECK(fs.at("decided_by").as_string() == a.fast_settle.decided_by);
    const auto& payments = fs.at("payments").as_array();
    REQUIRE(payments.size() == a.fast_settle.payments.size());
    const auto line = [&](std::string_view coverage) -> const bj::object& {
        for (const auto& p : payments)
            if (str(p.as_object().at("coverage")) == coverage) return p.as_object();
        FAIL("no " << coverage << " line");
        return payments[0].as_object();
    };
    CHECK(line("COMPULSORY_PROPERTY") == bj::object{{"payer", "PICC"},
                                                    {"on_behalf_of", nullptr},
                                                    {"beneficiary", "B"},
                                                    {"coverage", "COMPULSORY_PROPERTY"},
                                                    {"amount", "1800.00"}});
    CHECK(line("NO_FAULT_PROXY").at("on_behalf_of") == "PAIC");
    CHECK(line("NO_FAULT_PROXY").at("amount") == "100.00");
    CHECK(line("OWN_DAMAGE").at("amount") == "400.00");

    const auto& ms = root.at("mutual_self_settle").as_object();
    CHECK(ms.size() == 3);
    CHECK(ms.at("eligible") == false);
    CHECK_FALSE(ms.at("reasons").as_array().empty());
    CHECK(ms.at("payments").as_array().empty());

    const auto& sla = root.at("sla").as_object();
    CHECK(sla.at("tier") == "FAST_SETTLE");
    const auto& due = sla.at("deadlines").as_array();
    REQUIRE(due.size() == deadlines.size());
    const auto& first = due[0].as_object();
    CHECK(first.size() == 3);
    CHECK(str(first.at("stage")) == domain::to_string(deadlines[0].stage));
    CHECK(str(first.at("due")) == domain::format_rfc3339(deadlines[0].due));
    CHECK(str(first.at("due")).ends_with("+08:00"));
    CHECK(str(first.at("basis")) == deadlines[0].basis);
}

TEST_CASE("an undecided assessment encodes liability as null and no payments", "[claim_json]") {
    fast_settle::assessment a;
    a.fast_settle.reasons = {"INJURIES", "LIABILITY_UNCLEAR"};
    a.fast_settle.table_version = "v1";
    a.fast_settle.decided_by = "both parties at fault";
    a.mutual_self_settle.eligible = true;
    a.mutual_self_settle.payments.push_back(
        {"CPIC", std::nullopt, "A", fast_settle::coverage::compulsory_property, {123456}});

    const auto root =
        bj::parse(gateway::json::encode_assessment_fields(a, domain::sla_tier::complex, {}))
            .as_object();
    const auto& fs = root.at("fast_settle").as_object();
    CHECK(fs.at("eligible") == false);
    CHECK(fs.at("liability").is_null());
    CHECK(fs.at("reasons") == bj::array{"INJURIES", "LIABILITY_UNCLEAR"});
    CHECK(fs.at("payments").as_array().empty());
    const auto& ms = root.at("mutual_self_settle").as_object();
    CHECK(ms.at("payments").at(0).at("amount") == "1234.56");
    CHECK(root.at("sla") == bj::object{{"tier", "COMPLEX"}, {"deadlines", bj::array{}}});
}

TEST_CASE("splice_objects joins the members of two object texts", "[claim_json]") {
    using gateway::json::splice_objects;
    CHECK(splice_objects(R"({"claim_id":"c1"})", R"({"sla":{}})") ==
          R"({"claim_id":"c1","sla":{}})");
    CHECK(splice_objects("{}", R"({"a":1})") == R"({"a":1})");
    CHECK(splice_objects(R"({"a":1})", " { } ") == R"({"a":1})");
    CHECK(splice_objects("{}", "{}") == "{}");
    const auto whole =
        splice_objects(R"({"claim_id":"c1","routing":[]})",
                       gateway::json::encode_assessment_fields({}, domain::sla_tier::normal, {}));
    const auto root = bj::parse(whole).as_object();
    CHECK(root.size() == 5);
    CHECK(root.at("claim_id") == "c1");
    CHECK(root.at("sla").at("tier") == "NORMAL");
}

TEST_CASE("the README's example report examples/claim.json is a valid claim", "[claim_json]") {
    std::ifstream in(std::string(CROSSCLAIM_SOURCE_DIR) + "/examples/claim.json");
    REQUIRE(in);
    std::ostringstream body;
    body << in.rdbuf();
    const auto decoded = decode_claim(body.str(), demo_zone());
    INFO((decoded.errors.empty() ? std::string() : decoded.errors.front().path));
    CHECK(decoded.claim);
}

TEST_CASE("a key given twice in any object is refused at its pointer, never resolved silently",
          "[claim_json]") {
    const auto with = [](const std::string& from, const std::string& to) {
        auto body = test_samples::valid_claim_body();
        body.replace(body.find(from), from.size(), to);
        return decode(body);
    };
    // At the top, the last value would otherwise win.
    auto d = with(R"("external_ref": "PICC-TS-2026-000123",)",
                  R"("external_ref": "PICC-TS-2026-000123", "external_ref": "PICC-OTHER",)");
    CHECK_FALSE(d.claim);
    CHECK_FALSE(gateway::json::is_malformed(d));
    CHECK(has_error(d, "/external_ref", "DUPLICATE_KEY"));
    // Deep inside an array element: the second party's driver.
    d = with(R"("name": "李四",)", R"("name": "李四", "name": "王五",)");
    CHECK(has_error(d, "/parties/1/driver/name", "DUPLICATE_KEY"));
    CHECK(d.errors.size() == 1);
    // The same key in two different objects is no duplicate.
    CHECK(decode(test_samples::valid_claim_body()).claim);
}
