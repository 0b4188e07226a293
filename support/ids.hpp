#pragma once

#include <string>

namespace crossclaim::support {

/// A random (version 4) UUID in canonical text form, from OpenSSL's CSPRNG.
std::string new_uuid();

/// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace crossclaim::support
