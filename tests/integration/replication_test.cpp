// The database beyond one machine (issue 12): a primary with a synchronous standby made by
// scripts/pg.sh, the gateway on a libpq multi-host URL with target_session_attrs=read-write.
// - Failover: the primary is lost (an immediate stop, as a crash) under a load of claims and
//   the standby promoted: the gateway carries on against it without a restart, every
//   acknowledged claim is there, the unanswered ones are taken when sent again, every
//   event is delivered, and escalations resume, each once.
// - Replica reads: with CROSSCLAIM_DB_REPLICA_URL, reports read the standby and say how stale
//   they may be.

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <iostream>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "claims_api.hpp"
#include "delivery_config.hpp"
#include "harness.hpp"
#include "receiver.hpp"

using namespace crossclaim::testing;
using namespace std::chrono_literals;

namespace {

// A primary and its synchronous standby in a folder of the test's own, both stopped at the end.
class replicated_cluster {
  public:
    replicated_cluster() : primary_port_(free_port()), standby_port_(free_port()) {
        unsetenv("PG_FAST_UNSAFE");  // commits must reach the standby before they are acknowledged
        pg({"start", dir_.path() + "/primary", std::to_string(primary_port_)});
        pg({"standby", dir_.path() + "/standby", dir_.path() + "/primary",
            std::to_string(standby_port_)});
    }
    ~replicated_cluster() {
        run({"/bin/bash", source_dir() + "/scripts/pg.sh", "stop", dir_.path() + "/standby"});
        run({"/bin/bash", source_dir() + "/scripts/pg.sh", "stop", dir_.path() + "/primary"});
    }
    /// Both hosts; libpq takes the first that accepts writes.
    std::string url() const {
        return "postgresql://crossclaim@127.0.0.1:" + std::to_string(primary_port_) +
               ",127.0.0.1:" + std::to_string(standby_port_) +
               "/crossclaim?target_session_attrs=read-write";
    }
    std::string standby_url() const {
        return "postgresql://crossclaim@127.0.0.1:" + std::to_string(standby_port_) + "/crossclaim";
    }
    void crash_primary() { pg({"stop", dir_.path() + "/primary", "immediate"}); }
    void promote_standby() { pg({"promote", dir_.path() + "/standby"}); }

  private:
    void pg(std::vector<std::string> args) {
        args.insert(args.begin(), {"/bin/bash", source_dir() + "/scripts/pg.sh"});
        const auto log = dir_.path() + "/pg.log";
        if (run(args, log) != 0) throw std::runtime_error("pg.sh failed: " + read_file(log));
    }
    temp_dir dir_;
    int primary_port_, standby_port_;
};

}  // namespace

