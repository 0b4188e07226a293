#include "privacy/keyring.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <array>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace crossclaim::privacy {
namespace {

constexpr std::size_t nonce_size = 12, tag_size = 16;

std::string hex(const unsigned char* p, std::size_t n) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(n * 2, '0');
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    return out;
}

std::string base64(const std::vector<unsigned char>& in) {
    std::string out(4 * ((in.size() + 2) / 3), '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), in.data(),
                                  static_cast<int>(in.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::vector<unsigned char>> unbase64(std::string_view in) {
    if (in.empty() || in.size() % 4 != 0) return std::nullopt;
    std::vector<unsigned char> out(in.size() / 4 * 3);
    const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(in.data()),
                                  static_cast<int>(in.size()));
    if (n < 0) return std::nullopt;
    // EVP_DecodeBlock counts the padding as data; take it off again.
    std::size_t size = static_cast<std::size_t>(n);
    if (in.ends_with("=="))
        size -= 2;
    else if (in.ends_with("="))
        size -= 1;
    out.resize(size);
    return out;
}

using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// AES-256-GCM fetched from OpenSSL's providers once. OpenSSL's ready-made cipher object is
// fetched again at every initialisation, which took a third of the time of opening a field.
const EVP_CIPHER* aes_256_gcm() {
    static const std::unique_ptr<EVP_CIPHER, decltype(&EVP_CIPHER_free)> cipher(
        EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr), EVP_CIPHER_free);
    if (!cipher) throw std::runtime_error("OpenSSL has no AES-256-GCM");
    return cipher.get();
}

// A random nonce from OpenSSL's generator, drawn 128 at a time: every RAND_bytes call pays a
// fixed cost (a DRBG generate and its update), which at 12 nonces a claim was 12 % of the
// gateway's CPU on intake. Each thread draws its own batch; no byte is handed out twice.
// Nonces are stored beside their ciphertext, so the batch holds nothing secret.
void random_nonce(unsigned char* out) {
    thread_local std::array<unsigned char, nonce_size * 128> batch;
    thread_local std::size_t used = batch.size();
    if (used == batch.size()) {
        if (RAND_bytes(batch.data(), static_cast<int>(batch.size())) != 1)
            throw std::runtime_error("no random nonce");
        used = 0;
    }
    std::memcpy(out, batch.data() + used, nonce_size);
    used += nonce_size;
}

// nonce ‖ ciphertext ‖ tag of AES-256-GCM, `aad` bound to it.
std::vector<unsigned char> gcm_seal(const key_bytes& key, std::string_view aad,
                                    std::string_view plaintext) {
    std::vector<unsigned char> out(nonce_size + plaintext.size() + tag_size);
    random_nonce(out.data());
    cipher_ctx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    int len = 0;
    const bool ok = ctx &&
                    EVP_EncryptInit_ex(ctx.get(), aes_256_gcm(), nullptr, key.data(), out.data()) &&
                    EVP_EncryptUpdate(ctx.get(), nullptr, &len,
                                      reinterpret_cast<const unsigned char*>(aad.data()),
                                      static_cast<int>(aad.size())) &&
                    EVP_EncryptUpdate(ctx.get(), out.data() + nonce_size, &len,
                                      reinterpret_cast<const unsigned char*>(plaintext.data()),
                                      static_cast<int>(plaintext.size())) &&
                    EVP_EncryptFinal_ex(ctx.get(), out.data() + nonce_size + len, &len) &&
                    EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, tag_size,
                                        out.data() + nonce_size + plaintext.size());
    if (!ok) throw std::runtime_error("AES-256-GCM encryption failed");
    return out;
}

std::optional<std::string> gcm_open(const key_bytes& key, std::string_view aad,
                                    const std::vector<unsigned char>& sealed) {
    if (sealed.size() < nonce_size + tag_size) return std::nullopt;
    const std::size_t n = sealed.size() - nonce_size - tag_size;
    std::string out(n, '\0');
    std::vector<unsigned char> tag(sealed.end() - tag_size, sealed.end());
    cipher_ctx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    int len = 0;
    const bool ok =
        ctx && EVP_DecryptInit_ex(ctx.get(), aes_256_gcm(), nullptr, key.data(), sealed.data()) &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &len,
                          reinterpret_cast<const unsigned char*>(aad.data()),
                          static_cast<int>(aad.size())) &&
        EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len,
                          sealed.data() + nonce_size, static_cast<int>(n)) &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, tag_size, tag.data()) &&
        EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + len, &len) >
            0;
    if (!ok) return std::nullopt;
    return out;
}

