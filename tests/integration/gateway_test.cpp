// The gateway's transport: mutual TLS, roles, limits, readiness and graceful stop, against
// a real `crossclaim serve`, a real PostgreSQL and certificates made by `crossclaim pki`.

#include <signal.h>

#include <catch2/catch.hpp>
#include <future>
#include <pqxx/pqxx>
#include <thread>

#include "harness.hpp"

using namespace crossclaim::testing;
using namespace std::chrono_literals;

namespace {

struct running_gateway {
    test_pki pki;
    test_database db;
    gateway_process gw{{.db_url = db.url(), .pki = &pki}};
    client_cert insurer = pki.issue("PICC", "insurer", "picc-core");
};

}  // namespace

TEST_CASE("a member certificate signed by the CA gets 200 on /healthz with a request id",
          "[integration][tls]") {
    running_gateway g;
    const auto r = https(g.gw.api_port(), "GET", "/healthz", g.insurer, g.pki.ca());
    CHECK(r.status == 200);
    CHECK(r.body == R"({"status":"up"})");
    CHECK(r.headers.count("x-request-id") == 1);
    CHECK_FALSE(r.header("x-request-id").empty());
}

TEST_CASE("the caller's own X-Request-Id is echoed back", "[integration][tls]") {
    running_gateway g;
    const auto r = https(g.gw.api_port(), "GET", "/healthz", g.insurer, g.pki.ca(), "",
                         {{"X-Request-Id", "picc-trace-0001"}});
    CHECK(r.header("x-request-id") == "picc-trace-0001");
}

TEST_CASE("the API listener refuses a connection without a client certificate",
          "[integration][tls]") {
    running_gateway g;
    const auto why = refused(g.gw.api_port(), std::nullopt, g.pki.ca());
    REQUIRE(why);
    INFO(*why);
    CHECK(why->find("certificate") != std::string::npos);
}

TEST_CASE("the API listener refuses a certificate from another CA", "[integration][tls]") {
    running_gateway g;
    test_pki other;
    const auto stranger = other.issue("PICC", "insurer", "forged");
    CHECK(refused(g.gw.api_port(), stranger, g.pki.ca()));
}

TEST_CASE("the API listener refuses an expired certificate", "[integration][tls]") {
    running_gateway g;
    const auto expired = g.pki.issue("PICC", "insurer", "old-system", 5, 10);
    CHECK(refused(g.gw.api_port(), expired, g.pki.ca()));
    // The same CA's valid certificate still works, so the refusal is about expiry.
    CHECK_FALSE(refused(g.gw.api_port(), g.insurer, g.pki.ca()));
}

TEST_CASE("the console listener serves browsers without a client certificate",
          "[integration][tls]") {
    running_gateway g;
    const auto r = https(g.gw.console_port(), "GET", "/healthz", std::nullopt, g.pki.ca());
    CHECK(r.status == 200);
}

TEST_CASE("an insurer certificate gets 403 on an investigator route", "[integration][roles]") {
    running_gateway g;
    const auto r = https(g.gw.api_port(), "GET", "/v1/leads", g.insurer, g.pki.ca());
    CHECK(r.status == 403);
    CHECK(r.header("content-type") == "application/problem+json");
}

TEST_CASE("a certificate whose OU names no known role gets 403 on member routes",
          "[integration][roles]") {
    running_gateway g;
    const auto odd = g.pki.issue("PICC", "insurer", "x");
    // `pki issue` refuses unknown roles, so make the odd subject by hand with the CA key.
    const auto odd_prefix = g.pki.dir() + "/odd";
    REQUIRE(run({"/usr/bin/openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                 "ec_paramgen_curve:P-256", "-nodes", "-subj", "/O=PICC/OU=auditor/CN=odd",
                 "-keyout", odd_prefix + ".key", "-out", odd_prefix + ".csr"},
                g.pki.dir() + "/openssl.log") == 0);
    REQUIRE(run({"/usr/bin/openssl", "x509", "-req", "-in", odd_prefix + ".csr", "-CA", g.pki.ca(),
                 "-CAkey", g.pki.dir() + "/ca.key", "-CAcreateserial", "-days", "2", "-out",
                 odd_prefix + ".crt"},
                g.pki.dir() + "/openssl.log") == 0);
    const client_cert auditor{odd_prefix + ".crt", odd_prefix + ".key"};
    CHECK(https(g.gw.api_port(), "GET", "/metrics", auditor, g.pki.ca()).status == 403);
    CHECK(https(g.gw.api_port(), "GET", "/metrics", odd, g.pki.ca()).status == 200);
}

TEST_CASE("a body over the limit gets 413", "[integration][limits]") {
    running_gateway g;
    const std::string big(2 * 1024 * 1024, 'x');
    const auto r = https(g.gw.api_port(), "POST", "/v1/claims", g.insurer, g.pki.ca(), big);
    CHECK(r.status == 413);
    CHECK(r.header("content-type") == "application/problem+json");
}

TEST_CASE("unknown paths get 404 and wrong methods 405 with Allow, as problem+json",
          "[integration][routing]") {
    running_gateway g;
    const auto missing = https(g.gw.api_port(), "GET", "/v1/nothing", g.insurer, g.pki.ca());
    CHECK(missing.status == 404);
    CHECK(missing.header("content-type") == "application/problem+json");
    const auto wrong = https(g.gw.api_port(), "DELETE", "/healthz", g.insurer, g.pki.ca());
    CHECK(wrong.status == 405);
    CHECK(wrong.header("allow") == "GET");
}

