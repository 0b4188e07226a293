#include "privacy/identifiers.hpp"

#include <vector>

#include "domain/phone.hpp"
#include "domain/utf8.hpp"

namespace crossclaim::privacy {
namespace {

char32_t half_width(char32_t c) {
    if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;  // ！…～ → !…~
    if (c == 0x3000) return U' ';                       // ideographic space
    return c;
}

char32_t upper(char32_t c) { return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c; }
char32_t lower(char32_t c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// Separators people type inside plates: the middle dot and its look-alikes.
bool is_dot(char32_t c) { return c == 0x00B7 || c == 0x30FB || c == 0x2022 || c == 0x2027; }

std::string encode(const std::vector<char32_t>& cps) {
    std::string out;
    for (char32_t c : cps) domain::append_utf8(out, c);
    return out;
}

// Keeps `head` characters and `tail` characters, and hides the rest behind `stars` (or one
// star per hidden character when `stars` is 0).
std::string keep_ends(std::string_view normalised, std::size_t head, std::size_t tail,
                      std::size_t stars = 0) {
    const auto decoded = domain::decode_utf8(normalised);
    if (!decoded || decoded->size() <= head + tail) return std::string(stars ? stars : 4, '*');
    const auto& cps = *decoded;
    std::string out = encode({cps.begin(), cps.begin() + static_cast<long>(head)});
    out += std::string(stars ? stars : cps.size() - head - tail, '*');
    out += encode({cps.end() - static_cast<long>(tail), cps.end()});
    return out;
}

}  // namespace

std::optional<std::string> normalise(id_kind kind, std::string_view raw) {
    if (kind == id_kind::phone) return domain::normalise_phone(raw);
    const auto decoded = domain::decode_utf8(raw);
    if (!decoded) return std::nullopt;
    std::vector<char32_t> out;
    out.reserve(decoded->size());
    for (char32_t c : *decoded) {
        c = half_width(c);
        if (is_space(c)) continue;
        switch (kind) {
            case id_kind::plate:
                if (is_dot(c) || c == '-') continue;
                out.push_back(upper(c));
                break;
            case id_kind::account:
                if (c == '-') continue;
                out.push_back(c);
                break;
            case id_kind::evidence:
                out.push_back(lower(c));
                break;
            default:
                out.push_back(upper(c));
        }
    }
    return encode(out);
}

std::string mask(id_kind kind, std::string_view normalised) {
    switch (kind) {
        case id_kind::plate:
            return keep_ends(normalised, 3, 1, 4);
        case id_kind::id_number:
            return keep_ends(normalised, 4, 4);
        case id_kind::phone:
            return keep_ends(normalised, 3, 4);
        case id_kind::vin:
            return keep_ends(normalised, 3, 4);
        case id_kind::account:
            return keep_ends(normalised, 0, 4);
        case id_kind::shop:
            return keep_ends(normalised, 2, 2);
        case id_kind::evidence:
            return keep_ends(normalised, 8, 0, 1);
    }
    return "****";
}

}  // namespace crossclaim::privacy
