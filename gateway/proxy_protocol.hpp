#pragma once
// The PROXY protocol, version 2 (HAProxy's binary header): a load balancer in TCP mode puts it
// before the TLS handshake to pass on the client's address. Parsing only; no sockets.

#include <cstddef>
#include <optional>
#include <string>

namespace crossclaim::gateway::proxy_v2 {

/// Every header starts with these 16 bytes: signature, version and command, family and
/// protocol, and the length of what follows.
constexpr std::size_t prefix_size = 16;

/// Address blocks (and their TLVs) longer than this are refused.
constexpr std::size_t max_block = 1024;

/// What the first 16 bytes say.
struct prefix {
    std::string error;               ///< why this is no PROXY v2 header; empty when it is
    bool local = false;              ///< LOCAL: the balancer's own connection (a health check)
    unsigned char family = 0;        ///< 0x11 TCP over IPv4, 0x21 TCP over IPv6, …
    std::size_t block_length = 0;    ///< how many bytes follow
};

/// Reads the 16 bytes at `bytes`.
prefix read_prefix(const unsigned char* bytes);

/// The client's address, "203.0.113.7:51234" or "[2001:db8::1]:443", from the block that
/// followed the prefix; nullopt for LOCAL, for families other than TCP over IPv4 or IPv6, or
/// for a block too short for its family.
std::optional<std::string> source_address(const prefix& p, const unsigned char* block,
                                          std::size_t size);

}  // namespace crossclaim::gateway::proxy_v2
