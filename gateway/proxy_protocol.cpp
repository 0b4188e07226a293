#include "gateway/proxy_protocol.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace crossclaim::gateway::proxy_v2 {
namespace {

constexpr unsigned char signature[12] = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D,
                                         0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

unsigned port_at(const unsigned char* p) { return (unsigned{p[0]} << 8) | p[1]; }

}  // namespace

prefix read_prefix(const unsigned char* bytes) {
    prefix out;
    if (std::memcmp(bytes, signature, sizeof signature) != 0) {
        out.error = "the connection did not start with a PROXY v2 header";
        return out;
    }
    const unsigned version = bytes[12] >> 4, command = bytes[12] & 0x0F;
    if (version != 2) {
        out.error = "PROXY header version " + std::to_string(version) + ", not 2";
        return out;
    }
    if (command > 1) {
        out.error = "unknown PROXY command " + std::to_string(command);
        return out;
    }
    out.local = command == 0;
    out.family = bytes[13];
    out.block_length = port_at(bytes + 14);
    if (out.block_length > max_block)
        out.error = "PROXY address block of " + std::to_string(out.block_length) + " bytes";
    return out;
}

std::optional<std::string> source_address(const prefix& p, const unsigned char* block,
                                          std::size_t size) {
    if (p.local || !p.error.empty()) return std::nullopt;
    char text[INET6_ADDRSTRLEN] = {};
    if (p.family == 0x11 && size >= 12) {  // TCP over IPv4: source, destination, their ports
        if (!inet_ntop(AF_INET, block, text, sizeof text)) return std::nullopt;
        return std::string(text) + ":" + std::to_string(port_at(block + 8));
    }
    if (p.family == 0x21 && size >= 36) {  // TCP over IPv6
        if (!inet_ntop(AF_INET6, block, text, sizeof text)) return std::nullopt;
        return "[" + std::string(text) + "]:" + std::to_string(port_at(block + 32));
    }
    return std::nullopt;
}

}  // namespace crossclaim::gateway::proxy_v2
