// What the listeners offer, probed one protocol version and one cipher suite at a time as a
// scanner (testssl.sh) does: TLS 1.2 with ECDHE key exchange and AEAD ciphers only (Mozilla's
// "intermediate" profile, without DHE), TLS 1.3, and nothing older.

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <catch2/catch.hpp>
#include <memory>

#include "harness.hpp"

using namespace crossclaim::testing;

namespace {

struct probe_result {
    bool accepted = false;
    std::string error;
};

// A handshake only, offering `version` and, for TLS 1.2 and older, the one suite `cipher`.
// The client allows everything (security level 0), so a refusal is the server's.
probe_result probe(int port, int version, const std::string& cipher,
                   const std::optional<client_cert>& cert) {
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                          SSL_CTX_free);
    SSL_CTX_set_security_level(ctx.get(), 0);
    SSL_CTX_set_min_proto_version(ctx.get(), version);
    SSL_CTX_set_max_proto_version(ctx.get(), version);
    if (version == TLS1_3_VERSION)
        SSL_CTX_set_ciphersuites(ctx.get(), cipher.c_str());
    else if (SSL_CTX_set_cipher_list(ctx.get(), cipher.c_str()) != 1)
        return {false, "this OpenSSL cannot offer " + cipher};
    if (cert) {
        SSL_CTX_use_certificate_file(ctx.get(), cert->cert.c_str(), SSL_FILETYPE_PEM);
        SSL_CTX_use_PrivateKey_file(ctx.get(), cert->key.c_str(), SSL_FILETYPE_PEM);
    }
    BIO* bio = BIO_new_connect(("127.0.0.1:" + std::to_string(port)).c_str());
    if (BIO_do_connect(bio) <= 0) {
        BIO_free(bio);
        return {false, "no connection"};
    }
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
    SSL_set_bio(ssl.get(), bio, bio);
    ERR_clear_error();
    const bool ok = SSL_connect(ssl.get()) == 1;
    char why[256] = "";
    if (!ok) ERR_error_string_n(ERR_get_error(), why, sizeof why);
    return {ok, why};
}

// Every TLS 1.2-and-older suite this OpenSSL knows, weak ones included.
std::vector<std::string> all_legacy_suites() {
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                          SSL_CTX_free);
    SSL_CTX_set_security_level(ctx.get(), 0);
    SSL_CTX_set_cipher_list(ctx.get(), "ALL:COMPLEMENTOFALL");
    std::vector<std::string> out;
    STACK_OF(SSL_CIPHER)* list = SSL_CTX_get_ciphers(ctx.get());
    for (int i = 0; i < sk_SSL_CIPHER_num(list); ++i) {
        const std::string name = SSL_CIPHER_get_name(sk_SSL_CIPHER_value(list, i));
        if (name.rfind("TLS_", 0) != 0) out.push_back(name);  // TLS_… are TLS 1.3 suites
    }
    return out;
}

bool ecdhe_aead(const std::string& suite) {
    return suite.rfind("ECDHE-", 0) == 0 &&
           (suite.find("-GCM-") != std::string::npos || suite.find("CHACHA20") != std::string::npos);
}

void check_listener(int port, const std::optional<client_cert>& cert) {
    const auto suites = all_legacy_suites();
    REQUIRE(suites.size() > 40);  // the probe itself offers the old and the weak
    int accepted = 0;
    for (const auto& suite : suites) {
        const auto r = probe(port, TLS1_2_VERSION, suite, cert);
        INFO(suite << ": " << r.error);
        if (r.accepted) {
            ++accepted;
            CHECK(ecdhe_aead(suite));
        }
    }
    CHECK(accepted >= 2);
    CHECK(probe(port, TLS1_3_VERSION, "TLS_AES_128_GCM_SHA256", cert).accepted);
    CHECK(probe(port, TLS1_3_VERSION, "TLS_CHACHA20_POLY1305_SHA256", cert).accepted);
    CHECK_FALSE(probe(port, TLS1_1_VERSION, "ALL", cert).accepted);
    CHECK_FALSE(probe(port, TLS1_VERSION, "ALL", cert).accepted);
}

// Two connections at `version`, the second offering the session of the first (read to its end,
// so that TLS 1.3's tickets, which come after the handshake, have arrived): whether the
// server resumed it.
bool resumed(int port, int version, const client_cert& cert) {
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                          SSL_CTX_free);
    SSL_CTX_set_min_proto_version(ctx.get(), version);
    SSL_CTX_set_max_proto_version(ctx.get(), version);
    SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_CLIENT);
    SSL_CTX_use_certificate_file(ctx.get(), cert.cert.c_str(), SSL_FILETYPE_PEM);
    SSL_CTX_use_PrivateKey_file(ctx.get(), cert.key.c_str(), SSL_FILETYPE_PEM);
    const auto connect = [&](SSL_SESSION* offer) {
        std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
        BIO* bio = BIO_new_connect(("127.0.0.1:" + std::to_string(port)).c_str());
        REQUIRE(BIO_do_connect(bio) > 0);
        SSL_set_bio(ssl.get(), bio, bio);
        if (offer) SSL_set_session(ssl.get(), offer);
        REQUIRE(SSL_connect(ssl.get()) == 1);
        const std::string get = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        REQUIRE(SSL_write(ssl.get(), get.data(), static_cast<int>(get.size())) > 0);
        char buf[4096];
        std::string answer;
        for (int n; (n = SSL_read(ssl.get(), buf, sizeof buf)) > 0;) answer.append(buf, n);
        CHECK(answer.rfind("HTTP/1.1 200", 0) == 0);
        return ssl;
    };
    const auto first = connect(nullptr);
    std::unique_ptr<SSL_SESSION, decltype(&SSL_SESSION_free)> session(SSL_get1_session(first.get()),
                                                                      SSL_SESSION_free);
    REQUIRE(session);
    return SSL_session_reused(connect(session.get()).get()) == 1;
}

}  // namespace

TEST_CASE("no TLS session is resumed: every connection proves its certificate afresh",
          "[integration][tls]") {
    test_pki pki;
    test_database db;
    gateway_process gw({.db_url = db.url(), .pki = &pki});
    const auto picc = pki.issue("PICC", "insurer", "picc-core");
    CHECK_FALSE(resumed(gw.api_port(), TLS1_3_VERSION, picc));
    CHECK_FALSE(resumed(gw.api_port(), TLS1_2_VERSION, picc));
}

TEST_CASE("the API listener offers TLS 1.2 with ECDHE and AEAD suites only, TLS 1.3, nothing older",
          "[integration][tls]") {
    test_pki pki;
    test_database db;
    gateway_process gw({.db_url = db.url(), .pki = &pki});
    check_listener(gw.api_port(), pki.issue("PICC", "insurer", "picc-core"));
}

TEST_CASE("the console listener offers TLS 1.2 with ECDHE and AEAD suites only, TLS 1.3, nothing older",
          "[integration][tls]") {
    test_pki pki;
    test_database db;
    gateway_process gw({.db_url = db.url(), .pki = &pki});
    check_listener(gw.console_port(), std::nullopt);
}
