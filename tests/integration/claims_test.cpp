// Claims intake, visibility, lifecycle, fast-settle and clearing through the real API.

#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <future>
#include <map>
#include <pqxx/pqxx>
#include <set>

#include "claims_api.hpp"
#include "config/config.hpp"
#include "domain/sla.hpp"
#include "fast_settle/engine.hpp"
#include "gateway/json/claim_json.hpp"
#include "harness.hpp"

using namespace crossclaim::testing;
namespace bj = boost::json;

namespace {

struct zone_gateway {
    test_pki pki;
    test_database db;
    gateway_process gw{{.db_url = db.url(), .pki = &pki}};
    client_cert picc = pki.issue("PICC", "insurer", "picc-core");
    client_cert paic = pki.issue("PAIC", "insurer", "paic-core");
    client_cert cpic = pki.issue("CPIC", "insurer", "cpic-core");
    client_cert association = pki.issue("LNIA", "association", "operator");

    http_result call(const client_cert& who, const std::string& method, const std::string& target,
                     const std::string& body = "") {
        return https(gw.api_port(), method, target, who, pki.ca(), body);
    }
    long long count(const std::string& sql) {
        pqxx::connection c(db.url());
        pqxx::nontransaction n(c);
        return n.exec1(sql)[0].as<long long>();
    }
};

std::string status_body(const std::string& party, const std::string& status,
                        const std::string& extra = "") {
    return R"({"party":")" + party + R"(","status":")" + status +
           R"(","at":"2026-11-21T10:00:00+08:00")" + extra + "}";
}

bj::object parse(const std::string& s) { return bj::parse(s).as_object(); }

}  // namespace

TEST_CASE("a reported claim is routed per party and answered with 201 and its decisions",
          "[integration][claims]") {
    zone_gateway g;
    const auto r = g.call(g.picc, "POST", "/v1/claims", claim_body("REF-1"));
    REQUIRE(r.status == 201);
    const auto body = parse(r.body);
    const auto id = std::string(body.at("claim_id").as_string());
    CHECK(r.header("location") == "/v1/claims/" + id);
    const auto& routing = body.at("routing").as_array();
    REQUIRE(routing.size() == 2);
    CHECK(routing[0].at("handling_branch") == "PICC-621200");
    CHECK(routing[0].at("out_of_area") == true);
    CHECK(routing[1].at("handling_branch") == "PAIC-621200");
    CHECK(routing[1].at("out_of_area") == false);
    CHECK(body.at("fast_settle").at("eligible") == true);
    CHECK(body.at("sla").at("tier") == "FAST_SETTLE");
    // Committed with its events: handling branches of both parties and the notified
    // underwriting branch of A.
    CHECK(g.count("SELECT count(*) FROM claims") == 1);
    CHECK(g.count("SELECT count(*) FROM outbox WHERE branch = 'PICC-621200'") == 1);
    CHECK(g.count("SELECT count(*) FROM outbox WHERE branch = 'PICC-620500'") == 1);
    CHECK(g.count("SELECT count(*) FROM outbox WHERE branch = 'PAIC-621200'") == 1);
}

TEST_CASE("a claim is visible to the insurers of its parties only, others get 404",
          "[integration][claims]") {
    zone_gateway g;
    const auto id =
        std::string(parse(g.call(g.picc, "POST", "/v1/claims", claim_body("REF-2")).body)
                        .at("claim_id")
                        .as_string());
    const auto mine = g.call(g.picc, "GET", "/v1/claims/" + id);
    CHECK(mine.status == 200);
    CHECK(parse(mine.body).at("status").as_array().size() == 2);
    CHECK(g.call(g.paic, "GET", "/v1/claims/" + id).status == 200);
    CHECK(g.call(g.cpic, "GET", "/v1/claims/" + id).status == 404);
    CHECK(g.call(g.picc, "GET", "/v1/claims/00000000-0000-4000-8000-000000000000").status == 404);
    CHECK(g.call(g.picc, "GET", "/v1/claims/not-a-uuid").status == 404);
    // The association has no claims route at all.
    CHECK(g.call(g.association, "GET", "/v1/claims/" + id).status == 403);
}

