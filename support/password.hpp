#pragma once
// Console passwords, kept only as Argon2id hashes (libsodium), and the random tokens of
// console sessions.

#include <cstddef>
#include <string>
#include <string_view>

namespace crossclaim::support {

/// An Argon2id hash of `password` in libsodium's string form, which carries its own salt
/// and cost ("$argon2id$v=19$m=65536,t=2,p=1$…"). Throws when out of memory.
std::string hash_password(std::string_view password);

/// True when `password` is the one `hash` was made from.
bool verify_password(const std::string& hash, std::string_view password);

/// Spends what a verification spends, for a login name that does not exist, so that the
/// answer's timing does not tell which names do.
void verify_nothing(std::string_view password);

/// `bytes` bytes from libsodium's CSPRNG as lower-case hex.
std::string random_hex(std::size_t bytes);

/// Compares two strings in time independent of where they differ.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace crossclaim::support
