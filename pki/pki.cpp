#include "pki/pki.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

namespace crossclaim::pki {
namespace {

namespace fs = std::filesystem;
using key_ptr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using cert_ptr = std::unique_ptr<X509, decltype(&X509_free)>;

std::string openssl_error(const std::string& what) {
    const unsigned long e = ERR_get_error();
    char buf[256] = "unknown error";
    if (e) ERR_error_string_n(e, buf, sizeof buf);
    return what + ": " + buf;
}

key_ptr new_key() { return {EVP_EC_gen("P-256"), &EVP_PKEY_free}; }

bool add_ext(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext) return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

void add_name(X509_NAME* name, const char* field, const std::string& value) {
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
}

struct subject {
    std::string o, ou, cn;
};

// Builds and signs a certificate; `issuer`/`issuer_key` null means self-signed.
cert_ptr make_cert(EVP_PKEY* key, const subject& s, X509* issuer, EVP_PKEY* issuer_key, int days,
                   int backdate, const char* const* exts) {
    cert_ptr cert(X509_new(), &X509_free);
    X509_set_version(cert.get(), 2);
    // 128 random bits of serial, as CAs do, so reissued certificates never collide.
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    const long day = 24L * 3600;
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -day * backdate - 300);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), day * (days - backdate));
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    if (!s.o.empty()) add_name(name, "O", s.o);
    if (!s.ou.empty()) add_name(name, "OU", s.ou);
    add_name(name, "CN", s.cn);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    X509* signer = issuer ? issuer : cert.get();
    for (const char* const* e = exts; *e; e += 2)
        if (!add_ext(cert.get(), signer, OBJ_txt2nid(e[0]), e[1])) return {nullptr, &X509_free};
    if (!X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()))
        return {nullptr, &X509_free};
    return cert;
}

std::optional<std::string> write_pair(const fs::path& prefix, X509* cert, EVP_PKEY* key) {
    const std::string crt = prefix.string() + ".crt", pem = prefix.string() + ".key";
    FILE* f = std::fopen(crt.c_str(), "wb");
    if (!f || !PEM_write_X509(f, cert)) {
        if (f) std::fclose(f);
        return "cannot write " + crt;
    }
    std::fclose(f);
    // Keys are readable by their owner only.
    const mode_t old = umask(077);
    f = std::fopen(pem.c_str(), "wb");
    umask(old);
    if (!f || !PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr)) {
        if (f) std::fclose(f);
        return "cannot write " + pem;
    }
    std::fclose(f);
    return std::nullopt;
}

// A PEM certificate file; null when it cannot be opened or parsed.
cert_ptr read_cert(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return {nullptr, &X509_free};
    cert_ptr cert(PEM_read_X509(f, nullptr, nullptr, nullptr), &X509_free);
    std::fclose(f);
    return cert;
}

std::optional<std::string> load_ca(const fs::path& dir, cert_ptr& cert, key_ptr& key) {
    const auto crt = (dir / "ca.crt").string(), pem = (dir / "ca.key").string();
    if (!fs::exists(crt))
        return "cannot read " + crt + " (run `crossclaim pki init --dir " + dir.string() + "`)";
    cert = read_cert(crt);
    FILE* f = std::fopen(pem.c_str(), "rb");
    if (!f) return "cannot read " + pem;
    key.reset(PEM_read_PrivateKey(f, nullptr, nullptr, nullptr));
    std::fclose(f);
    if (!cert || !key) return openssl_error("cannot parse the CA files in " + dir.string());
    return std::nullopt;
}

// Every serial DIR/revoked.txt lists, in hex, one a line.
std::set<std::string> revoked_serials(const fs::path& dir) {
    std::set<std::string> out;
    std::ifstream in(dir / "revoked.txt");
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.insert(line);
    return out;
}

// Signs DIR/crl.pem with the CA `ca` and its key: the list of `serials`, valid from now for
// `days`. Written whole, then renamed, so that a gateway reloading it never reads half a file.
std::optional<std::string> write_crl(const fs::path& dir, X509* ca, EVP_PKEY* ca_key,
                                     const std::set<std::string>& serials, int days) {
    std::unique_ptr<X509_CRL, decltype(&X509_CRL_free)> crl(X509_CRL_new(), &X509_CRL_free);
    X509_CRL_set_version(crl.get(), 1);
    X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(ca));
    std::unique_ptr<ASN1_TIME, decltype(&ASN1_TIME_free)> now(X509_gmtime_adj(nullptr, -300),
                                                              &ASN1_TIME_free);
    std::unique_ptr<ASN1_TIME, decltype(&ASN1_TIME_free)> next(
        X509_gmtime_adj(nullptr, 24L * 3600 * days), &ASN1_TIME_free);
    X509_CRL_set1_lastUpdate(crl.get(), now.get());
    X509_CRL_set1_nextUpdate(crl.get(), next.get());
    for (const auto& hex : serials) {
        BIGNUM* bn = nullptr;
        if (!BN_hex2bn(&bn, hex.c_str())) return "revoked.txt: not a hex serial: " + hex;
        X509_REVOKED* entry = X509_REVOKED_new();
        ASN1_INTEGER* serial = BN_to_ASN1_INTEGER(bn, nullptr);
        BN_free(bn);
        X509_REVOKED_set_serialNumber(entry, serial);
        X509_REVOKED_set_revocationDate(entry, now.get());
        ASN1_INTEGER_free(serial);
        X509_CRL_add0_revoked(crl.get(), entry);
    }
    X509_CRL_sort(crl.get());
    if (!X509_CRL_sign(crl.get(), ca_key, EVP_sha256()))
        return openssl_error("cannot sign the CRL");
    const auto tmp = (dir / "crl.pem.tmp").string();
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f || !PEM_write_X509_CRL(f, crl.get())) {
        if (f) std::fclose(f);
        return "cannot write " + tmp;
    }
    std::fclose(f);
    std::error_code ec;
    fs::rename(tmp, dir / "crl.pem", ec);
    if (ec) return "cannot write " + (dir / "crl.pem").string() + ": " + ec.message();
    return std::nullopt;
}

