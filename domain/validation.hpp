#pragma once
// Format checks of the identifiers a report carries. They say whether a value is
// well-formed, never whether it exists: no registry is consulted, so they are pure and
// cheap enough to run on every field of every body.

#include <string_view>

namespace crossclaim::domain {

/// A mainland plate in UTF-8: ordinary (甘E12345, 甘A1234学) or new-energy (甘AD12345, 甘A12345F).
bool valid_plate(std::string_view utf8);

/// A 17-character VIN (no I, O, Q) whose 9th character is the ISO 3779 / GB 16735 check digit.
bool valid_vin(std::string_view vin);

/// An 18-character GB 11643 resident ID: province 11–82, real birth date, MOD 11-2 check.
bool valid_id_number(std::string_view id);

/// An 18-character GB 32100 unified social credit code (upper case, no I, O, S, V or Z) whose
/// last character is its check character.
bool valid_credit_code(std::string_view code);

/// A payee bank account number: 12 to 30 digits.
bool valid_account(std::string_view account);

/// Exactly 64 lower-case hexadecimal characters.
bool valid_sha256_hex(std::string_view hex);

/// A member insurer's code: 2–16 characters of A–Z and 0–9.
bool valid_member_code(std::string_view code);

}  // namespace crossclaim::domain