TEST_CASE(
    "the primary lost under load: its synchronous standby is promoted, the gateway carries "
    "on without a restart, no acknowledged claim is lost, every event is delivered and every "
    "escalation happens once",
    "[integration][cluster][failover]") {
    replicated_cluster db;
    test_pki pki;
    receiver rx(pki);
    timings fast;
    fast.request_timeout_ms = 500;
    auto options = gateway_options(
        pki, db.url(),
        {branches(picc, push("621200", "json_webhook", rx, "picc-longnan-secret-0001", pki),
                  pull("620500"))},
        fast);
    options.replace.push_back({"scan_interval_ms = 30000", "scan_interval_ms = 100"});
    gateway_process gw(options);
    const auto core = pki.issue("PICC", "insurer", "picc-core");
    // Makes every assessment deadline not yet overdue overdue now, on the database `url`
    // reaches: the SLA scan escalates each to level 1. Returns how many it made overdue.
    const auto make_overdue = [](const std::string& url) {
        pqxx::connection c(url);
        pqxx::work w(c);
        const auto n = w.exec0("UPDATE sla_deadlines SET due = now() - interval '1 hour', "
                               "next_escalation_at = now() - interval '1 hour' WHERE stage = "
                               "'ASSESSED' AND escalation_level = 0 AND due > now()")
                           .affected_rows();
        w.commit();
        return static_cast<long long>(n);
    };

    // Four clients submit claims until told to stop; while the database is away (503) each
    // waits a little before its next claim.
    intake_load load(gw.api_port(), core, pki, "PICC-FO", 4, 50ms);
    REQUIRE(eventually([&] { return load.acknowledged_count() >= 40; }, 30s));
    // Escalations under way as the primary goes, and more due after the promotion.
    const auto overdue_before = make_overdue(db.url());
    REQUIRE(overdue_before >= 40);
    db.crash_primary();
    std::this_thread::sleep_for(1s);  // the gateway meets a database that is gone
    db.promote_standby();
    const auto promoted = intake_load::clock::now();
    const bool carried_on =
        eventually([&] { return load.first_acknowledged_after(promoted).has_value(); }, 30s);
    const auto overdue_after = carried_on ? make_overdue(db.url()) : 0;
    std::this_thread::sleep_for(1s);
    load.stop();
    REQUIRE(carried_on);
    CHECK(overdue_after > 0);
    const auto acknowledged = load.acknowledged();
    const auto unanswered = load.unanswered();
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                          *load.first_acknowledged_after(promoted) - promoted)
                          .count();
    INFO("first claim acknowledged " << took << " ms after the promotion; " << acknowledged.size()
                                     << " acknowledged, " << unanswered.size() << " unanswered");
    std::cout << "# failover: first claim acknowledged " << took << " ms after the promotion; "
              << acknowledged.size() << " acknowledged, " << unanswered.size() << " unanswered\n";
    CHECK(took < 10'000);

    // The unanswered ones, sent again with the same external_ref, are taken once.
    for (const auto& ref : unanswered) {
        const auto r = https(gw.api_port(), "POST", "/v1/claims", core, pki.ca(), claim_body(ref));
        CHECK((r.status == 201 || r.status == 200));
    }

    // On the new primary: every claim once, acknowledged or re-sent.
    pqxx::connection c(db.standby_url());
    pqxx::read_transaction tx(c);
    CHECK(tx.exec1("SELECT pg_is_in_recovery()")[0].as<bool>() == false);
    const auto rows = tx.exec("SELECT external_ref, count(*) FROM claims GROUP BY external_ref");
    std::set<std::string> stored;
    for (const auto& row : rows) {
        CHECK(row[1].as<int>() == 1);
        stored.insert(row[0].as<std::string>());
    }
    for (const auto& ref : acknowledged) CHECK(stored.contains(ref));
    for (const auto& ref : unanswered) CHECK(stored.contains(ref));
    tx.commit();

    // Escalations resumed on the new primary: every deadline made overdue, before the crash
    // or after the promotion, reached level 1 exactly once, and was announced once.
    const auto count = [&](const std::string& sql) {
        pqxx::connection cc(db.standby_url());
        pqxx::read_transaction q(cc);
        return q.exec1(sql)[0].as<long long>();
    };
    const std::string overdue =
        "FROM sla_deadlines WHERE stage = 'ASSESSED' AND due < now() - interval '30 minutes'";
    CHECK(count("SELECT count(*) " + overdue) == overdue_before + overdue_after);
    CHECK(eventually(
        [&] { return count("SELECT count(*) " + overdue + " AND escalation_level = 0") == 0; },
        30s));
    CHECK(count("SELECT count(*) " + overdue + " AND escalation_level <> 1") == 0);
    CHECK(count("SELECT count(*) FROM sla_escalations") == overdue_before + overdue_after);
    CHECK(count("SELECT count(*) FROM sla_escalations WHERE level <> 1") == 0);
    // An event to the handling branch, and one to the notified branch of an out-of-area claim.
    CHECK(count("SELECT count(*) FROM (SELECT 1 FROM outbox WHERE type = 'sla.escalated' GROUP "
                "BY claim_id, envelope->'data'->>'party', branch HAVING count(*) <> 1) x") == 0);
    CHECK(count("SELECT count(DISTINCT (claim_id, envelope->'data'->>'party')) FROM outbox "
                "WHERE type = 'sla.escalated'") == overdue_before + overdue_after);

    // Every event for the pushing branch reaches the receiver, one per claim and one per
    // escalation; only an event in flight at the crash (two delivery workers) may arrive
    // twice.
    std::set<std::string> expected;
    {
        pqxx::read_transaction q(c);
        for (const auto& row :
             q.exec("SELECT event_id::text FROM outbox WHERE branch = 'PICC-621200'"))
            expected.insert(row[0].as<std::string>());
    }
    REQUIRE(expected.size() ==
            stored.size() + count("SELECT count(*) FROM outbox WHERE branch = 'PICC-621200' AND "
                                  "type = 'sla.escalated'"));
    const bool all = rx.wait_until(
        [&](const std::vector<received_request>& got) {
            std::set<std::string> ids;
            for (const auto& r : got) ids.insert(r.header("x-crossclaim-event-id"));
            return std::includes(ids.begin(), ids.end(), expected.begin(), expected.end());
        },
        60s);
    CHECK(all);
    const auto got = rx.requests();
    std::set<std::string> distinct;
    for (const auto& r : got) distinct.insert(r.header("x-crossclaim-event-id"));
    CHECK(got.size() - distinct.size() <= 2);
    CHECK(eventually(
        [&] {
            pqxx::connection cc(db.standby_url());
            pqxx::read_transaction q(cc);
            return q.exec1(
                        "SELECT count(*) FROM outbox WHERE branch = 'PICC-621200' AND status <> "
                        "'delivered'")[0]
                       .as<int>() == 0;
        },
        30s));
}

