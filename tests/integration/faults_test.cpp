// Faults survived under an intake load: the gateway killed with SIGKILL, the database
// restarted. Every claim that was acknowledged is there once with all its rows, none is
// half-written, and re-sending the unanswered ones with the same external_ref ends with
// every claim once. A database crash in the middle of screening loses no claim's screening
// and counts none twice.

#include <signal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "claims_api.hpp"
#include "fraud_api.hpp"
#include "harness.hpp"

using namespace crossclaim::testing;
using namespace std::chrono_literals;

namespace {

long long count(const std::string& url, const std::string& sql) {
    pqxx::connection c(url);
    pqxx::nontransaction n(c);
    return n.exec1(sql)[0].as<long long>();
}

// Claims that lack any of the rows intake writes with them: two parties and their facts,
// four history rows, deadlines, events, and the claim's place in the fraud pool.
const char* half_written = R"sql(
    SELECT count(*) FROM claims c WHERE
        (SELECT count(*) FROM claim_parties p WHERE p.claim_id = c.claim_id) <> 2
     OR (SELECT count(*) FROM claim_facts f WHERE f.claim_id = c.claim_id) <> 2
     OR (SELECT count(*) FROM claim_history h WHERE h.claim_id = c.claim_id) <> 4
     OR NOT EXISTS (SELECT 1 FROM sla_deadlines d WHERE d.claim_id = c.claim_id)
     OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.claim_id = c.claim_id)
     OR NOT EXISTS (SELECT 1 FROM pool_claims q WHERE q.claim_id = c.claim_id)
     OR NOT EXISTS (SELECT 1 FROM pool_entries e WHERE e.claim_id = c.claim_id))sql";

// Rows that belong to no claim.
const char* orphans = R"sql(
    SELECT (SELECT count(*) FROM outbox o WHERE NOT EXISTS (
                SELECT 1 FROM claims c WHERE c.claim_id = o.claim_id))
         + (SELECT count(*) FROM pool_claims q WHERE NOT EXISTS (
                SELECT 1 FROM claims c WHERE c.claim_id = q.claim_id)))sql";

}  // namespace

TEST_CASE("a gateway killed under intake load loses no acknowledged claim and half-writes none",
          "[integration][faults]") {
    test_pki pki;
    test_database db;
    const auto picc = pki.issue("PICC", "insurer", "picc-core");
    std::optional<gateway_process> gw;
    gw.emplace(gateway_process::options{.db_url = db.url(), .pki = &pki});

    intake_load load(gw->api_port(), picc, pki, "CRASH");
    // Kill it once claims are flowing (slower under the sanitizers, hence the generous wait).
    REQUIRE(eventually([&] { return load.acknowledged_count() >= 150; }, 30s));
    gw->signal(SIGKILL);
    REQUIRE(gw->wait(5s));
    std::this_thread::sleep_for(200ms);  // the clients' requests in flight fail now
    load.stop();
    const auto answered = load.acknowledged();
    const auto unanswered = load.unanswered();

    INFO(answered.size() << " acknowledged, " << unanswered.size() << " unanswered");
    REQUIRE(answered.size() >= 150);
    REQUIRE_FALSE(unanswered.empty());
    // Every acknowledged claim is there once; nothing is half-written or orphaned.
    pqxx::connection c(db.url());
    for (const auto& ref : answered) {
        pqxx::nontransaction n(c);
        CHECK(n.exec_params1("SELECT count(*) FROM claims WHERE external_ref = $1", ref)[0]
                  .as<int>() == 1);
    }
    CHECK(count(db.url(), half_written) == 0);
    CHECK(count(db.url(), orphans) == 0);

    // A restarted gateway takes the unanswered ones again: those that were written answer
    // as a replay (200), the others are made now (201).
    gw.emplace(gateway_process::options{.db_url = db.url(), .pki = &pki});
    int replayed = 0, created = 0;
    for (const auto& ref : unanswered) {
        const auto r = https(gw->api_port(), "POST", "/v1/claims", picc, pki.ca(), claim_body(ref),
                             {{"Content-Type", "application/json"}});
        REQUIRE((r.status == 200 || r.status == 201));
        (r.status == 200 ? replayed : created)++;
    }
    INFO(replayed << " replayed, " << created << " created");
    CHECK(count(db.url(), "SELECT count(*) FROM claims") ==
          static_cast<long long>(answered.size() + unanswered.size()));
    CHECK(count(db.url(), "SELECT count(DISTINCT external_ref) FROM claims") ==
          count(db.url(), "SELECT count(*) FROM claims"));
    CHECK(count(db.url(), half_written) == 0);
}

