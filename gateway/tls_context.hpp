#pragma once
// The listeners' TLS contexts, made from the configured files. Only server.cpp includes this
// (it brings Asio's SSL headers).

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "config/config.hpp"

namespace crossclaim::gateway {

/// A server context from `files`: TLS 1.2 (ECDHE with AEAD suites) and 1.3; with
/// `require_client_cert`, client certificates verified against the CA and, when configured,
/// the CRL. Throws std::exception with the reason when a file cannot be used.
std::shared_ptr<boost::asio::ssl::context> make_tls(const config::tls_files& files,
                                                    bool require_client_cert);

/// The revocation list in the PEM file `path`; null when `path` is empty or unreadable.
std::shared_ptr<X509_CRL> read_crl(const std::string& path);

/// Whether the peer certificate of `ssl`'s finished handshake is on `crl`.
bool is_revoked(SSL* ssl, X509_CRL& crl);

}  // namespace crossclaim::gateway