TEST_CASE("with a replica URL, reports read the standby and say how stale they may be",
          "[integration][cluster][replica]") {
    replicated_cluster db;
    test_pki pki;
    gateway_process gw({.db_url = db.url(),
                        .pki = &pki,
                        .env = {{"CROSSCLAIM_DB_REPLICA_URL", db.standby_url()}}});
    const auto core = pki.issue("PICC", "insurer", "picc-core");
    const auto association = pki.issue("LNIA", "association", "lnia-ops");
    const std::string month = now_rfc3339().substr(0, 7);
    std::string lag;
    const auto claims_reported = [&] {
        const auto r = https(gw.api_port(), "GET", "/v1/reports/summary?month=" + month,
                             association, pki.ca());
        lag = r.header("x-replica-lag-seconds");
        return r.status == 200 ? boost::json::parse(r.body).at("claims").as_int64() : -1;
    };
    const auto on_standby = [&](const std::string& sql) {
        pqxx::connection c(db.standby_url());
        pqxx::nontransaction(c).exec(sql);
    };

    post_claim(gw.api_port(), core, pki, "PICC-REPLICA-1");
    CHECK(eventually([&] { return claims_reported() == 1; }, 10s));
    CHECK_FALSE(lag.empty());

    // The standby stops replaying: the report, read there, misses the newer claim and says
    // how far behind it may be.
    on_standby("SELECT pg_wal_replay_pause()");
    std::this_thread::sleep_for(300ms);
    const auto second = post_claim(gw.api_port(), core, pki, "PICC-REPLICA-2");
    std::this_thread::sleep_for(300ms);
    CHECK(claims_reported() == 1);
    INFO("lag while paused: " << lag);
    REQUIRE_FALSE(lag.empty());
    CHECK(std::stod(lag) >= 0.3);
    // Insurers' own reads stay on the primary: the new claim is there at once.
    CHECK(https(gw.api_port(), "GET", "/v1/claims/" + second, core, pki.ca()).status == 200);

    on_standby("SELECT pg_wal_replay_resume()");
    CHECK(eventually([&] { return claims_reported() == 2; }, 10s));
    CHECK(eventually([&] { return claims_reported() == 2 && lag == "0.000"; }, 10s));
}
