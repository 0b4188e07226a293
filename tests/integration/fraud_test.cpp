// The fraud pool end to end: claims through the real API are screened in the background,
// hits become leads, investigators work them, and what is revealed is audited.

#include <signal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <set>

#include "fraud_api.hpp"
#include "support/ids.hpp"

using namespace crossclaim::testing;
namespace bj = boost::json;

namespace {

std::string str(const bj::value& v) {
    return v.is_string() ? std::string(v.as_string()) : bj::serialize(v);
}

bj::array leads_of(pool_gateway& g, const std::string& query = "") {
    return g.get("/v1/leads" + query).at("leads").as_array();
}

std::string lead_with_rule(pool_gateway& g, const std::string& rule) {
    const auto leads = leads_of(g, "?rule=" + rule);
    REQUIRE(leads.size() == 1);
    return std::string(leads[0].at("lead_id").as_string());
}

}  // namespace

TEST_CASE("a vehicle in a fourth claim within 180 days opens a lead with the rule's evidence",
          "[integration][fraud]") {
    pool_gateway g;
    const auto claims = plant_frequent_vehicle(g, 1000);
    g.screened();
    const auto lead = g.get("/v1/leads/" + lead_with_rule(g, "FREQUENT_VEHICLE"));
    CHECK(str(lead.at("status")) == "NEW");
    CHECK(lead.at("score").as_int64() > 0);
    const auto& lead_claims = lead.at("claims").as_array();
    for (const auto& c : claims)
        CHECK(std::find(lead_claims.begin(), lead_claims.end(), bj::value(c)) != lead_claims.end());
    bool vehicle_rule = false;
    for (const auto& r : lead.at("rules").as_array())
        if (str(r.at("code")) == "FREQUENT_VEHICLE") {
            vehicle_rule = true;
            CHECK(r.at("claims").as_array().size() == 4);
            CHECK_FALSE(r.at("evidence").as_string().empty());
        }
    CHECK(vehicle_rule);
    // Identifiers are masked: the VIN's middle is hidden, the plate not shown at all.
    const auto text = bj::serialize(lead);
    CHECK(text.find(identity_of(1000).vin) == std::string::npos);
    CHECK(text.find(identity_of(1000).plate) == std::string::npos);
    CHECK(text.find("LSV**********1000") != std::string::npos);
    // The queue and its lag are on /metrics.
    CHECK(eventually(
        [&] {
            const auto m = https(g.gw.api_port(), "GET", "/metrics", g.picc, g.pki.ca()).body;
            return m.find("crossclaim_screened_total 4\n") != std::string::npos &&
                   m.find("crossclaim_screening_lag_seconds_count 4\n") != std::string::npos &&
                   m.find("crossclaim_screening_queue_depth 0\n") != std::string::npos;
        },
        std::chrono::seconds(5)));
}

TEST_CASE("the third claim of a vehicle stays quiet", "[integration][fraud]") {
    pool_gateway g;
    for (int i = 0; i < 3; ++i) {
        claim_spec s{"Q-" + std::to_string(i), identity_of(2000), identity_of(2100 + i),
                     photo_of(20000 + i), photo_of(20010 + i)};
        s.occurred_at = "2026-0" + std::to_string(6 + i) + "-10T10:00:00+08:00";
        g.post(s, g.picc);
    }
    g.screened();
    CHECK(leads_of(g, "?rule=FREQUENT_VEHICLE").empty());
    CHECK(g.sql("SELECT count(*) FROM pool_claims WHERE screened_at IS NOT NULL") == "3");
}

TEST_CASE("a phone's users are counted across claims and within one claim",
          "[integration][fraud]") {
    pool_gateway g;
    const auto phone = identity_of(3000).phone;
    // First claim: one person on the phone (A); B has a phone of their own.
    claim_spec first{"PH-1", identity_of(3001), identity_of(3002), photo_of(30010),
                     photo_of(30020)};
    first.a.phone = phone;
    g.post(first, g.picc);
    g.screened();
    CHECK(leads_of(g, "?rule=SHARED_PHONE").empty());
    // Second claim: both its drivers on that phone, so three people use it: the threshold.
    claim_spec second{"PH-2", identity_of(3003), identity_of(3004), photo_of(30030),
                      photo_of(30040)};
    second.occurred_at = "2026-11-21T09:00:00+08:00";
    second.a.phone = second.b.phone = phone;
    const auto id = g.post(second, g.paic);
    g.screened();
    const auto lead = g.get("/v1/leads/" + lead_with_rule(g, "SHARED_PHONE"));
    const auto& claims = lead.at("claims").as_array();
    CHECK(std::find(claims.begin(), claims.end(), bj::value(id)) != claims.end());
    bool phone_rule = false;
    for (const auto& r : lead.at("rules").as_array())
        if (str(r.at("code")) == "SHARED_PHONE") {
            phone_rule = true;
            CHECK(str(r.at("evidence")).find("used by 3 different people") !=
                  std::string::npos);
        }
    CHECK(phone_rule);
    // Each claim recorded its two (phone, person) pairs.
    CHECK(g.sql("SELECT count(*) FROM pool_phone_people") == "4");
}

