#pragma once
// UTF-8 as the identifiers of a report need it: strict decoding and encoding.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crossclaim::domain {

/// Strict UTF-8 decoding (no overlong forms, no surrogates, nothing above U+10FFFF), so
/// that a byte sequence which merely contains a province's bytes cannot pass as a plate.
/// nullopt when `s` is not valid UTF-8.
std::optional<std::vector<char32_t>> decode_utf8(std::string_view s);

/// Appends the UTF-8 encoding of `cp` to `out`.
void append_utf8(std::string& out, char32_t cp);

}  // namespace crossclaim::domain
