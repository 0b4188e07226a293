#include "gateway/json/fields.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "domain/lifecycle.hpp"
#include "domain/money.hpp"
#include "domain/time.hpp"
#include "tests/unit/fixtures.hpp"

using namespace crossclaim;
using gateway::json::decode_assist;
using gateway::json::decode_inbox_ack;
using gateway::json::decode_status_change;
using gateway::json::decoded;
using gateway::json::status_change;
using test_fixtures::describe;
using test_fixtures::has_error;
using test_fixtures::repeat;

namespace {

constexpr std::string_view at_text = R"("at": "2026-11-21T10:00:00+08:00")";

/// A status change for party A with the given status and extra members (text after a comma).
decoded<status_change> change(std::string_view status, std::string_view extra = "") {
    std::string body =
        R"({"party": "A", "status": ")" + std::string(status) + "\", " + std::string(at_text);
    if (!extra.empty()) body += ", " + std::string(extra);
    return decode_status_change(body + "}");
}

/// The value of a body that decoded cleanly (a copy: the decoded result is a temporary).
template <class T>
T valid(const decoded<T>& d) {
    INFO(describe(d));
    REQUIRE_FALSE(d.malformed);
    REQUIRE(d.errors.empty());
    REQUIRE(d.value);
    return *d.value;
}

/// Exactly one error, `code` at `path`, and no value.
template <class T>
void only_error(const decoded<T>& d, std::string_view path, std::string_view code) {
    INFO(describe(d));
    CHECK_FALSE(d.malformed);
    CHECK_FALSE(d.value);
    CHECK(d.errors.size() == 1);
    CHECK(has_error(d, path, code));
}

std::string assist_body(std::string_view services,
                        std::string_view claim_id = "3f2b8c1e-0d4a-4e8f-9b6a-2c1d5e7f8a90",
                        std::string_view adjuster = "ADJ-0042") {
    return R"({"adjuster_id": ")" + std::string(adjuster) + R"(", "claim_id": ")" +
           std::string(claim_id) + R"(", "services": )" + std::string(services) + ", " +
           std::string(at_text) + "}";
}

}  // namespace

// --- status change ------------------------------------------------------------------------

TEST_CASE("a valid status change decodes to domain values with money in fen", "[fields]") {
    const auto& assessed = valid(change("ASSESSED", R"("amount": "1800.00")"));
    CHECK(assessed.party == "A");
    CHECK(assessed.status == domain::claim_status::assessed);
    CHECK(assessed.at == *domain::parse_rfc3339("2026-11-21T02:00:00Z"));
    CHECK(assessed.amount == domain::yuan(1800));
    CHECK_FALSE(assessed.method);
    CHECK_FALSE(assessed.reason);

    const auto& paid = valid(change("PAID", R"("amount": 1800.5, "method": "E_PAYMENT")"));
    CHECK(paid.status == domain::claim_status::paid);
    CHECK(paid.amount == domain::money{180050});
    CHECK(paid.method == domain::payment_method::e_payment);

    const auto& rejected = valid(change("REJECTED", R"("reason": "驾驶证过期")"));
    CHECK(rejected.reason == std::string("驾驶证过期"));
    CHECK_FALSE(rejected.amount);
}

TEST_CASE("statuses without status-dependent members decode with none of them", "[fields]") {
    for (const char* status : {"ACCEPTED", "SURVEYED", "DOCUMENTS_COMPLETE", "APPROVED", "CLOSED",
                               "WITHDRAWN", "DISPUTED"}) {
        INFO(status);
        const auto& c = valid(change(status));
        CHECK(domain::to_string(c.status) == status);
        CHECK_FALSE(c.amount);
        CHECK_FALSE(c.method);
        CHECK_FALSE(c.reason);
    }
}

TEST_CASE("APPROVED may carry an amount, WITHDRAWN and DISPUTED may carry a reason", "[fields]") {
    CHECK(valid(change("APPROVED", R"("amount": 2000)")).amount == domain::yuan(2000));
    CHECK(valid(change("WITHDRAWN", R"("reason": "settled privately")")).reason ==
          std::string("settled privately"));
    CHECK(valid(change("DISPUTED", R"("reason": "liability share")")).reason ==
          std::string("liability share"));
}

