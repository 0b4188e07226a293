// The pool's administration commands, run as an operator would: synthetic claims through
// intake, key rotation under a running gateway, a backtest of a candidate rule set, and the
// retention purge.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>

#include "fraud_api.hpp"

using namespace crossclaim::testing;
namespace bj = boost::json;

namespace {

// Runs `crossclaim ARGS…` against the test's database; its exit code, output in `out`.
int run_cli(const test_database& db, const std::vector<std::string>& args, std::string& out) {
    temp_dir dir;
    const auto log = dir.path() + "/out";
    const int code = run_crossclaim(db, args, log);
    out = read_file(log);
    return code;
}

long long count(const test_database& db, const std::string& query) {
    pqxx::connection c(db.url());
    pqxx::nontransaction n(c);
    return n.exec1(query)[0].as<long long>();
}

// The rows of claim_facts that differ from what migration 0005 derives from the wide rows
// (claims, parties, history) for claims reported before it: its own backfill statement,
// run into a scratch table and compared both ways.
long long facts_unlike_backfill(const test_database& db) {
    const auto migration =
        read_file(source_dir() + "/storage/migrations/0005_report_facts.sql");
    const std::string head = "INSERT INTO claim_facts\n";
    const auto start = migration.find(head);
    REQUIRE(start != std::string::npos);
    const auto end = migration.find(";\n", start);
    const auto backfill = migration.substr(start + head.size(), end - start - head.size());
    pqxx::connection c(db.url());
    pqxx::nontransaction n(c);
    n.exec0("CREATE TEMP TABLE derived AS " + backfill);
    return n.exec1("SELECT (SELECT count(*) FROM (TABLE claim_facts EXCEPT TABLE derived) a) + "
                   "(SELECT count(*) FROM (TABLE derived EXCEPT TABLE claim_facts) b)")[0]
        .as<long long>();
}

}  // namespace

TEST_CASE("demo generate's planted patterns trip every rule through intake and screening",
          "[integration][fraud][generator]") {
    test_database db;
    std::string out;
    REQUIRE(run_cli(db, {"demo", "generate", "--seed", "11", "--claims", "2000"}, out) == 0);
    INFO(out);
    CHECK(out.find("2000 created") != std::string::npos);
    REQUIRE(run_cli(db, {"demo", "screen"}, out) == 0);
    CHECK(out.find("screened 2000 claims") != std::string::npos);
    for (const char* rule :
         {"FREQUENT_VEHICLE", "FREQUENT_DRIVER", "SAME_ID_48H", "NEAR_POLICY_EDGE",
          "DUPLICATE_EVIDENCE", "REPEAT_PAIR", "SHARED_PHONE", "AMOUNT_OUTLIER", "DOUBLE_REPORT",
          "NIGHT_SINGLE_LARGE", "SHOP_CLUSTER"}) {
        INFO(rule);
        CHECK(count(db, std::string("SELECT count(*) FROM rule_hits WHERE rule_code = '") + rule +
                            "'") > 0);
    }
    // The clean population stays quiet: every hit is on a planted claim's lead, and the
    // leads are few against 2,000 claims.
    CHECK(count(db, "SELECT count(*) FROM leads") < 40);
    // The same seed again, shared by three workers, replays every claim with the same body:
    // nothing is stored twice and nothing conflicts.
    REQUIRE(run_cli(db, {"demo", "generate", "--seed", "11", "--claims", "2000", "--workers", "3"},
                    out) == 0);
    CHECK(out.find("0 created, 2000 already there") != std::string::npos);
    CHECK(count(db, "SELECT count(*) FROM claims") == 2000);
}