// A development CA's list stays valid as long as its certificates.
constexpr int default_crl_days = 825;

}  // namespace

std::optional<std::string> init(const std::string& dir_text) {
    const fs::path dir{dir_text};
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return "cannot create " + dir_text + ": " + ec.message();
    if (fs::exists(dir / "ca.crt")) {
        if (fs::exists(dir / "crl.pem")) return std::nullopt;
        cert_ptr ca{nullptr, &X509_free};
        key_ptr ca_key{nullptr, &EVP_PKEY_free};
        if (auto e = load_ca(dir, ca, ca_key)) return e;
        return write_crl(dir, ca.get(), ca_key.get(), revoked_serials(dir), default_crl_days);
    }

    key_ptr ca_key = new_key();
    static const char* const ca_exts[] = {"basicConstraints",
                                          "critical,CA:TRUE",
                                          "keyUsage",
                                          "critical,keyCertSign,cRLSign",
                                          "subjectKeyIdentifier",
                                          "hash",
                                          nullptr};
    cert_ptr ca = make_cert(ca_key.get(), {"CrossClaim", "development", "CrossClaim Dev CA"},
                            nullptr, nullptr, 3650, 0, ca_exts);
    if (!ca) return openssl_error("cannot create the CA");

    key_ptr server_key = new_key();
    static const char* const server_exts[] = {"basicConstraints",
                                              "critical,CA:FALSE",
                                              "keyUsage",
                                              "critical,digitalSignature",
                                              "extendedKeyUsage",
                                              "serverAuth",
                                              "subjectAltName",
                                              "DNS:localhost,IP:127.0.0.1",
                                              "authorityKeyIdentifier",
                                              "keyid",
                                              nullptr};
    cert_ptr server = make_cert(server_key.get(), {"CrossClaim", "gateway", "localhost"}, ca.get(),
                                ca_key.get(), 825, 0, server_exts);
    if (!server) return openssl_error("cannot create the server certificate");
    // The server pair first: ca.crt's presence is what marks the directory as done.
    if (auto e = write_pair(dir / "server", server.get(), server_key.get())) return e;
    if (auto e = write_pair(dir / "ca", ca.get(), ca_key.get())) return e;
    return write_crl(dir, ca.get(), ca_key.get(), {}, default_crl_days);
}

std::optional<std::string> issue(const client_request& r) {
    if (r.role != "insurer" && r.role != "investigator" && r.role != "association")
        return "--role must be insurer, investigator or association, not \"" + r.role + "\"";
    if (r.org.empty()) return "--org is required";
    if (r.cn.empty()) return "--cn is required";
    if (r.out.empty()) return "--out is required";
    if (r.days < 1) return "--days must be at least 1";
    cert_ptr ca{nullptr, &X509_free};
    key_ptr ca_key{nullptr, &EVP_PKEY_free};
    if (auto e = load_ca(r.dir, ca, ca_key)) return e;
    key_ptr key = new_key();
    static const char* const client_exts[] = {"basicConstraints",
                                              "critical,CA:FALSE",
                                              "keyUsage",
                                              "critical,digitalSignature",
                                              "extendedKeyUsage",
                                              "clientAuth",
                                              "authorityKeyIdentifier",
                                              "keyid",
                                              nullptr};
    cert_ptr cert = make_cert(key.get(), {r.org, r.role, r.cn}, ca.get(), ca_key.get(), r.days,
                              r.backdate, client_exts);
    if (!cert) return openssl_error("cannot create the client certificate");
    const fs::path out{r.out};
    if (out.has_parent_path()) fs::create_directories(out.parent_path());
    return write_pair(out, cert.get(), key.get());
}

std::optional<std::string> revoke(const std::string& dir_text, const std::string& cert_file,
                                  int days) {
    const fs::path dir{dir_text};
    if (days < 1) return "--days must be at least 1";
    cert_ptr ca{nullptr, &X509_free};
    key_ptr ca_key{nullptr, &EVP_PKEY_free};
    if (auto e = load_ca(dir, ca, ca_key)) return e;
    auto serials = revoked_serials(dir);
    if (!cert_file.empty()) {
        const cert_ptr cert = read_cert(cert_file);
        if (!cert) return "cannot read a PEM certificate from " + cert_file;
        if (X509_verify(cert.get(), ca_key.get()) != 1)
            return cert_file + " was not issued by the CA in " + dir_text;
        BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get_serialNumber(cert.get()), nullptr);
        char* hex = BN_bn2hex(bn);
        const std::string serial = hex;
        OPENSSL_free(hex);
        BN_free(bn);
        if (serials.insert(serial).second)
            std::ofstream(dir / "revoked.txt", std::ios::app) << serial << '\n';
    }
    return write_crl(dir, ca.get(), ca_key.get(), serials, days);
}

}  // namespace crossclaim::pki
