// Personal identifiers at rest: a claim document and an event keep their shape with the
// personal fields sealed, and open back to the very same text.

#include "privacy/personal_fields.hpp"

#include <catch2/catch.hpp>
#include <memory>

#include "../gateway/claim_samples.hpp"
#include "privacy/keyring.hpp"

using namespace crossclaim::privacy;

namespace {

std::unique_ptr<keyring> ring(const std::string& secret) {
    auto r = std::make_unique<keyring>(secret);
    r->add_data_key("k1", derive_key(secret, "test data key"), true);
    return r;
}

const std::string pool_secret = "0123456789abcdef0123456789abcdef";

// The sample without insignificant whitespace, as intake stores a body.
std::string compact(const std::string& json) {
    std::string out;
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            out += c;
            if (c == '\\')
                out += json[++i];
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
            out += c;
        } else if (c != ' ' && c != '\n') {
            out += c;
        }
    }
    return out;
}

}  // namespace

TEST_CASE(
    "a claim document is stored with every personal identifier sealed and opens back "
    "to the same text",
    "[unit][privacy]") {
    const auto ring_ = ring(pool_secret);
    const auto& keys = *ring_;
    const auto document = compact(crossclaim::test_samples::valid_claim_body());
    const auto sealed = seal_personal_fields(keys, document);

    for (const char* planted : {"甘E12345", "LSVAU2187N2123456", "张三", "620502199001011235",
                                "13800000000", "甘K67890", "李四", "62120219850615432X"}) {
        INFO(planted);
        CHECK(document.find(planted) != std::string::npos);
        CHECK(sealed.find(planted) == std::string::npos);
    }
    // What is not personal stays readable, for reports and routing in SQL.
    for (const char* kept : {"\"region\":\"621200\"", "\"role\":\"A\"", "\"insurer\":\"PICC\"",
                             "\"estimated_loss\":\"500.00\"", "G316 K1520"})
        CHECK(sealed.find(kept) != std::string::npos);
    CHECK(sealed.find("\"plate\":\"k1:") != std::string::npos);

    CHECK(open_personal_fields(keys, sealed) == document);
}

TEST_CASE("a sealed field opens only under its own field name and the pool's secret",
          "[unit][privacy]") {
    const auto ring_ = ring(pool_secret);
    const auto& keys = *ring_;
    const auto sealed = seal_personal_fields(keys, R"({"vehicle":{"plate":"甘E12345"}})");
    const auto value = sealed.substr(sealed.find("k1:"), sealed.rfind('"') - sealed.find("k1:"));
    CHECK(keys.open(std::string_view("plate"), value) == "甘E12345");
    CHECK_FALSE(keys.open(std::string_view("vin"), value));

    // Moved under another field, it is not opened: it stays sealed.
    const auto moved = R"({"vehicle":{"vin":")" + value + R"("}})";
    CHECK(open_personal_fields(keys, moved) == moved);
    // Another secret's keyring opens nothing.
    const auto other = ring("another-secret-0123456789abcdef-0123");
    CHECK(open_personal_fields(*other, sealed) == sealed);
}

TEST_CASE("values stored before sealing, empty ones and a repair shop's name are left as they are",
          "[unit][privacy]") {
    const auto ring_ = ring(pool_secret);
    const auto& keys = *ring_;
    const std::string legacy = R"({"vehicle":{"plate":"甘E12345"},"payee_account":""})";
    CHECK(open_personal_fields(keys, legacy) == legacy);
    const std::string shop = R"({"repair_shop":{"name":"陇南汽修","credit_code":"X"}})";
    CHECK(seal_personal_fields(keys, shop) == shop);
    const auto driver = seal_personal_fields(keys, R"({"driver":{"name":"张三"}})");
    CHECK(driver.find("张三") == std::string::npos);
    CHECK(open_personal_fields(keys, driver) == R"({"driver":{"name":"张三"}})");
    // A data key must be active to seal.
    keyring none(pool_secret);
    CHECK_THROWS(seal_personal_fields(none, R"({"phone":"13800000000"})"));
}