TEST_CASE("demo load fills months of activity through intake, lifecycle and investigation",
          "[integration][demo]") {
    test_database db;
    std::string out;
    REQUIRE(run_cli(db, {"demo", "load", "--seed", "5", "--claims", "1500", "--days", "90"}, out) ==
            0);
    INFO(out);
    CHECK(count(db, "SELECT count(*) FROM claims") == 1500);
    CHECK(count(db, "SELECT count(*) FROM screening_queue") == 0);
    // Claims spread over the months before today.
    CHECK(count(db, "SELECT count(DISTINCT date_trunc('month', reported_at)) FROM claims") >= 3);
    CHECK(count(db, "SELECT count(*) FROM claims WHERE reported_at > now()") == 0);
    // Parties moved on through the lifecycle service: every move is in the history, by the
    // party's own insurer, and no status lies in the future.
    CHECK(count(db, "SELECT count(DISTINCT status) FROM claim_parties") >= 6);
    CHECK(count(db, "SELECT count(*) FROM claim_parties WHERE status = 'CLOSED'") > 0);
    CHECK(count(db, "SELECT count(*) FROM claim_history h JOIN claim_parties p USING (claim_id, party) "
                    "WHERE h.recorded_by = p.insurer || '/demo-loader'") > 1000);
    CHECK(count(db, "SELECT count(*) FROM claim_history h JOIN claim_parties p USING (claim_id, party) "
                    "WHERE h.recorded_by LIKE '%/demo-loader' AND h.recorded_by <> p.insurer || '/demo-loader'") == 0);
    CHECK(count(db, "SELECT count(*) FROM claim_history WHERE at > now()") == 0);
    CHECK(count(db, "SELECT count(*) FROM sla_deadlines WHERE met_at IS NOT NULL") > 0);
    CHECK(count(db, "SELECT count(*) FROM outbox WHERE type = 'claim.status_changed'") > 0);
    // The reports' facts, written by intake and kept by the status changes, are what the
    // migration derives from the claims for data that predates it.
    CHECK(count(db, "SELECT count(*) FROM claim_facts") ==
          count(db, "SELECT count(*) FROM claim_parties"));
    CHECK(count(db, "SELECT count(*) FROM claim_facts WHERE first_party") == 1500);
    CHECK(count(db, "SELECT count(*) FROM claim_facts WHERE paid_at IS NOT NULL") > 0);
    CHECK(count(db, "SELECT count(*) FROM claim_facts WHERE cardinality(reasons) > 0") > 0);
    CHECK(facts_unlike_backfill(db) == 0);
    // Assists by another member than the claim's first party's insurer.
    CHECK(count(db, "SELECT count(*) FROM assists") > 0);
    CHECK(count(db, "SELECT count(*) FROM assists a JOIN claim_parties p ON p.claim_id = a.claim_id "
                    "AND p.party = 'A' WHERE a.member = p.insurer") == 0);
    // Leads worked through the investigation service leave their history.
    CHECK(count(db, "SELECT count(DISTINCT status) FROM leads") >= 2);
    CHECK(count(db, "SELECT count(*) FROM lead_history WHERE actor LIKE '%demo-investigator%'") > 0);
}

TEST_CASE("pool rotate-key re-encrypts every pooled value while the gateway runs",
          "[integration][fraud][keys]") {
    pool_gateway g(std::vector<std::pair<std::string, std::string>>{
        {"key_refresh_ms = 5000", "key_refresh_ms = 200"}});
    for (int i = 0; i < 3; ++i)
        g.post({"ROT-" + std::to_string(i), identity_of(600 + i), identity_of(700 + i),
                photo_of(6000 + i), photo_of(7000 + i)},
               g.picc);
    const auto old_key = g.sql("SELECT key_id FROM pool_keys WHERE active");
    std::string out;
    REQUIRE(run_cli(g.db, {"pool", "rotate-key", "--config", g.gw.config()}, out) == 0);
    INFO(out);
    const auto new_key = g.sql("SELECT key_id FROM pool_keys WHERE active");
    CHECK(new_key != old_key);
    CHECK(count(g.db, "SELECT count(*) FROM pool_entries WHERE split_part(sealed, ':', 1) <> '" +
                          new_key + "'") == 0);
    // The gateway took the new key up: what it seals now is under it, and what was
    // re-encrypted still opens for an investigator.
    g.post({"ROT-9", identity_of(609), identity_of(709), photo_of(6009), photo_of(7009)}, g.picc);
    CHECK(count(g.db, "SELECT count(*) FROM pool_entries WHERE split_part(sealed, ':', 1) <> '" +
                          new_key + "'") == 0);
    const auto found = g.get("/v1/entities?kind=vin&value=" + identity_of(600).vin + "&reason=K-1");
    CHECK(found.at("claims").as_array().size() == 1);
    const auto r = https(g.gw.api_port(), "POST", "/v1/fraud/reports", g.picc, g.pki.ca(),
                         R"({"adjuster_id":"A1","plates":[")" + identity_of(600).plate +
                             R"("],"note":"seen twice"})");
    REQUIRE(r.status == 201);
    const auto lead = std::string(bj::parse(r.body).at("lead_id").as_string());
    const auto shown = bj::serialize(g.get("/v1/leads/" + lead + "?reveal=true&reason=K-2"));
    CHECK(shown.find(identity_of(600).plate) != std::string::npos);
}