TEST_CASE(
    "the same report again answers 200 with the same bytes, a different body with the "
    "same external_ref is 409",
    "[integration][claims]") {
    zone_gateway g;
    const auto first = g.call(g.picc, "POST", "/v1/claims", claim_body("REF-3"));
    REQUIRE(first.status == 201);
    // Whitespace does not make a report different.
    const auto again = g.call(g.picc, "POST", "/v1/claims", "  " + claim_body("REF-3") + "\n");
    CHECK(again.status == 200);
    CHECK(again.body == first.body);
    const auto changed =
        g.call(g.picc, "POST", "/v1/claims", claim_body("REF-3", "PICC", "PAIC", "600.00"));
    CHECK(changed.status == 409);
    // Another member may use the same reference for its own report.
    CHECK(g.call(g.paic, "POST", "/v1/claims", claim_body("REF-3")).status == 201);
    CHECK(g.count("SELECT count(*) FROM claims") == 2);
}

TEST_CASE("identical submissions racing each other produce exactly one claim",
          "[integration][claims]") {
    zone_gateway g;
    const auto body = claim_body("REF-RACE");
    std::vector<std::future<http_result>> racers;
    for (int i = 0; i < 8; ++i)
        racers.push_back(std::async(std::launch::async,
                                    [&] { return g.call(g.picc, "POST", "/v1/claims", body); }));
    std::map<int, int> statuses;
    std::set<std::string> answers;
    for (auto& r : racers) {
        const auto res = r.get();
        ++statuses[res.status];
        answers.insert(res.body);
    }
    CHECK(statuses[201] == 1);
    CHECK(statuses[200] == 7);
    CHECK(answers.size() == 1);
    CHECK(g.count("SELECT count(*) FROM claims") == 1);
    CHECK(g.count("SELECT count(*) FROM outbox") == 3);
}

TEST_CASE("invalid reports list every problem, non-JSON is 400, other media types are 415",
          "[integration][claims]") {
    zone_gateway g;
    auto bad = claim_body("REF-4");
    bad = replace_all(bad, "LSVAU2187N2123456", "LSVAU2180N2123456");  // check digit
    bad = replace_all(bad, R"("phone": "13800000000")", R"("phone": "23800000000")");
    bad = replace_all(bad, R"("county": "621202")", R"("county": "620502")");
    const auto r = g.call(g.picc, "POST", "/v1/claims", bad);
    CHECK(r.status == 422);
    CHECK(r.header("content-type") == "application/problem+json");
    const auto errors = parse(r.body).at("errors").as_array();
    std::set<std::string> paths;
    for (const auto& e : errors) paths.insert(std::string(e.at("path").as_string()));
    CHECK(paths.count("/parties/0/vehicle/vin") == 1);
    CHECK(paths.count("/parties/0/driver/phone") == 1);
    CHECK(paths.count("/accident/county") == 1);
    CHECK(g.call(g.picc, "POST", "/v1/claims", "{not json").status == 400);
    const auto text = https(g.gw.api_port(), "POST", "/v1/claims", g.picc, g.pki.ca(), "x=1",
                            {{"Content-Type", "text/plain"}});
    CHECK(text.status == 415);
    CHECK(g.count("SELECT count(*) FROM claims") == 0);
}