TEST_CASE("insurers get 403 on every investigator route and never see pool data",
          "[integration][fraud]") {
    pool_gateway g;
    const auto claims = plant_frequent_vehicle(g, 3000);
    g.screened();
    const auto lead = lead_with_rule(g, "FREQUENT_VEHICLE");
    for (const std::string& target :
         std::vector<std::string>{"/v1/leads", "/v1/leads/" + lead, "/v1/leads/" + lead + "/graph",
                                  "/v1/leads/" + lead + "/referral?reason=X",
                                  "/v1/entities?kind=plate&value=x&reason=X", "/v1/fraud/rules"}) {
        INFO(target);
        CHECK(https(g.gw.api_port(), "GET", target, g.picc, g.pki.ca()).status == 403);
    }
    CHECK(https(g.gw.api_port(), "PATCH", "/v1/leads/" + lead, g.picc, g.pki.ca(),
                R"({"status":"ASSIGNED"})")
              .status == 403);
    // The claim and the member's inbox carry nothing of the pool.
    const auto claim = https(g.gw.api_port(), "GET", "/v1/claims/" + claims[0], g.picc, g.pki.ca());
    const auto inbox = https(g.gw.api_port(), "GET", "/v1/inbox?limit=100", g.picc, g.pki.ca());
    for (const auto* body : {&claim.body, &inbox.body}) {
        CHECK(body->find("FREQUENT_VEHICLE") == std::string::npos);
        CHECK(body->find(lead) == std::string::npos);
        CHECK(body->find("score") == std::string::npos);
    }
}

TEST_CASE("a reveal needs a case reference, shows the values and writes an audit row",
          "[integration][fraud]") {
    pool_gateway g;
    plant_frequent_vehicle(g, 4000);
    g.screened();
    const auto lead = lead_with_rule(g, "FREQUENT_VEHICLE");
    g.get("/v1/leads/" + lead + "?reveal=true", 422);
    CHECK(g.sql("SELECT count(*) FROM audit_log") == "0");
    const auto shown =
        bj::serialize(g.get("/v1/leads/" + lead + "?reveal=true&reason=AFC-2026-17"));
    CHECK(shown.find(identity_of(4000).vin) != std::string::npos);
    CHECK(g.sql("SELECT count(*) FROM audit_log WHERE action = 'reveal' AND reason = 'AFC-2026-17' "
                "AND actor = 'investigator-1' AND organisation = 'AFC' AND lead_id = '" +
                lead + "'") != "0");
}

TEST_CASE("the audit table refuses UPDATE, DELETE and TRUNCATE", "[integration][fraud]") {
    pool_gateway g;
    g.get("/v1/entities?kind=plate&value=" + std::string("甘E01234") + "&reason=AFC-1");
    REQUIRE(g.sql("SELECT count(*) FROM audit_log WHERE action = 'entity_search'") == "1");
    for (const char* statement :
         {"UPDATE audit_log SET reason = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"}) {
        INFO(statement);
        CHECK_THROWS(g.sql(statement));
    }
    CHECK(g.sql("SELECT count(*) FROM audit_log") == "1");
}

TEST_CASE("an entity search finds the identifier's claims across members", "[integration][fraud]") {
    pool_gateway g;
    const auto claims = plant_frequent_vehicle(g, 5000);
    const auto found =
        g.get("/v1/entities?kind=vin&value=" + identity_of(5000).vin + "&reason=AFC-2026-18");
    CHECK(found.at("claims").as_array().size() == 4);
    std::set<std::string> members;
    for (const auto& c : found.at("claims").as_array())
        members.insert(std::string(c.at("member").as_string()));
    CHECK(members == std::set<std::string>{"PICC", "PAIC"});
    g.get("/v1/entities?kind=vin&value=" + identity_of(5000).vin, 422);  // no reason
}

