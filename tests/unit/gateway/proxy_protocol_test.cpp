#include "gateway/proxy_protocol.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

namespace proxy_v2 = crossclaim::gateway::proxy_v2;

namespace {

// A PROXY v2 header as HAProxy's send-proxy-v2 writes it.
std::vector<unsigned char> header(unsigned char ver_cmd, unsigned char family,
                                  std::vector<unsigned char> block) {
    std::vector<unsigned char> h = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51,
                                    0x55, 0x49, 0x54, 0x0A, ver_cmd, family,
                                    static_cast<unsigned char>(block.size() >> 8),
                                    static_cast<unsigned char>(block.size() & 0xFF)};
    for (const unsigned char b : block) h.push_back(b);
    // Room for a reader of the fixed part even when the block is empty.
    h.resize(std::max<std::size_t>(h.size(), 32));
    return h;
}

}  // namespace

TEST_CASE("a PROXY v2 header over IPv4 gives the client's address and port", "[gateway][proxy]") {
    // 203.0.113.7:51234 → 10.0.0.1:8443, then a TLV that is skipped.
    const auto h = header(0x21, 0x11, {203, 0, 113, 7, 10, 0, 0, 1, 0xC8, 0x22, 0x20, 0xFB,
                                       0x04, 0x00, 0x01, 0x00});
    const auto p = proxy_v2::read_prefix(h.data());
    REQUIRE(p.error.empty());
    CHECK_FALSE(p.local);
    CHECK(p.block_length == 16);
    CHECK(proxy_v2::source_address(p, h.data() + 16, p.block_length) == "203.0.113.7:51234");
}

TEST_CASE("a PROXY v2 header over IPv6 gives the address in brackets", "[gateway][proxy]") {
    std::vector<unsigned char> block(36, 0);
    block[0] = 0x20;
    block[1] = 0x01;
    block[2] = 0x0d;
    block[3] = 0xb8;
    block[15] = 1;  // 2001:db8::1
    block[32] = 0x01;
    block[33] = 0xBB;  // port 443
    const auto h = header(0x21, 0x21, block);
    const auto p = proxy_v2::read_prefix(h.data());
    REQUIRE(p.error.empty());
    CHECK(proxy_v2::source_address(p, h.data() + 16, p.block_length) == "[2001:db8::1]:443");
}

TEST_CASE("a LOCAL header (a health check) has no client address", "[gateway][proxy]") {
    const auto h = header(0x20, 0x00, {});
    const auto p = proxy_v2::read_prefix(h.data());
    REQUIRE(p.error.empty());
    CHECK(p.local);
    CHECK(p.block_length == 0);
    CHECK_FALSE(proxy_v2::source_address(p, h.data() + 16, 0));
}

TEST_CASE("what is not a PROXY v2 header is refused with the reason", "[gateway][proxy]") {
    const std::string tls_hello = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03........";
    CHECK(proxy_v2::read_prefix(reinterpret_cast<const unsigned char*>(tls_hello.data())).error ==
          "the connection did not start with a PROXY v2 header");
    CHECK(proxy_v2::read_prefix(header(0x11, 0x11, {}).data()).error ==
          "PROXY header version 1, not 2");
    CHECK(proxy_v2::read_prefix(header(0x22, 0x11, {}).data()).error == "unknown PROXY command 2");
    const auto big = header(0x21, 0x11, std::vector<unsigned char>(2000, 0));
    CHECK(proxy_v2::read_prefix(big.data()).error == "PROXY address block of 2000 bytes");
    // An IPv4 block too short for its addresses gives no address.
    const auto h = header(0x21, 0x11, {1, 2, 3});
    CHECK_FALSE(proxy_v2::source_address(proxy_v2::read_prefix(h.data()), h.data() + 16, 3));
}