TEST_CASE("party, status and at are required", "[fields]") {
    const auto d = decode_status_change("{}");
    INFO(describe(d));
    CHECK(d.errors.size() == 3);
    CHECK(has_error(d, "/party", "MISSING"));
    CHECK(has_error(d, "/status", "MISSING"));
    CHECK(has_error(d, "/at", "MISSING"));
    CHECK_FALSE(d.value);
}

TEST_CASE("a party that is not one capital letter is INVALID_ROLE", "[fields]") {
    for (const char* party : {"a", "AB", "", "1", "Ａ"}) {
        INFO(party);
        const auto d =
            decode_status_change(R"({"party": ")" + std::string(party) +
                                 R"(", "status": "ACCEPTED", )" + std::string(at_text) + "}");
        only_error(d, "/party", "INVALID_ROLE");
    }
    only_error(
        decode_status_change(R"({"party": 1, "status": "ACCEPTED", )" + std::string(at_text) + "}"),
        "/party", "WRONG_TYPE");
}

TEST_CASE("an unknown status and the gateway's own REPORTED and ROUTED are INVALID_STATUS",
          "[fields]") {
    for (const char* status : {"REPORTED", "ROUTED", "assessed", "SETTLED", ""}) {
        INFO(status);
        only_error(change(status), "/status", "INVALID_STATUS");
    }
}

TEST_CASE("a status time without an offset is INVALID_TIME", "[fields]") {
    for (const char* at : {"2026-11-21T10:00:00", "2026-11-21", "yesterday"}) {
        INFO(at);
        only_error(decode_status_change(R"({"party": "A", "status": "ACCEPTED", "at": ")" +
                                        std::string(at) + "\"}"),
                   "/at", "INVALID_TIME");
    }
}

TEST_CASE("ASSESSED and PAID require an amount", "[fields]") {
    only_error(change("ASSESSED"), "/amount", "MISSING");
    only_error(change("PAID", R"("method": "CASH")"), "/amount", "MISSING");
    only_error(change("ASSESSED", R"("amount": null)"), "/amount", "MISSING");
}

TEST_CASE("an amount is read as in the claim body: at most two decimals, not negative",
          "[fields]") {
    CHECK(valid(change("ASSESSED", R"("amount": 0)")).amount == domain::money{0});
    CHECK(valid(change("ASSESSED", R"("amount": "0.5")")).amount == domain::money{50});
    for (const char* amount :
         {R"("1800.123")", "1800.123", "-1", R"("-1.00")", R"("1e3")", "true", "10000000000000"}) {
        INFO(amount);
        only_error(change("ASSESSED", R"("amount": )" + std::string(amount)), "/amount",
                   "INVALID_MONEY");
    }
}

TEST_CASE("an amount with any status but ASSESSED, APPROVED or PAID is UNEXPECTED_FIELD",
          "[fields]") {
    for (const char* status :
         {"ACCEPTED", "SURVEYED", "DOCUMENTS_COMPLETE", "CLOSED", "REJECTED", "WITHDRAWN"}) {
        INFO(status);
        const std::string extra =
            std::string(R"("amount": "10.00")") +
            (std::string_view(status) == "REJECTED" ? R"(, "reason": "x")" : "");
        only_error(change(status, extra), "/amount", "UNEXPECTED_FIELD");
    }
    // Null is absence, as everywhere in the API.
    valid(change("ACCEPTED", R"("amount": null)"));
}

TEST_CASE("PAID requires a method from the four payment methods", "[fields]") {
    only_error(change("PAID", R"("amount": "1.00")"), "/method", "MISSING");
    for (const char* method : {"WIRE", "bank_transfer", ""}) {
        INFO(method);
        only_error(change("PAID", R"("amount": "1.00", "method": ")" + std::string(method) + "\""),
                   "/method", "INVALID_METHOD");
    }
    for (const char* method : {"BANK_TRANSFER", "CHECK", "CASH", "E_PAYMENT"}) {
        INFO(method);
        const auto& c =
            valid(change("PAID", R"("amount": "1.00", "method": ")" + std::string(method) + "\""));
        REQUIRE(c.method);
        CHECK(domain::to_string(*c.method) == method);
    }
}

