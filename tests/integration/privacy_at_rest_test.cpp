// Personal data at rest (issue 10): the identifiers of a stored claim and of the events about
// it are sealed in the database. A pg_dump of the whole database holds none of them, while
// the member reads its claim and its inbox readable.

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <pqxx/pqxx>

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

// The whole database as `pg_dump` writes it.
std::string dump_of(const test_database& db) {
    temp_dir out;
    const auto dump = out.path() + "/dump.sql";
    REQUIRE(run({"/usr/lib/postgresql/15/bin/pg_dump", "--dbname=" + db.url(), "--file=" + dump},
                out.path() + "/pg_dump.log") == 0);
    return read_file(dump);
}

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
    const auto text = dump_of(db);
    // The dump is the real thing: the claim, its parties and its events are in it.
    REQUIRE(text.find(claim_id) != std::string::npos);
    REQUIRE(text.find("PICC-PRIV-0001") != std::string::npos);
    REQUIRE(text.find("COPY public.outbox") != std::string::npos);
    for (const auto& value : planted) {
        INFO(value);
        CHECK(text.find(value) == std::string::npos);
    }
}

TEST_CASE(
    "pool seal-claims encrypts the identifiers of claims stored before encryption, and "
    "their members still read them",
    "[integration][privacy]") {
    test_pki pki;
    test_database db;
    gateway_process gw({db.url(), &pki});
    const auto picc = pki.issue("PICC", "insurer", "picc-core");
    const auto claim_id = post_claim(gw.api_port(), picc, pki, "PICC-PRIV-0002");

    // As a claim stored before encryption: its document and routed events readable.
    {
        pqxx::connection c(db.url());
        pqxx::work w(c);
        w.exec_params("UPDATE claims SET document = $1::json", claim_body("PICC-PRIV-0002"));
        w.exec(R"sql(
            UPDATE outbox SET envelope = jsonb_set(envelope::jsonb, '{data,plate}',
                CASE envelope -> 'data' ->> 'party' WHEN 'A' THEN '"甘E12345"'::jsonb
                                                   ELSE '"甘K67890"'::jsonb END)::json
            WHERE type = 'claim.routed')sql");
        w.commit();
    }
    REQUIRE(dump_of(db).find("620502199001011235") != std::string::npos);

    temp_dir dir;
    int runs = 0;
    const auto seal = [&] {
        const auto out = dir.path() + "/out-" + std::to_string(++runs);
        const int code = run_crossclaim(db, {"pool", "seal-claims", "--config", gw.config()}, out);
        return std::make_pair(code, read_file(out));
    };
    const auto [code, out] = seal();
    INFO(out);
    CHECK(code == 0);
    CHECK(out.find("4 stored claims and routed events hold readable identifiers") !=
          std::string::npos);  // the claim and its 3 routed events
    CHECK(out.find("done: 0 ") != std::string::npos);

    const auto text = dump_of(db);
    for (const auto& value : planted) {
        INFO(value);
        CHECK(text.find(value) == std::string::npos);
    }
    const auto claim = https(gw.api_port(), "GET", "/v1/claims/" + claim_id, picc, pki.ca());
    REQUIRE(claim.status == 200);
    for (const char* value : {"甘E12345", "张三", "620502199001011235", "13900000001"})
        CHECK(claim.body.find(value) != std::string::npos);
    const auto inbox = https(gw.api_port(), "GET", "/v1/inbox?after=0", picc, pki.ca());
    CHECK(inbox.body.find("甘E12345") != std::string::npos);

    // A second pass finds nothing left.
    const auto [again, again_out] = seal();
    CHECK(again == 0);
    INFO(again_out);
    CHECK(again_out.find("0 stored claims and routed events hold readable") != std::string::npos);
    CHECK(again_out.find("encrypted") == std::string::npos);
}
