#include "support/ids.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace crossclaim::support {
namespace {
const char* const hex = "0123456789abcdef";

std::string uuid_text(const unsigned char (&b)[16]) {
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[b[i] >> 4];
        out += hex[b[i] & 15];
    }
    return out;
}

void random_uuid_bytes(unsigned char (&b)[16], unsigned char version) {
    if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("RAND_bytes failed");
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | (version << 4));
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
}

}  // namespace

std::string new_uuid() {
    unsigned char b[16];
    random_uuid_bytes(b, 4);
    return uuid_text(b);
}

std::string new_claim_id(std::chrono::sys_seconds received_at) {
    const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(received_at)};
    const int year = static_cast<int>(day.year());
    if (year < 2000 || year > 2999) throw std::invalid_argument("claim received outside 2000-2999");
    const unsigned yyyymm = static_cast<unsigned>(year) * 100 + static_cast<unsigned>(day.month());
    unsigned char b[16];
    random_uuid_bytes(b, 8);
    // "cc" and the month's six decimal digits, read as hex digits: cc202612.
    b[0] = 0xcc;
    const unsigned pairs[3] = {yyyymm / 10000, yyyymm / 100 % 100, yyyymm % 100};
    for (int i = 0; i < 3; ++i)
        b[1 + i] = static_cast<unsigned char>((pairs[i] / 10) << 4 | pairs[i] % 10);
    return uuid_text(b);
}

std::string sha256_hex(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    std::string out;
    for (unsigned i = 0; i < len; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

}  // namespace crossclaim::support
