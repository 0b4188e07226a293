#include "gateway/tls.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>

namespace crossclaim::gateway {
namespace {

std::string field(X509_NAME* name, int nid) {
    const int idx = X509_NAME_get_index_by_NID(name, nid, -1);
    if (idx < 0) return {};
    ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx));
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, data);
    if (len < 0) return {};
    std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len));
    OPENSSL_free(utf8);
    return out;
}

}  // namespace

std::optional<peer_subject> peer_subject_of(ssl_st* ssl) {
    // SSL_get1_peer_certificate hands over a reference that we must free.
    std::unique_ptr<X509, decltype(&X509_free)> cert(SSL_get1_peer_certificate(ssl), &X509_free);
    if (!cert) return std::nullopt;
    X509_NAME* name = X509_get_subject_name(cert.get());
    return peer_subject{field(name, NID_organizationName), field(name, NID_organizationalUnitName),
                        field(name, NID_commonName)};
}

}  // namespace crossclaim::gateway
