#include "domain/validation.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <vector>

#include "domain/utf8.hpp"

namespace crossclaim::domain {
namespace {

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_upper(char32_t c) { return c >= 'A' && c <= 'Z'; }

bool is_province(char32_t c) {
    static constexpr std::u32string_view provinces =
        U"京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
    return provinces.find(c) != std::u32string_view::npos;
}

// Serial characters leave out I and O because they read as 1 and 0.
bool is_serial(char32_t c) { return is_digit(c) || (is_upper(c) && c != 'I' && c != 'O'); }

bool is_energy_kind(char32_t c) { return c == 'D' || c == 'F'; }

int vin_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    // I, O and Q are not allowed in a VIN and so have no value.
    static constexpr std::array<int, 26> letters = {1, 2, 3, 4, 5, 6,  7, 8,  -1,  // A–I
                                                    1, 2, 3, 4, 5, -1, 7, -1, 9,   // J–R
                                                    2, 3, 4, 5, 6, 7,  8, 9};      // S–Z
    if (c >= 'A' && c <= 'Z') return letters[static_cast<std::size_t>(c - 'A')];
    return -1;
}

bool all_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view digits) {
    int v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return v;
}

}  // namespace

bool valid_plate(std::string_view utf8) {
    const auto decoded = decode_utf8(utf8);
    if (!decoded) return false;
    const auto& p = *decoded;
    if (p.size() < 7 || p.size() > 8 || !is_province(p[0]) || !is_upper(p[1])) return false;
    if (p.size() == 7) {
        if (!std::all_of(p.begin() + 2, p.begin() + 6, is_serial)) return false;
        return is_serial(p[6]) || p[6] == U'学' || p[6] == U'挂' || p[6] == U'警';
    }
    const bool small =
        is_energy_kind(p[2]) && is_serial(p[3]) && std::all_of(p.begin() + 4, p.end(), is_digit);
    const bool large = std::all_of(p.begin() + 2, p.begin() + 7, is_digit) && is_energy_kind(p[7]);
    return small || large;
}

bool valid_vin(std::string_view vin) {
    static constexpr std::array<int, 17> weights = {8, 7, 6, 5, 4, 3, 2, 10, 0,
                                                    9, 8, 7, 6, 5, 4, 3, 2};
    if (vin.size() != 17) return false;
    int sum = 0;
    for (std::size_t i = 0; i < vin.size(); ++i) {
        const int v = vin_value(vin[i]);
        if (v < 0) return false;
        sum += v * weights[i];
    }
    const int r = sum % 11;
    return vin[8] == (r == 10 ? 'X' : static_cast<char>('0' + r));
}

bool valid_id_number(std::string_view id) {
    static constexpr std::array<int, 17> weights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                    3, 7, 9,  10, 5, 8, 4, 2};
    static constexpr std::string_view check_chars = "10X98765432";
    if (id.size() != 18 || !all_digits(id.substr(0, 17))) return false;
    const int province = number(id.substr(0, 2));
    if (province < 11 || province > 82) return false;

    using namespace std::chrono;
    const year_month_day birth{year{number(id.substr(6, 4))},
                               month{static_cast<unsigned>(number(id.substr(10, 2)))},
                               day{static_cast<unsigned>(number(id.substr(12, 2)))}};
    // A fixed upper bound keeps the check free of the wall clock; raise it with the years.
    if (!birth.ok() || birth < 1900y / January / 1 || birth > 2026y / December / 31) return false;

    int sum = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) sum += (id[i] - '0') * weights[i];
    return id[17] == check_chars[static_cast<std::size_t>(sum % 11)];
}

bool valid_credit_code(std::string_view code) {
    static constexpr std::string_view chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static constexpr std::array<int, 17> weights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                    29, 25, 13, 8,  24, 10, 30, 28};
    if (code.size() != 18) return false;
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) {
        const auto v = chars.find(code[i]);
        if (v == std::string_view::npos) return false;
        sum += static_cast<int>(v) * weights[i];
    }
    const int check = (31 - sum % 31) % 31;
    return code[17] == chars[static_cast<std::size_t>(check)];
}

bool valid_account(std::string_view account) {
    return account.size() >= 12 && account.size() <= 30 && all_digits(account);
}

bool valid_sha256_hex(std::string_view hex) {
    return hex.size() == 64 && std::all_of(hex.begin(), hex.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

bool valid_member_code(std::string_view code) {
    return code.size() >= 2 && code.size() <= 16 &&
           std::all_of(code.begin(), code.end(),
                       [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

}  // namespace crossclaim::domain