TEST_CASE("/metrics counts requests by route and status and shows the pool", "[integration][ops]") {
    running_gateway g;
    https(g.gw.api_port(), "GET", "/healthz", g.insurer, g.pki.ca());
    https(g.gw.api_port(), "GET", "/readyz", g.insurer, g.pki.ca());
    const auto m = https(g.gw.api_port(), "GET", "/metrics", g.insurer, g.pki.ca());
    CHECK(m.status == 200);
    CHECK(m.body.find(R"(crossclaim_requests_total{route="GET /healthz",status="200"} 1)") !=
          std::string::npos);
    CHECK(m.body.find(R"(crossclaim_request_duration_seconds_count{route="GET /readyz"} 1)") !=
          std::string::npos);
    CHECK(m.body.find("crossclaim_db_pool_connections 4") != std::string::npos);
}

TEST_CASE("SIGTERM during a slow request still delivers its response and exits 0",
          "[integration][lifecycle]") {
    running_gateway g;
    // Make /readyz slow for real: hold a lock on the table it reads.
    pqxx::connection blocker(g.db.url());
    pqxx::work lock_tx(blocker);
    lock_tx.exec0("LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE");

    auto pending = std::async(std::launch::async, [&] {
        return https(g.gw.api_port(), "GET", "/readyz", g.insurer, g.pki.ca());
    });
    std::this_thread::sleep_for(500ms);
    REQUIRE(pending.wait_for(0ms) == std::future_status::timeout);  // it is in flight
    g.gw.signal(SIGTERM);
    std::this_thread::sleep_for(300ms);
    CHECK_FALSE(g.gw.wait(0ms));  // still draining, not gone
    lock_tx.commit();             // the slow request may now finish

    const auto r = pending.get();
    CHECK(r.status == 200);
    CHECK(r.header("connection") == "close");
    const auto code = g.gw.wait(10s);
    REQUIRE(code);
    CHECK(*code == 0);
    // And it no longer accepts connections.
    CHECK(refused(g.gw.api_port(), g.insurer, g.pki.ca()));
}

TEST_CASE(
    "readiness follows the database: 503 with Retry-After while it is down, 200 again "
    "after it comes back, without restarting the gateway",
    "[integration][lifecycle]") {
    test_pki pki;
    private_cluster cluster;
    gateway_process gw{{.db_url = cluster.url(), .pki = &pki}};
    const auto cert = pki.issue("PICC", "insurer", "picc-core");

    CHECK(https(gw.api_port(), "GET", "/readyz", cert, pki.ca()).status == 200);
    cluster.stop();
    // Every pool connection notices on its own; ask more than once.
    for (int i = 0; i < 3; ++i) {
        const auto down = https(gw.api_port(), "GET", "/readyz", cert, pki.ca());
        CHECK(down.status == 503);
        CHECK(down.header("retry-after") == "5");
    }
    CHECK(https(gw.api_port(), "GET", "/healthz", cert, pki.ca()).status == 200);
    cluster.start();
    int status = 0;
    for (int i = 0; i < 50 && status != 200; ++i) {
        status = https(gw.api_port(), "GET", "/readyz", cert, pki.ca()).status;
        if (status != 200) std::this_thread::sleep_for(100ms);
    }
    CHECK(status == 200);
    CHECK_FALSE(gw.wait(0ms));  // the same process all along
}

TEST_CASE("a kept-alive connection serves several requests", "[integration][http]") {
    running_gateway g;
    const auto results = https_keep_alive(g.gw.api_port(), {"/healthz", "/readyz", "/healthz"},
                                          g.insurer, g.pki.ca());
    REQUIRE(results.size() == 3);
    for (const auto& r : results) CHECK(r.status == 200);
    CHECK(results.back().header("connection") != "close");
}

TEST_CASE("headers over the limit get 431", "[integration][limits]") {
    running_gateway g;
    const auto r = https(g.gw.api_port(), "GET", "/healthz", g.insurer, g.pki.ca(), "",
                         {{"X-Padding", std::string(20 * 1024, 'p')}});
    CHECK(r.status == 431);
    CHECK(r.header("content-type") == "application/problem+json");
}

TEST_CASE(
    "two migrate runs started together on a fresh database both succeed and apply each "
    "migration once",
    "[integration][migrations]") {
    test_database db;
    temp_dir dir;
    // Both start before either finishes: the advisory lock makes the second wait.
    auto a = std::async(std::launch::async, [&] {
        return run({"/usr/bin/env", "CROSSCLAIM_DB_URL=" + db.url(), binary_path(), "migrate"},
                   dir.path() + "/a.log");
    });
    auto b = std::async(std::launch::async, [&] {
        return run({"/usr/bin/env", "CROSSCLAIM_DB_URL=" + db.url(), binary_path(), "migrate"},
                   dir.path() + "/b.log");
    });
    CHECK(a.get() == 0);
    CHECK(b.get() == 0);
    pqxx::connection c(db.url());
    pqxx::nontransaction n(c);
    const auto rows = n.exec("SELECT name, count(*) FROM schema_migrations GROUP BY name");
    CHECK(rows.size() >= 1);
    for (const auto& r : rows) CHECK(r[1].as<int>() == 1);
    CHECK(n.exec1("SELECT count(*) FROM information_schema.tables WHERE table_name = 'claims'")[0]
              .as<int>() == 1);
}