TEST_CASE("a method with any status but PAID is UNEXPECTED_FIELD", "[fields]") {
    only_error(change("ASSESSED", R"("amount": "1.00", "method": "CASH")"), "/method",
               "UNEXPECTED_FIELD");
    only_error(change("APPROVED", R"("method": "CASH")"), "/method", "UNEXPECTED_FIELD");
}

TEST_CASE("REJECTED requires a reason of 1 to 500 characters", "[fields]") {
    only_error(change("REJECTED"), "/reason", "MISSING");
    only_error(change("REJECTED", R"("reason": "")"), "/reason", "MISSING");
    only_error(change("REJECTED", R"("reason": ")" + repeat("拒", 501) + "\""), "/reason",
               "TOO_LONG");
    // The limit counts characters, not the bytes of their UTF-8.
    CHECK(valid(change("REJECTED", R"("reason": ")" + repeat("拒", 500) + "\"")).reason->size() ==
          1500);
}

TEST_CASE("an optional reason that is given must not be empty or too long", "[fields]") {
    only_error(change("WITHDRAWN", R"("reason": "")"), "/reason", "MISSING");
    only_error(change("DISPUTED", R"("reason": ")" + repeat("x", 501) + "\""), "/reason",
               "TOO_LONG");
}

TEST_CASE("a reason with any status but REJECTED, WITHDRAWN or DISPUTED is UNEXPECTED_FIELD",
          "[fields]") {
    only_error(change("ACCEPTED", R"("reason": "because")"), "/reason", "UNEXPECTED_FIELD");
    only_error(change("PAID", R"("amount": "1.00", "method": "CASH", "reason": "because")"),
               "/reason", "UNEXPECTED_FIELD");
}

TEST_CASE("unknown members of a status change are UNKNOWN_FIELD", "[fields]") {
    only_error(change("ACCEPTED", R"("note": "hi")"), "/note", "UNKNOWN_FIELD");
    only_error(change("ACCEPTED", R"("a/b": 1)"), "/a~1b", "UNKNOWN_FIELD");
}

TEST_CASE("with an invalid status the other members' own form is still checked", "[fields]") {
    // Whether amount, method or reason belong cannot be judged, so none is missing or
    // unexpected, but a malformed one is still reported.
    const auto d = change("SETTLED", R"("amount": "1.234", "method": "WIRE", "reason": "")");
    INFO(describe(d));
    CHECK(d.errors.size() == 4);
    CHECK(has_error(d, "/status", "INVALID_STATUS"));
    CHECK(has_error(d, "/amount", "INVALID_MONEY"));
    CHECK(has_error(d, "/method", "INVALID_METHOD"));
    CHECK(has_error(d, "/reason", "MISSING"));

    only_error(change("ROUTED", R"("amount": "1.00", "reason": "x")"), "/status", "INVALID_STATUS");
}

TEST_CASE("every problem of a status change is reported at once", "[fields]") {
    const auto d = decode_status_change(
        R"({"party": "a", "status": "PAID", "at": "noon", "amount": "1.001", "method": "WIRE",
            "reason": "late", "extra": true})");
    INFO(describe(d));
    CHECK_FALSE(d.malformed);
    CHECK_FALSE(d.value);
    CHECK(d.errors.size() == 6);
    CHECK(has_error(d, "/party", "INVALID_ROLE"));
    CHECK(has_error(d, "/at", "INVALID_TIME"));
    CHECK(has_error(d, "/amount", "INVALID_MONEY"));
    CHECK(has_error(d, "/method", "INVALID_METHOD"));
    CHECK(has_error(d, "/reason", "UNEXPECTED_FIELD"));
    CHECK(has_error(d, "/extra", "UNKNOWN_FIELD"));
}

// --- assist -------------------------------------------------------------------------------

TEST_CASE("a valid assist decodes with its services in the order given", "[fields]") {
    const auto& a = valid(decode_assist(assist_body(R"(["PHOTOS", "RESCUE"])")));
    CHECK(a.adjuster_id == "ADJ-0042");
    CHECK(a.claim_id == "3f2b8c1e-0d4a-4e8f-9b6a-2c1d5e7f8a90");
    CHECK(a.services == std::vector<std::string>{"PHOTOS", "RESCUE"});
    CHECK(a.at == *domain::parse_rfc3339("2026-11-21T02:00:00Z"));

    const auto& all = valid(decode_assist(assist_body(
        R"(["REPORT_TO_POLICE", "REPORT_TO_INSURER", "PHOTOS", "RESCUE", "GUIDANCE", "SURVEY_HELP"])")));
    CHECK(all.services.size() == 6);
}