TEST_CASE(
    "a database restart under intake load answers 503 with Retry-After, and the gateway "
    "recovers by itself losing nothing acknowledged",
    "[integration][faults]") {
    test_pki pki;
    private_cluster cluster;
    gateway_process gw{{.db_url = cluster.url(), .pki = &pki}};
    const auto picc = pki.issue("PICC", "insurer", "picc-core");
    // Read before, during and after: reads go through the I/O threads' pipelined connections.
    const auto read_id = post_claim(gw.api_port(), picc, pki, "DBDOWN-READ");
    const auto read = [&] {
        return https(gw.api_port(), "GET", "/v1/claims/" + read_id, picc, pki.ca());
    };
    REQUIRE(read().status == 200);

    std::mutex m;
    std::set<std::string> answered, refused_for_now;
    std::map<int, int> statuses;
    int without_retry_after = 0;
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t)
        clients.emplace_back([&, t] {
            for (int i = 0; !stop; ++i) {
                const auto ref = "DBDOWN-" + std::to_string(t) + "-" + std::to_string(i);
                const auto r = https(gw.api_port(), "POST", "/v1/claims", picc, pki.ca(),
                                     claim_body(ref), {{"Content-Type", "application/json"}});
                std::lock_guard lock(m);
                ++statuses[r.status];
                if (r.status == 201)
                    answered.insert(ref);
                else
                    refused_for_now.insert(ref);
                if (r.status == 503 && r.header("retry-after").empty()) ++without_retry_after;
                if (r.status == 503) std::this_thread::sleep_for(20ms);
            }
        });
    const auto wait_for = [&](std::size_t n) {
        return eventually(
            [&] {
                std::lock_guard lock(m);
                return answered.size() >= n;
            },
            10s);
    };
    REQUIRE(wait_for(50));
    cluster.stop();
    const auto read_while_down = read();
    std::this_thread::sleep_for(1s);
    cluster.start();
    // The gateway finds the database again by itself, under the same load.
    const auto before = [&] {
        std::lock_guard lock(m);
        return answered.size();
    }();
    const bool recovered = wait_for(before + 50);
    stop = true;
    for (auto& c : clients) c.join();

    std::string seen;
    for (const auto& [status, n] : statuses)
        seen += std::to_string(status) + ": " + std::to_string(n) + "  ";
    INFO(seen);
    CHECK(recovered);
    CHECK(statuses[503] > 0);  // the requests while it was down
    CHECK(without_retry_after == 0);
    CHECK(statuses[201] + statuses[503] ==
          static_cast<int>(answered.size() + refused_for_now.size()));
    CHECK_FALSE(gw.wait(0ms));  // the same process all along
    CHECK(read_while_down.status == 503);
    CHECK(read_while_down.header("retry-after") == "5");
    CHECK(read().status == 200);

    for (const auto& ref : answered) {
        pqxx::connection c(cluster.url());
        pqxx::nontransaction n(c);
        CHECK(n.exec_params1("SELECT count(*) FROM claims WHERE external_ref = $1", ref)[0]
                  .as<int>() == 1);
    }
    CHECK(count(cluster.url(), half_written) == 0);
    // What was refused goes in now (or answers as a replay if it was written after all).
    for (const auto& ref : refused_for_now) {
        const auto r = https(gw.api_port(), "POST", "/v1/claims", picc, pki.ca(), claim_body(ref),
                             {{"Content-Type", "application/json"}});
        CHECK((r.status == 200 || r.status == 201));
    }
    CHECK(count(cluster.url(), "SELECT count(*) FROM claims") ==
          static_cast<long long>(answered.size() + refused_for_now.size()) + 1);  // + the read one
}

