#pragma once
// Personal identifiers, in one place: how each kind is normalised before it is validated,
// hashed or stored, and how it is masked for investigators. Intake, the fraud pool and
// claims storage all go through here, so "甘Ｅ·12345" and "甘E12345" are one plate everywhere.

#include <optional>
#include <string>
#include <string_view>

#include "fraud/screening.hpp"

namespace crossclaim::privacy {

using fraud::id_kind;

/// The canonical form of `raw` as an identifier of `kind`:
/// - plate: full-width → half-width, upper case, without spaces or `·`;
/// - vin, id_number: upper case, without spaces;
/// - phone: without `+86`/`0086`/`86`, spaces, dashes or parentheses (see domain/phone.hpp);
/// - account: digits only (spaces and dashes dropped);
/// - shop (unified social credit code): upper case, without spaces;
/// - evidence (a SHA-256 in hex): lower case.
/// nullopt when `raw` is not valid UTF-8 or, for a phone, not a mainland mobile form.
/// The result is not yet validated: intake checks it afterwards.
std::optional<std::string> normalise(id_kind kind, std::string_view raw);

/// The masked form shown to investigators: `甘E1****5`, `6205**********1235`,
/// `138****0000`, `LSV**********3456`, `************3456`; the input is normalised.
std::string mask(id_kind kind, std::string_view normalised);

}  // namespace crossclaim::privacy