std::string aad_for(std::string_view label) { return "crossclaim pool v1 " + std::string(label); }

}  // namespace

key_bytes derive_key(std::string_view secret, std::string_view info) {
    key_bytes out{};
    std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr),
                                                          EVP_KDF_free);
    std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(
        kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr, EVP_KDF_CTX_free);
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
                           OSSL_PARAM_construct_octet_string(
                               OSSL_KDF_PARAM_KEY, const_cast<char*>(secret.data()), secret.size()),
                           OSSL_PARAM_construct_octet_string(
                               OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()), info.size()),
                           OSSL_PARAM_construct_end()};
    if (!ctx || EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1)
        throw std::runtime_error("HKDF-SHA256 failed");
    return out;
}

key_bytes random_key() {
    key_bytes k{};
    if (RAND_bytes(k.data(), static_cast<int>(k.size())) != 1)
        throw std::runtime_error("no random key");
    return k;
}

keyring::keyring(std::string_view secret)
    : hash_key_(derive_key(secret, "crossclaim pool hash v1")),
      wrap_key_(derive_key(secret, "crossclaim pool wrap v1")) {}

std::string keyring::hash(id_kind kind, std::string_view normalised) const {
    const std::string message = std::string(to_string(kind)) + ":" + std::string(normalised);
    unsigned char mac[32];
    unsigned int len = sizeof mac;
    if (!HMAC(EVP_sha256(), hash_key_.data(), static_cast<int>(hash_key_.size()),
              reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len))
        throw std::runtime_error("HMAC-SHA256 failed");
    return hex(mac, len);
}

std::string keyring::seal(id_kind kind, std::string_view plaintext) const {
    return seal(to_string(kind), plaintext);
}

std::string keyring::seal(std::string_view label, std::string_view plaintext) const {
    std::shared_lock lock(mutex_);
    const auto it = data_keys_.find(active_);
    if (it == data_keys_.end()) throw std::runtime_error("no active pool data key");
    return active_ + ":" + base64(gcm_seal(it->second, aad_for(label), plaintext));
}

std::string_view keyring::key_id_of(std::string_view sealed) {
    const auto colon = sealed.find(':');
    return colon == std::string_view::npos ? std::string_view{} : sealed.substr(0, colon);
}

std::optional<std::string> keyring::open(id_kind kind, std::string_view sealed) const {
    return open(to_string(kind), sealed);
}

std::optional<std::string> keyring::open(std::string_view label, std::string_view sealed) const {
    const auto id = key_id_of(sealed);
    if (id.empty()) return std::nullopt;
    const auto bytes = unbase64(sealed.substr(id.size() + 1));
    if (!bytes) return std::nullopt;
    std::shared_lock lock(mutex_);
    const auto it = data_keys_.find(id);
    if (it == data_keys_.end()) return std::nullopt;
    return gcm_open(it->second, aad_for(label), *bytes);
}

std::string keyring::wrap(std::string_view key_id, const key_bytes& data_key) const {
    return base64(gcm_seal(wrap_key_, "crossclaim data key " + std::string(key_id),
                           {reinterpret_cast<const char*>(data_key.data()), data_key.size()}));
}

std::optional<key_bytes> keyring::unwrap(std::string_view key_id, std::string_view wrapped) const {
    const auto bytes = unbase64(wrapped);
    if (!bytes) return std::nullopt;
    const auto plain = gcm_open(wrap_key_, "crossclaim data key " + std::string(key_id), *bytes);
    if (!plain || plain->size() != 32) return std::nullopt;
    key_bytes k{};
    std::copy(plain->begin(), plain->end(), k.begin());
    return k;
}

void keyring::add_data_key(const std::string& key_id, const key_bytes& key, bool active) {
    std::unique_lock lock(mutex_);
    data_keys_[key_id] = key;
    if (active) active_ = key_id;
}

std::string keyring::active_key_id() const {
    std::shared_lock lock(mutex_);
    return active_;
}

}  // namespace crossclaim::privacy