TEST_CASE("a lead goes NEW, ASSIGNED, INVESTIGATING, CONFIRMED, and the rule figures follow",
          "[integration][fraud]") {
    pool_gateway g;
    plant_frequent_vehicle(g, 6000);
    g.screened();
    const auto lead = lead_with_rule(g, "FREQUENT_VEHICLE");
    auto patch = [&](const std::string& body) {
        return https(g.gw.api_port(), "PATCH", "/v1/leads/" + lead, g.investigator, g.pki.ca(),
                     body);
    };
    CHECK(patch(R"({"status":"CONFIRMED","confirmed_amount":"100.00"})").status == 409);
    CHECK(patch(R"({"status":"ASSIGNED","assignee":"wang.investigator"})").status == 200);
    CHECK(patch(R"({"status":"INVESTIGATING","note":"police informed"})").status == 200);
    CHECK(patch(R"({"status":"CONFIRMED"})").status == 422);  // no amount
    const auto done = patch(R"({"status":"CONFIRMED","confirmed_amount":"12000.00"})");
    INFO(done.body);
    REQUIRE(done.status == 200);
    const auto v = bj::parse(done.body);
    CHECK(str(v.at("status")) == "CONFIRMED");
    CHECK(str(v.at("confirmed_amount")) == "12000.00");
    CHECK(str(v.at("reward")) == "1200.00");  // reward_share 0.10
    CHECK(v.at("notes").as_array().size() == 1);
    CHECK(patch(R"({"status":"DISMISSED"})").status == 409);

    const auto rules = g.get("/v1/fraud/rules");
    for (const auto& r : rules.at("rules").as_array())
        if (str(r.at("code")) == "FREQUENT_VEHICLE") {
            CHECK(r.at("confirmed").as_int64() == 1);
            CHECK(r.at("precision").as_double() == 1.0);
            CHECK(str(r.at("amount_confirmed")) == "12000.00");
        }
}

TEST_CASE("a claim that connects two leads merges them and the absorbed one points to the survivor",
          "[integration][fraud]") {
    pool_gateway g;
    // Lead 1: claims 1 and 2 share a photo. Lead 2: claims 3 and 4 share another.
    g.post({"M-1", identity_of(7001), identity_of(7002), photo_of(71), photo_of(72)}, g.picc);
    g.post({"M-2", identity_of(7003), identity_of(7004), photo_of(71), photo_of(73)}, g.paic);
    g.screened();
    g.post({"M-3", identity_of(7005), identity_of(7006), photo_of(81), photo_of(82)}, g.picc);
    g.post({"M-4", identity_of(7007), identity_of(7008), photo_of(81), photo_of(83)}, g.paic);
    g.screened();
    REQUIRE(leads_of(g).size() == 2);
    // Claim 5 reuses a photo of each.
    g.post({"M-5", identity_of(7009), identity_of(7010), photo_of(71), photo_of(81)}, g.picc);
    g.screened();
    const auto open = leads_of(g);
    REQUIRE(open.size() == 1);
    CHECK(open[0].at("claims").as_array().size() == 5);
    const auto survivor = std::string(open[0].at("lead_id").as_string());
    CHECK(g.sql("SELECT count(*) FROM leads WHERE status = 'MERGED' AND merged_into = '" +
                survivor + "'") == "1");
}

TEST_CASE("an adjuster's report opens a lead that names the reporter", "[integration][fraud]") {
    pool_gateway g;
    const auto claim =
        g.post({"R-1", identity_of(8001), identity_of(8002), photo_of(91), photo_of(92)}, g.picc);
    const auto r = https(
        g.gw.api_port(), "POST", "/v1/fraud/reports", g.picc, g.pki.ca(),
        R"({"adjuster_id":"PICC-ADJ-7","claim_id":")" + claim +
            R"(","plates":["甘E08001"],"phones":["+86 138 0000 8001"],"note":"staged, same people as last month"})");
    INFO(r.body);
    REQUIRE(r.status == 201);
    const auto lead_id = std::string(bj::parse(r.body).at("lead_id").as_string());
    const auto lead = g.get("/v1/leads/" + lead_id);
    CHECK(str(lead.at("reported_by").at("adjuster_id")) == "PICC-ADJ-7");
    CHECK(lead.at("claims").as_array().size() == 1);
    // A member that insures neither party cannot name the claim.
    const auto cpic = g.pki.issue("CPIC", "insurer", "cpic-core");
    const auto other = https(g.gw.api_port(), "POST", "/v1/fraud/reports", cpic, g.pki.ca(),
                             R"({"adjuster_id":"X","claim_id":")" + claim + R"(","note":"n"})");
    CHECK(other.status == 422);
}