TEST_CASE("adjuster_id, claim_id, services and at are required", "[fields]") {
    const auto d = decode_assist("{}");
    INFO(describe(d));
    CHECK(d.errors.size() == 4);
    for (const char* path : {"/adjuster_id", "/claim_id", "/services", "/at"})
        CHECK(has_error(d, path, "MISSING"));
}

TEST_CASE("an adjuster id is 1 to 64 visible ASCII characters", "[fields]") {
    valid(decode_assist(
        assist_body(R"(["PHOTOS"])", "3f2b8c1e-0d4a-4e8f-9b6a-2c1d5e7f8a90", repeat("x", 64))));
    only_error(decode_assist(assist_body(R"(["PHOTOS"])", "3f2b8c1e-0d4a-4e8f-9b6a-2c1d5e7f8a90",
                                         repeat("x", 65))),
               "/adjuster_id", "TOO_LONG");
    only_error(
        decode_assist(assist_body(R"(["PHOTOS"])", "3f2b8c1e-0d4a-4e8f-9b6a-2c1d5e7f8a90", "")),
        "/adjuster_id", "MISSING");
    for (const char* id : {"ADJ 42", "张三", "ADJ\\t42"}) {
        INFO(id);
        only_error(
            decode_assist(assist_body(R"(["PHOTOS"])", "3f2b8c1e-0d4a-4e8f-9b6a-2c1d5e7f8a90", id)),
            "/adjuster_id", "INVALID_ADJUSTER_ID");
    }
}

TEST_CASE("a claim id that is not canonical UUID text is INVALID_CLAIM_ID", "[fields]") {
    for (const char* id :
         {"3f2b8c1e0d4a4e8f9b6a2c1d5e7f8a90", "{3f2b8c1e-0d4a-4e8f-9b6a-2c1d5e7f8a90}",
          "3f2b8c1e-0d4a-4e8f-9b6a-2c1d5e7f8a9g", "PICC-TS-2026-000123", ""}) {
        INFO(id);
        only_error(decode_assist(assist_body(R"(["PHOTOS"])", id)), "/claim_id",
                   "INVALID_CLAIM_ID");
    }
}

TEST_CASE("an upper-case claim id is accepted and read in lower case", "[fields]") {
    const auto& a =
        valid(decode_assist(assist_body(R"(["PHOTOS"])", "3F2B8C1E-0D4A-4E8F-9B6A-2C1D5E7F8A90")));
    CHECK(a.claim_id == "3f2b8c1e-0d4a-4e8f-9b6a-2c1d5e7f8a90");
}

TEST_CASE("services must be a non-empty array of unique known services", "[fields]") {
    only_error(decode_assist(assist_body("[]")), "/services", "MISSING");
    only_error(decode_assist(assist_body(R"("PHOTOS")")), "/services", "WRONG_TYPE");
    only_error(decode_assist(assist_body(R"(["PHOTOS", "TOWING"])")), "/services/1",
               "INVALID_SERVICE");
    only_error(decode_assist(assist_body(R"(["PHOTOS", "RESCUE", "PHOTOS"])")), "/services/2",
               "INVALID_SERVICE");
    only_error(decode_assist(assist_body(R"(["photos"])")), "/services/0", "INVALID_SERVICE");
    only_error(decode_assist(assist_body(R"(["PHOTOS", 3])")), "/services/1", "WRONG_TYPE");
}

TEST_CASE("every problem of an assist is reported at once", "[fields]") {
    const auto d = decode_assist(
        R"({"adjuster_id": "a b", "claim_id": "x", "services": ["TOWING", "GUIDANCE", "GUIDANCE"],
            "at": "2026-11-21 10:00", "urgent": true})");
    INFO(describe(d));
    CHECK_FALSE(d.value);
    CHECK(d.errors.size() == 6);
    CHECK(has_error(d, "/adjuster_id", "INVALID_ADJUSTER_ID"));
    CHECK(has_error(d, "/claim_id", "INVALID_CLAIM_ID"));
    CHECK(has_error(d, "/services/0", "INVALID_SERVICE"));
    CHECK(has_error(d, "/services/2", "INVALID_SERVICE"));
    CHECK(has_error(d, "/at", "INVALID_TIME"));
    CHECK(has_error(d, "/urgent", "UNKNOWN_FIELD"));
}

