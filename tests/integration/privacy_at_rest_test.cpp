// Personal data at rest (issue 10): the identifiers of a stored claim and of the events about
// it are sealed in the database. A pg_dump of the whole database holds none of them, while
// the member reads its claim and its inbox readable.

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "claims_api.hpp"
#include "harness.hpp"

using namespace crossclaim::testing;
namespace bj = boost::json;

namespace {

// The sample's identifiers (tests/unit/gateway/claim_samples.hpp) and the payee account
// this test adds to party A.
const std::vector<std::string> planted = {
    "甘E12345",           "LSVAU2187N2123456", "张三", "620502199001011235", "13800000000",
    "甘K67890",           "LFV2A21K0N4000123", "李四", "62120219850615432X", "13900000001",
    "6222020200112233445"};

}  // namespace

TEST_CASE(
    "a pg_dump of the database holds none of a claim's identifiers, while its members read "
    "them in the claim and the inbox",
    "[integration][privacy]") {
    test_pki pki;
    test_database db;
    gateway_process gw({db.url(), &pki});
    const auto picc = pki.issue("PICC", "insurer", "picc-core");

    auto body = claim_body("PICC-PRIV-0001");
    const std::string loss = "\"estimated_loss\": \"500.00\",";
    REQUIRE(body.find(loss) != std::string::npos);
    body.replace(body.find(loss), loss.size(),
                 loss + " \"payee_account\": \"6222020200112233445\",");
    const auto claim_id = post_claim(gw.api_port(), picc, pki, "PICC-PRIV-0001", body);
    post_status(gw.api_port(), picc, pki, claim_id, "A", "ACCEPTED");

    // The member reads them.
    const auto claim = https(gw.api_port(), "GET", "/v1/claims/" + claim_id, picc, pki.ca());
    REQUIRE(claim.status == 200);
    for (const auto& value : planted) {
        INFO(value);
        CHECK(claim.body.find(value) != std::string::npos);
    }
    const auto inbox = https(gw.api_port(), "GET", "/v1/inbox?after=0", picc, pki.ca());
    REQUIRE(inbox.status == 200);
    const auto events = bj::parse(inbox.body).at("events").as_array();
    REQUIRE_FALSE(events.empty());
    for (const auto& e : events) {
        const auto& event = e.at("event").as_object();
        if (event.at("type").as_string() != "claim.routed") continue;
        CHECK(event.at("data").at("plate").as_string() == "甘E12345");
    }

    // The database does not.
    temp_dir out;
    const auto dump = out.path() + "/dump.sql";
    REQUIRE(run({"/usr/lib/postgresql/15/bin/pg_dump", "--dbname=" + db.url(), "--file=" + dump},
                out.path() + "/pg_dump.log") == 0);
    const auto text = read_file(dump);
    // The dump is the real thing: the claim, its parties and its events are in it.
    REQUIRE(text.find(claim_id) != std::string::npos);
    REQUIRE(text.find("PICC-PRIV-0001") != std::string::npos);
    REQUIRE(text.find("COPY public.outbox") != std::string::npos);
    for (const auto& value : planted) {
        INFO(value);
        CHECK(text.find(value) == std::string::npos);
    }
}
