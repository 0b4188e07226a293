// The privacy module: normalisation per kind, masks, keyed hashes and sealed values.

#include <catch2/catch.hpp>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "privacy/identifiers.hpp"
#include "privacy/keyring.hpp"

using namespace crossclaim::privacy;

namespace {

std::string hex(const key_bytes& k) {
    static constexpr char d[] = "0123456789abcdef";
    std::string out;
    for (auto b : k) out += {d[b >> 4], d[b & 15]};
    return out;
}

// A keyring with one active data key, as `serve` has after loading the pool's keys.
std::unique_ptr<keyring> ring_with_key(const std::string& secret, const std::string& id = "k1") {
    auto r = std::make_unique<keyring>(secret);
    r->add_data_key(id, derive_key(secret, "test data key " + id), true);
    return r;
}

const std::string secret = "0123456789abcdef0123456789abcdef";

}  // namespace

TEST_CASE("plates are normalised: full-width to half-width, upper case, no spaces or dots",
          "[unit][privacy]") {
    CHECK(normalise(id_kind::plate, "甘Ｅ１２３４５") == "甘E12345");
    CHECK(normalise(id_kind::plate, "甘e·12345") == "甘E12345");
    CHECK(normalise(id_kind::plate, " 甘E 123 45 ") == "甘E12345");
    CHECK(normalise(id_kind::plate,
                    "甘E\xE3\x80\x80"
                    "12345") == "甘E12345");  // U+3000
    CHECK_FALSE(normalise(id_kind::plate, "\xff\xfe"));
}

TEST_CASE("VINs, ID numbers and credit codes are upper-cased, accounts keep digits only",
          "[unit][privacy]") {
    CHECK(normalise(id_kind::vin, "lsvau2187n2123456") == "LSVAU2187N2123456");
    CHECK(normalise(id_kind::id_number, "62050219900101123x") == "62050219900101123X");
    CHECK(normalise(id_kind::shop, "91620500ma7x1abc2d") == "91620500MA7X1ABC2D");
    CHECK(normalise(id_kind::account, "6222 0212-3456-7890") == "6222021234567890");
    CHECK(normalise(id_kind::evidence, "ABCDEF") == "abcdef");
}

TEST_CASE("phones in the forms integrators send normalise to eleven digits", "[unit][privacy]") {
    CHECK(normalise(id_kind::phone, "+8613800000000") == "13800000000");
    CHECK(normalise(id_kind::phone, "8613800000000") == "13800000000");
    CHECK(normalise(id_kind::phone, "138 0000 0000") == "13800000000");
    CHECK_FALSE(normalise(id_kind::phone, "0931-1234567"));
}

TEST_CASE("masks keep only the ends an investigator needs to tell values apart",
          "[unit][privacy]") {
    CHECK(mask(id_kind::plate, "甘E12345") == "甘E1****5");
    CHECK(mask(id_kind::id_number, "620502199001011235") == "6205**********1235");
    CHECK(mask(id_kind::phone, "13800000000") == "138****0000");
    CHECK(mask(id_kind::vin, "LSVAU2187N2123456") == "LSV**********3456");
    CHECK(mask(id_kind::account, "6222021234567890") == "************7890");
    CHECK(mask(id_kind::phone, "12") == "****");
}

TEST_CASE("HKDF-SHA256 gives RFC 5869's test case 3 output", "[unit][privacy]") {
    const std::string ikm(22, '\x0b');
    CHECK(hex(derive_key(ikm, "")) ==
          "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
}

TEST_CASE("keyed hashes are stable, depend on the secret and are separated by kind",
          "[unit][privacy]") {
    const keyring a(secret), b(secret), other("another secret of thirty-two bytes!");
    CHECK(a.hash(id_kind::phone, "13800000000") == b.hash(id_kind::phone, "13800000000"));
    CHECK(a.hash(id_kind::phone, "13800000000").size() == 64);
    CHECK(a.hash(id_kind::phone, "13800000000") != other.hash(id_kind::phone, "13800000000"));
    CHECK(a.hash(id_kind::phone, "13800000000") != a.hash(id_kind::account, "13800000000"));
}

TEST_CASE("sealed values open with their key and kind, and name their key id", "[unit][privacy]") {
    const auto ring_ptr = ring_with_key(secret);
    const auto& ring = *ring_ptr;
    const auto sealed = ring.seal(id_kind::id_number, "620502199001011235");
    CHECK(keyring::key_id_of(sealed) == "k1");
    CHECK(sealed.find("620502199001011235") == std::string::npos);
    CHECK(ring.open(id_kind::id_number, sealed) == "620502199001011235");
    // Two seals of one value differ (fresh nonce), so equal values cannot be linked.
    CHECK(ring.seal(id_kind::id_number, "620502199001011235") != sealed);
}

TEST_CASE("no two seals share a nonce, across nonce batches and threads", "[unit][privacy]") {
    const auto ring_ptr = ring_with_key(secret);
    const auto& ring = *ring_ptr;
    // "k1:" then base64 of nonce (12 bytes: 16 characters) ‖ ciphertext ‖ tag.
    const auto nonces_of_seals = [&](int n) {
        std::vector<std::string> out;
        for (int i = 0; i < n; ++i)
            out.push_back(ring.seal(id_kind::phone, "13800000000").substr(3, 16));
        return out;
    };
    std::vector<std::string> other_thread;
    std::thread t([&] { other_thread = nonces_of_seals(1000); });
    const auto here = nonces_of_seals(1000);  // nonces are drawn 128 at a time
    t.join();
    std::set<std::string> all(here.begin(), here.end());
    all.insert(other_thread.begin(), other_thread.end());
    CHECK(all.size() == 2000);
}

TEST_CASE("a sealed value does not open when altered, under another kind or an unknown key",
          "[unit][privacy]") {
    const auto ring_ptr = ring_with_key(secret);
    const auto& ring = *ring_ptr;
    auto sealed = ring.seal(id_kind::phone, "13800000000");
    CHECK_FALSE(ring.open(id_kind::plate, sealed));
    auto altered = sealed;
    altered[altered.size() - 6] = altered[altered.size() - 6] == 'A' ? 'B' : 'A';
    CHECK_FALSE(ring.open(id_kind::phone, altered));
    CHECK_FALSE(ring.open(id_kind::phone, "k9" + sealed.substr(2)));
    CHECK_FALSE(ring.open(id_kind::phone, "garbage"));
}

TEST_CASE("data keys wrap under the secret and unwrap only under the same secret",
          "[unit][privacy]") {
    const keyring a(secret), other("another secret of thirty-two bytes!");
    const auto k = random_key();
    const auto wrapped = a.wrap("k2", k);
    CHECK(a.unwrap("k2", wrapped) == k);
    CHECK_FALSE(a.unwrap("k3", wrapped));  // the id is bound to the key
    CHECK_FALSE(other.unwrap("k2", wrapped));
}

TEST_CASE("after a new active key, old values still open and new ones use the new id",
          "[unit][privacy]") {
    auto ring_ptr = ring_with_key(secret, "k1");
    auto& ring = *ring_ptr;
    const auto old_value = ring.seal(id_kind::vin, "LSVAU2187N2123456");
    ring.add_data_key("k2", random_key(), true);
    CHECK(ring.active_key_id() == "k2");
    CHECK(keyring::key_id_of(ring.seal(id_kind::vin, "X")) == "k2");
    CHECK(ring.open(id_kind::vin, old_value) == "LSVAU2187N2123456");
}