TEST_CASE("a referral carries the lead's claims and revealed identifiers with their digest",
          "[integration][fraud]") {
    pool_gateway g;
    plant_frequent_vehicle(g, 9000);
    g.screened();
    const auto lead = lead_with_rule(g, "FREQUENT_VEHICLE");
    const auto r = https(g.gw.api_port(), "GET", "/v1/leads/" + lead + "/referral?reason=POLICE-88",
                         g.investigator, g.pki.ca());
    REQUIRE(r.status == 200);
    const auto v = bj::parse(r.body);
    // The digest is of the referral's exact bytes as sent.
    const auto start = r.body.find("\"referral\":") + 11;
    const auto doc = r.body.substr(start, r.body.size() - start - 1);
    CHECK(str(v.at("sha256")) == crossclaim::support::sha256_hex(doc));
    CHECK(doc.find(identity_of(9000).vin) != std::string::npos);
    CHECK(doc.find(photo_of(90000)) != std::string::npos);
    CHECK(g.sql("SELECT count(*) FROM audit_log WHERE action = 'referral'") == "1");
    const auto graph = g.get("/v1/leads/" + lead + "/graph");
    CHECK(graph.at("nodes").as_array().size() >= 5);  // 4 claims and the shared vehicle
    CHECK_FALSE(graph.at("edges").as_array().empty());
}

TEST_CASE("claims queued when the gateway is killed are screened after it restarts",
          "[integration][fraud]") {
    test_pki pki;
    test_database db;
    const auto picc = pki.issue("PICC", "insurer", "picc-core");
    {
        gateway_process gw{{.db_url = db.url(),
                            .pki = &pki,
                            .replace = {{"screening_workers = 1", "screening_workers = 0"}}}};
        for (int i = 0; i < 5; ++i) {
            claim_spec s{"K-" + std::to_string(i), identity_of(9500), identity_of(9600 + i),
                         photo_of(95000 + i), photo_of(95100 + i)};
            s.occurred_at = "2026-0" + std::to_string(5 + i) + "-10T10:00:00+08:00";
            REQUIRE(https(gw.api_port(), "POST", "/v1/claims", picc, pki.ca(), claim_body_of(s))
                        .status == 201);
        }
        gw.signal(SIGKILL);
        gw.wait(std::chrono::seconds(5));
    }
    pqxx::connection c(db.url());
    auto count = [&](const char* q) {
        pqxx::nontransaction n(c);
        return n.exec1(q)[0].as<int>();
    };
    REQUIRE(count("SELECT count(*) FROM screening_queue") == 5);
    gateway_process again{{.db_url = db.url(), .pki = &pki}};
    CHECK(eventually([&] { return count("SELECT count(*) FROM screening_queue") == 0; },
                     std::chrono::seconds(20)));
    CHECK(count("SELECT count(*) FROM rule_hits WHERE rule_code = 'FREQUENT_VEHICLE'") > 0);
}

TEST_CASE("nothing the gateway logs carries a planted identifier or the pool key",
          "[integration][fraud]") {
    pool_gateway g;
    plant_frequent_vehicle(g, 9700);
    g.screened();
    const auto lead = lead_with_rule(g, "FREQUENT_VEHICLE");
    g.get("/v1/leads/" + lead + "?reveal=true&reason=AFC-9");
    // Stopped first: it writes out the lines it still holds.
    g.gw.signal(SIGTERM);
    REQUIRE(g.gw.wait(std::chrono::seconds(15)) == 0);
    const auto log = g.gw.log();
    REQUIRE_FALSE(log.empty());
    for (int n : {9700, 9800, 9801}) {
        const auto id = identity_of(n);
        for (const auto& value : {id.plate, id.vin, id.id_number, id.phone}) {
            INFO(value);
            CHECK(log.find(value) == std::string::npos);
        }
    }
    CHECK(log.find(test_pool_key) == std::string::npos);
}
