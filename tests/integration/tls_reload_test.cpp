// Revocation and certificate rotation without downtime: `crossclaim pki revoke` signs a new
// CRL, SIGHUP makes the gateway read its TLS files again; connections already open are kept,
// except those of a certificate the new list revokes.

#include <signal.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "harness.hpp"

using namespace crossclaim::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// Waits until the gateway has logged `text` (it logs each reload).
bool logged(const gateway_process& gw, const std::string& text) {
    return eventually([&] { return gw.log().find(text) != std::string::npos; }, 5s);
}

int revoke(const test_pki& pki, const std::string& cert) {
    return run({binary_path(), "pki", "revoke", "--dir", pki.dir(), "--cert", cert},
               pki.dir() + "/revoke.log");
}

}  // namespace

TEST_CASE(
    "a revoked certificate is refused at the handshake once SIGHUP reloads the CRL, and "
    "its open connections are closed",
    "[integration][tls][revocation]") {
    test_pki pki;
    test_database db;
    gateway_process gw{{.db_url = db.url(), .pki = &pki}};
    const auto picc = pki.issue("PICC", "insurer", "picc-core");
    const auto paic = pki.issue("PAIC", "insurer", "paic-core");

    https_connection open(gw.api_port(), paic, pki.ca());
    https_connection bystander(gw.api_port(), picc, pki.ca());
    CHECK(open.get("/healthz").status == 200);
    CHECK(bystander.get("/healthz").status == 200);

    REQUIRE(revoke(pki, paic.cert) == 0);
    // Until the gateway reads the new list, the certificate still gets in.
    CHECK_FALSE(refused(gw.api_port(), paic, pki.ca()));

    gw.signal(SIGHUP);
    REQUIRE(logged(gw, "TLS files reloaded"));
    const auto why = refused(gw.api_port(), paic, pki.ca());
    REQUIRE(why);
    CHECK(why->find("revoked") != std::string::npos);  // the server's alert: certificate revoked
    CHECK(https(gw.api_port(), "GET", "/healthz", picc, pki.ca()).status == 200);
    // The revoked member's open connection was closed; another member's stays.
    CHECK_THROWS(open.get("/healthz"));
    CHECK(gw.log().find("connection of a revoked certificate closed") != std::string::npos);
    CHECK(bystander.get("/healthz").status == 200);
    // Revoking again changes nothing; another member is unaffected.
    REQUIRE(revoke(pki, paic.cert) == 0);
    CHECK(read_file(pki.dir() + "/revoked.txt").find('\n') ==
          read_file(pki.dir() + "/revoked.txt").size() - 1);

    // A certificate of another CA cannot be revoked here.
    test_pki other;
    const auto stranger = other.issue("PICC", "insurer", "elsewhere");
    CHECK(revoke(pki, stranger.cert) == 1);
    CHECK(read_file(pki.dir() + "/revoke.log").find("was not issued by the CA") !=
          std::string::npos);
}

TEST_CASE(
    "SIGHUP rotates the server certificate without a restart, and bad files keep the "
    "old ones",
    "[integration][tls][revocation]") {
    test_pki pki;
    test_database db;
    gateway_process gw{{.db_url = db.url(), .pki = &pki}};
    const auto picc = pki.issue("PICC", "insurer", "picc-core");
    https_connection open(gw.api_port(), picc, pki.ca());

    // The new server certificate comes from another CA: a client that trusts only that CA
    // gets in once the gateway has read the new files.
    test_pki next;
    CHECK(refused(gw.api_port(), picc, next.ca()));
    fs::copy_file(next.dir() + "/server.crt", pki.dir() + "/server.crt",
                  fs::copy_options::overwrite_existing);
    fs::copy_file(next.dir() + "/server.key", pki.dir() + "/server.key",
                  fs::copy_options::overwrite_existing);
    gw.signal(SIGHUP);
    REQUIRE(logged(gw, "TLS files reloaded"));
    CHECK(https(gw.api_port(), "GET", "/healthz", picc, next.ca()).status == 200);
    CHECK(refused(gw.api_port(), picc, pki.ca()));
    CHECK(open.get("/healthz").status == 200);

    // A broken CRL is refused whole: the gateway logs why and keeps serving as before.
    std::ofstream(pki.dir() + "/crl.pem") << "not a CRL\n";
    gw.signal(SIGHUP);
    REQUIRE(logged(gw, "TLS reload failed"));
    CHECK(gw.log().find("not a readable PEM CRL") != std::string::npos);
    CHECK(https(gw.api_port(), "GET", "/healthz", picc, next.ca()).status == 200);
    CHECK_FALSE(gw.wait(0ms));  // still running
}