TEST_CASE("fraud backtest compares a candidate rule set with the current one, read-only",
          "[integration][fraud][backtest]") {
    pool_gateway g;
    plant_frequent_vehicle(g, 800);
    g.screened();
    temp_dir dir;
    const auto rules = dir.path() + "/candidate.toml";
    std::ofstream(rules)
        << "version = \"candidate-7\"\n[rules.FREQUENT_VEHICLE]\nenabled = false\n";
    const auto hits_before = count(g.db, "SELECT count(*) FROM rule_hits");
    std::string out;
    REQUIRE(run_cli(g.db, {"fraud", "backtest", "--rules", rules, "--config", g.gw.config()},
                    out) == 0);
    INFO(out);
    CHECK(out.find("backtest over 4 pooled claims") != std::string::npos);
    CHECK(out.find("candidate-7") != std::string::npos);
    // FREQUENT_VEHICLE: the current rules flag all four claims, the candidate none.
    CHECK(out.find("FREQUENT_VEHICLE              4          0") != std::string::npos);
    CHECK(count(g.db, "SELECT count(*) FROM rule_hits") == hits_before);
    // A bad rules file is refused with its position.
    std::ofstream(rules) << "[rules.FREQUENT_VEHICLE]\nmax_claims = -1\n";
    CHECK(run_cli(g.db, {"fraud", "backtest", "--rules", rules, "--config", g.gw.config()}, out) ==
          2);
    CHECK(out.find("rules.FREQUENT_VEHICLE.max_claims") != std::string::npos);
}

TEST_CASE("the retention purge removes what is past retention and nothing else, audited",
          "[integration][fraud][retention]") {
    // Claims go in through a gateway keeping five years; a second instance keeping one year
    // then purges them.
    pool_gateway g;
    // A zone running since 2024-11 has that month's partition; none for 2024-10. (The
    // gateway's own purge holds the months' lock for a moment at its start, hence the retry.)
    REQUIRE(eventually(
        [&] {
            g.sql("SELECT pool_add_month('2024-11-20')");
            return g.sql("SELECT to_regclass('pool_claims_2024_11') IS NOT NULL") == "t";
        },
        std::chrono::seconds(5)));
    claim_spec in_a_month{"OLD-1", identity_of(1), identity_of(2), photo_of(1), photo_of(2)};
    in_a_month.occurred_at = "2024-11-20T08:15:00+08:00";
    claim_spec in_no_month{"OLD-2", identity_of(5), identity_of(6), photo_of(5), photo_of(6)};
    in_no_month.occurred_at = "2024-10-05T08:15:00+08:00";
    g.post(in_a_month, g.picc);
    g.post(in_no_month, g.picc);
    g.post({"NEW-1", identity_of(3), identity_of(4), photo_of(3), photo_of(4)}, g.picc);
    CHECK(g.sql("SELECT tableoid::regclass FROM pool_claims WHERE occurred_at < '2024-11-01'") ==
          "pool_claims_other");
    CHECK(count(g.db, "SELECT count(*) FROM pool_claims") == 3);

    gateway_process purging({.db_url = g.db.url(),
                             .pki = &g.pki,
                             .replace = {{"purge_interval_ms = 3600000", "purge_interval_ms = 200"},
                                         {"retention_years = 5", "retention_years = 1"}}});
    CHECK(eventually([&] { return count(g.db, "SELECT count(*) FROM pool_claims") == 1; },
                     std::chrono::seconds(10)));
    CHECK(
        count(g.db,
              "SELECT count(*) FROM pool_entries WHERE occurred_at < now() - interval '1 year'") ==
        0);
    CHECK(count(g.db, "SELECT count(*) FROM pool_entries") > 0);
    CHECK(count(g.db, "SELECT count(*) FROM claims") == 3);  // the claims stay with their insurers
    // 2024-11 went as a whole month, 2024-10's claim row by row from the default partition.
    CHECK(g.sql("SELECT to_regclass('pool_claims_2024_11') IS NULL") == "t");
    CHECK(g.sql("SELECT string_agg(reason, '; ') FROM audit_log WHERE action = 'purge'") ==
          "retention 1 years: 2 pooled claims (whole months dropped: 1), 0 closed leads");
}
