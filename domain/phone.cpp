#include "domain/phone.hpp"

#include <algorithm>

namespace crossclaim::domain {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_digit); }

bool national_mobile_shape(std::string_view s) {
    return s.size() == 11 && s[0] == '1' && all_digits(s);
}

// Separators integrators use to group digits. Dots and other punctuation are not among
// them: a value with those is more likely a mistyped field than a formatted number.
bool is_separator(char c) { return c == ' ' || c == '-' || c == '(' || c == ')'; }

}  // namespace

std::optional<std::string> normalise_phone(std::string_view raw) {
    std::string s;
    s.reserve(raw.size());
    for (char c : raw)
        if (!is_separator(c)) s.push_back(c);

    std::string_view rest = s;
    // The country code is dropped only where it leaves a whole mobile number behind, so a
    // bare "86…" of another length is refused rather than cut into something plausible.
    for (std::string_view country : {"+86", "0086", "86"}) {
        if (rest.starts_with(country) && national_mobile_shape(rest.substr(country.size()))) {
            rest.remove_prefix(country.size());
            break;
        }
    }
    if (!national_mobile_shape(rest)) return std::nullopt;
    return std::string(rest);
}

bool valid_segment_prefix(std::string_view p) {
    return p.size() >= 3 && p.size() <= 11 && p[0] == '1' && all_digits(p);
}

bool mobile_segments::allocated(std::string_view eleven_digits) const {
    if (!national_mobile_shape(eleven_digits)) return false;
    // A plain scan: some sixty prefixes of at most five characters cost less than decoding
    // the field they came in, and unlike a sorted index it stays right when the loader or a
    // test fills `prefixes` in any order, with prefixes of any length.
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](const std::string& p) { return eleven_digits.starts_with(p); });
}

}  // namespace crossclaim::domain
