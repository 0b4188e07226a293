#include "gateway/tls_context.hpp"

#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace crossclaim::gateway {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> make_tls(const config::tls_files& files, bool require_client_cert) {
    auto made = std::make_shared<ssl::context>(ssl::context::tls_server);
    auto& ctx = *made;
    // tls_server plus a minimum version: TLS 1.2 and 1.3 both stay on.
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    // TLS 1.2: ECDHE key exchange with AEAD ciphers only (Mozilla's "intermediate" profile
    // without DHE); no CBC suite, so nothing for LUCKY13. TLS 1.3's defaults are all AEAD.
    SSL_CTX_set_cipher_list(ctx.native_handle(),
                            "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                            "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                            "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305");
    // No session resumption: every connection proves its certificate afresh, so a
    // certificate that has expired, or that a reloaded CRL revokes, is refused at the next
    // connection rather than resumed from a ticket (OpenSSL's tickets live for two hours).
    // It also spares each TLS 1.3 handshake the two tickets OpenSSL would send after it.
    SSL_CTX_set_session_cache_mode(ctx.native_handle(), SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(ctx.native_handle(), SSL_OP_NO_TICKET);
    SSL_CTX_set_num_tickets(ctx.native_handle(), 0);
    ctx.use_certificate_chain_file(files.cert);
    ctx.use_private_key_file(files.key, ssl::context::pem);
    if (require_client_cert) {
        ctx.load_verify_file(files.ca);
        ctx.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
        // Tell clients which CA we accept, so that they pick the right certificate.
        SSL_CTX_set_client_CA_list(ctx.native_handle(), SSL_load_client_CA_file(files.ca.c_str()));
        if (!files.crl.empty()) {
            // Revoked client certificates fail the handshake; so does an expired list.
            const auto crl = read_crl(files.crl);
            X509_STORE* store = SSL_CTX_get_cert_store(ctx.native_handle());
            if (!crl || X509_STORE_add_crl(store, crl.get()) != 1)
                throw std::runtime_error("crl " + files.crl + ": not a readable PEM CRL");
            X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK);
        }
    } else {
        ctx.set_verify_mode(ssl::verify_none);
    }
    return made;
}

std::shared_ptr<X509_CRL> read_crl(const std::string& path) {
    if (path.empty()) return nullptr;
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return nullptr;
    X509_CRL* crl = PEM_read_X509_CRL(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    return crl ? std::shared_ptr<X509_CRL>(crl, &X509_CRL_free) : nullptr;
}

bool is_revoked(SSL* ssl, X509_CRL& crl) {
    // SSL_get1_peer_certificate hands over a reference that we must free.
    std::unique_ptr<X509, decltype(&X509_free)> cert(SSL_get1_peer_certificate(ssl), &X509_free);
    X509_REVOKED* entry = nullptr;
    return cert && X509_CRL_get0_by_cert(&crl, &entry, cert.get()) == 1;
}

}  // namespace crossclaim::gateway