// --- inbox ack ----------------------------------------------------------------------------

TEST_CASE("an inbox ack takes a non-negative integer or a string of digits", "[fields]") {
    CHECK(valid(decode_inbox_ack(R"({"up_to": 123})")) == 123);
    CHECK(valid(decode_inbox_ack(R"({"up_to": "123"})")) == 123);
    CHECK(valid(decode_inbox_ack(R"({"up_to": 0})")) == 0);
    CHECK(valid(decode_inbox_ack(R"({"up_to": "0"})")) == 0);
    CHECK(valid(decode_inbox_ack(R"({"up_to": "9223372036854775807"})")) == 9223372036854775807LL);
}

TEST_CASE("any other cursor is INVALID_CURSOR", "[fields]") {
    for (const char* up_to :
         {"-1", R"("-1")", R"("+1")", R"(" 1")", R"("")", R"("12a")", "1.5", "1e3", "true", "[1]",
          R"("9223372036854775808")", "18446744073709551615"}) {
        INFO(up_to);
        only_error(decode_inbox_ack(R"({"up_to": )" + std::string(up_to) + "}"), "/up_to",
                   "INVALID_CURSOR");
    }
}

TEST_CASE("an inbox ack requires up_to and refuses unknown members", "[fields]") {
    only_error(decode_inbox_ack("{}"), "/up_to", "MISSING");
    only_error(decode_inbox_ack(R"({"up_to": null})"), "/up_to", "MISSING");
    only_error(decode_inbox_ack(R"({"up_to": 5, "limit": 10})"), "/limit", "UNKNOWN_FIELD");
}

// --- all bodies ---------------------------------------------------------------------------

TEST_CASE("a status change, assist or ack that is not JSON is flagged malformed", "[fields]") {
    for (const char* body : {"", "{", R"({"party": "A",})", "party=A", "{\"a\": 1} x"}) {
        INFO(body);
        const auto check = [](const auto& d) {
            CHECK(d.malformed);
            CHECK_FALSE(d.value);
            REQUIRE(d.errors.size() == 1);
            CHECK(d.errors[0].path.empty());
            CHECK(d.errors[0].code == "MALFORMED_JSON");
        };
        check(decode_status_change(body));
        check(decode_assist(body));
        check(decode_inbox_ack(body));
    }
}

TEST_CASE("a status change, assist or ack that is not an object is WRONG_TYPE, not malformed",
          "[fields]") {
    for (const char* body : {"[]", "42", R"("up_to")", "null"}) {
        INFO(body);
        const auto check = [](const auto& d) {
            CHECK_FALSE(d.malformed);
            CHECK_FALSE(d.value);
            REQUIRE(d.errors.size() == 1);
            CHECK(d.errors[0].path.empty());
            CHECK(d.errors[0].code == "WRONG_TYPE");
        };
        check(decode_status_change(body));
        check(decode_assist(body));
        check(decode_inbox_ack(body));
    }
}

TEST_CASE("a replay body names an event, a branch, both or neither, and nothing else", "[fields]") {
    using crossclaim::gateway::json::decode_replay;
    const auto both = decode_replay(R"({"event_id":"e-1","branch":"PICC-621200"})");
    REQUIRE(both.value);
    CHECK(both.value->event_id == "e-1");
    CHECK(both.value->branch == "PICC-621200");
    const auto neither = decode_replay("{}");
    REQUIRE(neither.value);
    CHECK(neither.value->event_id.empty());
    const auto odd = decode_replay(R"({"branch":7,"colour":"red"})");
    CHECK_FALSE(odd.value);
    CHECK(odd.errors.size() == 2);
    CHECK(decode_replay("[").malformed);
}

TEST_CASE("a status change naming a key twice is refused, not read by its last value",
          "[fields]") {
    const auto d = decode_status_change(R"({"party":"A","status":"ACCEPTED","status":"PAID"})");
    CHECK_FALSE(d.value);
    CHECK_FALSE(d.malformed);
    REQUIRE(d.errors.size() == 1);
    CHECK(d.errors[0].path == "/status");
    CHECK(d.errors[0].code == "DUPLICATE_KEY");
}