TEST_CASE(
    "a read-only database answers writes with 503 and Retry-After, serves reads, and "
    "takes writes again without a restart",
    "[integration][faults]") {
    test_pki pki;
    test_database db;
    gateway_process gw{{.db_url = db.url(), .pki = &pki}};
    const auto picc = pki.issue("PICC", "insurer", "picc-core");
    const auto id = post_claim(gw.api_port(), picc, pki, "RO-0");
    // New sessions of this database only read; the gateway's open ones are ended, so it
    // reconnects into the new setting.
    const auto set_read_only = [&](bool on) {
        pqxx::connection c(db.url());
        pqxx::nontransaction n(c);
        n.exec0("SET default_transaction_read_only = off");  // this session writes
        n.exec0(std::string("ALTER DATABASE ") + c.dbname() +
                (on ? " SET default_transaction_read_only = on"
                    : " RESET default_transaction_read_only"));
        n.exec(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    };
    set_read_only(true);
    int refused = 0;
    for (int i = 1; i <= 10; ++i) {
        const auto r =
            https(gw.api_port(), "POST", "/v1/claims", picc, pki.ca(),
                  claim_body("RO-" + std::to_string(i)), {{"Content-Type", "application/json"}});
        INFO(r.body);
        CHECK(r.status == 503);
        CHECK(r.header("retry-after") == "5");
        refused += r.status == 503;
    }
    CHECK(refused == 10);
    // Reads go on.
    CHECK(https(gw.api_port(), "GET", "/v1/claims/" + id, picc, pki.ca()).status == 200);
    CHECK(count(db.url(), "SELECT count(*) FROM claims") == 1);

    set_read_only(false);
    int status = 0;
    for (int i = 0; i < 50 && status != 201; ++i) {
        status = https(gw.api_port(), "POST", "/v1/claims", picc, pki.ca(), claim_body("RO-1"),
                       {{"Content-Type", "application/json"}})
                     .status;
        if (status != 201) std::this_thread::sleep_for(100ms);
    }
    CHECK(status == 201);
    CHECK(count(db.url(), half_written) == 0);
    CHECK_FALSE(gw.wait(0ms));
}

TEST_CASE("a gateway whose log device is full goes on serving, and its claims are whole",
          "[integration][faults]") {
    test_pki pki;
    test_database db;
    // Every write to /dev/full fails with ENOSPC, as on a full disk.
    gateway_process gw{{.db_url = db.url(), .pki = &pki, .log_path = "/dev/full"}};
    const auto picc = pki.issue("PICC", "insurer", "picc-core");
    for (int i = 0; i < 20; ++i) post_claim(gw.api_port(), picc, pki, "FULL-" + std::to_string(i));
    CHECK(https(gw.api_port(), "GET", "/readyz", picc, pki.ca()).status == 200);
    CHECK(count(db.url(), "SELECT count(*) FROM claims") == 20);
    CHECK(count(db.url(), half_written) == 0);
    CHECK_FALSE(gw.wait(0ms));
}

TEST_CASE("a database crash while claims are screened loses no screening and counts none twice",
          "[integration][faults]") {
    test_pki pki;
    private_cluster cluster;
    const auto picc = pki.issue("PICC", "insurer", "picc-core");
    const auto url = cluster.url();
    {  // Claims queued for screening by a gateway that screens nothing. Each has parties of
       // its own: claims sharing them would form one lead that grows with every claim.
        gateway_process intake{{.db_url = url,
                                .pki = &pki,
                                .replace = {{"screening_workers = 1", "screening_workers = 0"}}}};
        for (int i = 0; i < 300; ++i) {
            const claim_spec spec{"CRASH-" + std::to_string(i), identity_of(5000 + 2 * i),
                                  identity_of(5001 + 2 * i), photo_of(50000 + 2 * i),
                                  photo_of(50001 + 2 * i)};
            const auto r =
                https(intake.api_port(), "POST", "/v1/claims", picc, pki.ca(), claim_body_of(spec));
            REQUIRE(r.status == 201);
        }
    }
    gateway_process gw{{.db_url = url,
                        .pki = &pki,
                        .replace = {{"screening_workers = 1", "screening_workers = 2"}}}};
    const auto screened = [&] {
        return count(url, "SELECT count(*) FROM pool_claims WHERE screened_at IS NOT NULL");
    };
    REQUIRE(eventually([&] { return screened() >= 30; }, 20s));
    // Screening commits do not wait for the disk: the crash may take the last ones with it.
    cluster.crash();
    cluster.start();
    const auto queue_empty = [&] {
        try {
            return count(url, "SELECT count(*) FROM screening_queue") == 0;
        } catch (const std::exception&) {
            return false;  // not accepting connections yet
        }
    };
    REQUIRE(eventually(queue_empty, 60s));
    CHECK(screened() == 300);
    // Each claim's losses are in the statistics once: a sample per situation of each party.
    CHECK(count(url, "SELECT sum(samples) FROM pool_loss_buckets") ==
          count(url, R"sql(
              SELECT count(*) FROM pool_claims c,
                  jsonb_array_elements(c.facts::jsonb -> 'parties') AS p,
                  jsonb_array_elements(p -> 'situations') AS s)sql"));
    CHECK_FALSE(gw.wait(0ms));  // the same gateway screened on after the crash
}