TEST_CASE(
    "a party's claim moves through the lifecycle, illegal moves are 409 and change "
    "nothing, only its insurer may move it",
    "[integration][claims][lifecycle]") {
    zone_gateway g;
    const auto id =
        std::string(parse(g.call(g.picc, "POST", "/v1/claims", claim_body("REF-5")).body)
                        .at("claim_id")
                        .as_string());
    const auto events = "/v1/claims/" + id + "/events";
    CHECK(g.call(g.picc, "POST", events, status_body("A", "ACCEPTED")).status == 200);
    CHECK(g.call(g.picc, "POST", events, status_body("A", "SURVEYED")).status == 200);
    const auto history_before = g.count("SELECT count(*) FROM claim_history");
    const auto illegal = g.call(g.picc, "POST", events,
                                status_body("A", "PAID", R"(,"amount":"1.00","method":"CASH")"));
    CHECK(illegal.status == 409);
    CHECK(g.count("SELECT count(*) FROM claim_history") == history_before);
    CHECK(g.call(g.picc, "POST", events, status_body("A", "ASSESSED", R"(,"amount":"500.00")"))
              .status == 200);
    // B is PAIC's insured: PICC may not move it, PAIC may; CPIC does not see the claim.
    CHECK(g.call(g.picc, "POST", events, status_body("B", "ACCEPTED")).status == 403);
    CHECK(g.call(g.paic, "POST", events, status_body("B", "ACCEPTED")).status == 200);
    CHECK(g.call(g.cpic, "POST", events, status_body("B", "SURVEYED")).status == 404);

    const auto view = parse(g.call(g.picc, "GET", "/v1/claims/" + id).body);
    const auto& a = view.at("status").as_array()[0].as_object();
    CHECK(a.at("status") == "ASSESSED");
    const auto& history = a.at("history").as_array();
    REQUIRE(history.size() == 5);  // REPORTED, ROUTED, ACCEPTED, SURVEYED, ASSESSED
    CHECK(history[4].at("amount") == "500.00");
    CHECK(history[4].at("recorded_by") == "PICC/picc-core");
    // Reaching ASSESSED met A's fast-settle stage and started the payment clock.
    CHECK(g.count("SELECT count(*) FROM sla_deadlines WHERE party = 'A' AND stage = 'ASSESSED' "
                  "AND met_at IS NOT NULL") == 1);
    CHECK(g.count("SELECT count(*) FROM sla_deadlines WHERE party = 'A' AND stage = 'PAID'") == 1);
    // Each change told the party's branches (handling and notified underwriting branch).
    CHECK(g.count("SELECT count(*) FROM outbox WHERE type = 'claim.status_changed' AND "
                  "branch = 'PICC-620500'") == 3);
}

TEST_CASE("the decision the API answers equals the engine's, and the check stores nothing",
          "[integration][fast_settle]") {
    zone_gateway g;
    const auto loaded = crossclaim::config::load(source_dir() + "/config/crossclaim.toml", {});
    REQUIRE(loaded.value);
    const auto& s = *loaded.value;
    const std::vector<std::string> bodies = {
        claim_body("REF-E1"),                                            // eligible, 100/0
        claim_body("REF-E2", "PICC", "PAIC", "9000.00", "1000.01"),      // over the threshold
        claim_body("REF-E3", "LNRB", "PAIC"),                            // no branch in Tianshui
        replace_all(claim_body("REF-E4"), R"("B": [])", R"("B": [2])"),  // both at fault
    };
    for (const auto& body : bodies) {
        const auto decoded = crossclaim::gateway::json::decode_claim(body, s.zone);
        REQUIRE(decoded.claim);
        const auto engine = crossclaim::fast_settle::assess(*decoded.claim, s.zone, s.rulebook);
        const auto tier =
            crossclaim::domain::choose_tier(*decoded.claim, engine.fast_settle.eligible);
        const auto expected =
            parse(crossclaim::gateway::json::encode_assessment_fields(engine, tier, {}));

        const auto check = parse(g.call(g.picc, "POST", "/v1/fast-settle/check", body).body);
        const auto created = g.call(g.picc, "POST", "/v1/claims", body);
        REQUIRE(created.status == 201);
        const auto answer = parse(created.body);
        for (const auto* part : {"fast_settle", "mutual_self_settle"}) {
            CHECK(answer.at(part) == expected.at(part));
            CHECK(check.at(part) == expected.at(part));
        }
        CHECK(answer.at("sla").at("tier") == expected.at("sla").at("tier"));
    }
    CHECK(g.count("SELECT count(*) FROM claims") == 4);  // the checks stored nothing
}

