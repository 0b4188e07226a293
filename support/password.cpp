#include "support/password.hpp"

#include <sodium.h>

#include <mutex>
#include <new>
#include <stdexcept>
#include <vector>

namespace crossclaim::support {
namespace {

void init() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    });
}

}  // namespace

std::string hash_password(std::string_view password) {
    init();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::bad_alloc();
    return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
    init();
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void verify_nothing(std::string_view password) {
    static const std::string dummy = hash_password("no such user: the hash of nothing");
    (void)verify_password(dummy, password);
}

std::string random_hex(std::size_t bytes) {
    init();
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
    hex.pop_back();
    return hex;
}

bool same_secret(std::string_view a, std::string_view b) {
    init();
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace crossclaim::support