TEST_CASE("the month's clearing statement of API-submitted claims matches the hand sum",
          "[integration][clearing]") {
    zone_gateway g;
    // (A's insurer, B's insurer, A's loss): A is at fault; A's insurer pays A's loss up to
    // 100.00 on B's insurer's behalf, so B's insurer owes A's insurer that much.
    struct row {
        std::string a, b, loss_a;
        long long proxy_fen;
    };
    const std::vector<row> rows = {
        {"PICC", "PAIC", "500.00", 10000}, {"PICC", "PAIC", "40.50", 4050},
        {"PAIC", "PICC", "80.00", 8000},   {"CPIC", "PICC", "300.00", 10000},
        {"PICC", "CPIC", "99.99", 9999},   {"PAIC", "PAIC", "500.00", 0},  // same insurer
    };
    std::map<std::pair<std::string, std::string>, long long> owed;  // (debtor, creditor)
    int n = 0;
    for (const auto& r : rows) {
        const auto res = g.call(r.a == "PICC"   ? g.picc
                                : r.a == "PAIC" ? g.paic
                                                : g.cpic,
                                "POST", "/v1/claims",
                                claim_body("CLR-" + std::to_string(n++), r.a, r.b, r.loss_a));
        REQUIRE(res.status == 201);
        REQUIRE(parse(res.body).at("fast_settle").at("eligible") == true);
        if (r.a != r.b) owed[{r.b, r.a}] += r.proxy_fen;
    }
    // Net per unordered pair, by hand.
    std::map<std::pair<std::string, std::string>, long long> net;
    for (const auto& [k, v] : owed) {
        const auto key = std::minmax(k.first, k.second);
        net[{key.first, key.second}] += k.first == key.first ? v : -v;  // + : first owes second
    }
    const auto today = crossclaim::domain::shanghai_day(
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    const auto month = crossclaim::domain::format_date(today).substr(0, 7);
    const auto report =
        parse(g.call(g.association, "GET", "/v1/reports/clearing?month=" + month).body);
    const auto& statement = report.at("statement").as_array();
    REQUIRE(statement.size() == net.size());
    for (const auto& line : statement) {
        const std::string debtor(line.at("debtor").as_string()),
            creditor(line.at("creditor").as_string());
        const auto key = std::minmax(debtor, creditor);
        const long long signed_net = net.at({key.first, key.second});
        const long long expected_fen = signed_net < 0 ? -signed_net : signed_net;
        CHECK(line.at("amount").as_string() ==
              crossclaim::domain::to_string({expected_fen}).c_str());
        if (signed_net != 0) CHECK(debtor == (signed_net > 0 ? key.first : key.second));
    }
    // Running it twice gives the same figures; CSV carries the same lines.
    CHECK(parse(g.call(g.association, "GET", "/v1/reports/clearing?month=" + month).body) ==
          report);
    const auto csv = https(g.gw.api_port(), "GET", "/v1/reports/clearing?month=" + month,
                           g.association, g.pki.ca(), "", {{"Accept", "text/csv"}});
    CHECK(csv.header("content-type").rfind("text/csv", 0) == 0);
    long amounts = 0;  // one line with the `amount` figure per statement line
    for (auto at = csv.body.find(",amount,"); at != std::string::npos;
         at = csv.body.find(",amount,", at + 1))
        ++amounts;
    CHECK(amounts == static_cast<long>(net.size()));
    CHECK(g.call(g.association, "GET", "/v1/reports/clearing?month=2026-13").status == 422);
    CHECK(g.call(g.picc, "GET", "/v1/reports/clearing?month=" + month).status == 403);
}

TEST_CASE("assists are recorded and counted per company and region for the month",
          "[integration][assists]") {
    zone_gateway g;
    const auto id =
        std::string(parse(g.call(g.picc, "POST", "/v1/claims", claim_body("REF-AS")).body)
                        .at("claim_id")
                        .as_string());
    const auto assist = R"({"adjuster_id":"CPIC-ADJ-7","claim_id":")" + id +
                        R"(","services":["PHOTOS","RESCUE"],"at":"2026-11-21T09:00:00+08:00"})";
    CHECK(g.call(g.cpic, "POST", "/v1/assists", assist).status == 201);
    CHECK(g.call(g.cpic, "POST", "/v1/assists", assist).status == 201);
    const auto bad =
        g.call(g.cpic, "POST", "/v1/assists",
               R"({"adjuster_id":"x","claim_id":"nope","services":["DANCE"],"at":"x"})");
    CHECK(bad.status == 422);
    CHECK(parse(bad.body).at("errors").as_array().size() == 3);
    const auto report =
        parse(g.call(g.association, "GET", "/v1/reports/assists?month=2026-11").body);
    const auto& rows = report.at("assists").as_array();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].at("member") == "CPIC");
    CHECK(rows[0].at("region") == "621200");
    CHECK(rows[0].at("assists") == 2);
    CHECK(parse(g.call(g.association, "GET", "/v1/reports/assists?month=2026-10").body)
              .at("assists")
              .as_array()
              .empty());
}
