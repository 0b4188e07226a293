#include "generator/identities.hpp"

#include <array>
#include <chrono>
#include <cstdio>

namespace crossclaim::generator::detail {
namespace {

constexpr std::string_view plate_serial = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";  // no I, O
constexpr std::string_view vin_chars = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";      // no I, O, Q
// Serials with no letter, one letter (5 places × 24 × 10^4) and two (10 × 24² × 10^3).
constexpr std::uint64_t plate_digits_only = 100'000;
constexpr std::uint64_t plate_one_letter = 1'200'000;
constexpr std::uint64_t plate_space = plate_digits_only + plate_one_letter + 5'760'000;

// Domain tags keep the permutations of different identifier kinds unrelated.
enum : std::uint64_t {
    tag_plate = 1,
    tag_vin,
    tag_person,
    tag_phone,
    tag_shop,
    tag_hash,
    tag_misc
};

std::uint64_t key_of(std::uint64_t seed, std::uint64_t tag) {
    return mix64(seed * 0x9E3779B97F4A7C15ULL + tag);
}

int vin_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    static constexpr std::array<int, 26> letters = {1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4,
                                                    5, 0, 7, 0, 9, 2, 3, 4, 5, 6, 7, 8, 9};
    return letters[static_cast<std::size_t>(c - 'A')];
}

std::string digits(std::uint64_t value, int width) {
    std::string out(static_cast<std::size_t>(width), '0');
    for (int i = width - 1; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return out;
}

// Makers of passenger cars sold in Gansu, by World Manufacturer Identifier.
constexpr std::array<std::string_view, 10> wmis = {"LSV", "LFV", "LGB", "LHG", "LVS",
                                                   "LDC", "LGW", "LBV", "LSG", "LFM"};
constexpr std::string_view model_years = "HJKLMNPRST";  // 2017–2026

constexpr std::array<std::string_view, 40> surnames = {
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
    "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "魏"};
constexpr std::array<std::string_view, 48> given = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "文", "辉", "鹏", "红", "玉", "建", "国", "宁",
    "海", "峰", "林", "春", "兰", "晨", "浩", "宇", "欣", "佳", "志", "斌", "亮", "婷", "雪", "龙"};
constexpr std::array<std::string_view, 16> shop_words = {
    "顺达", "安途", "鑫源", "恒通", "众诚", "路通", "永盛", "诚信",
    "华宇", "金马", "宏达", "天成", "驰骋", "瑞丰", "宝隆", "佳美"};
constexpr std::array<std::string_view, 4> shop_kinds = {"汽车维修有限公司", "汽修厂",
                                                        "汽车服务中心", "汽车修理厂"};
constexpr std::array<std::string_view, 4> card_bins = {"622202", "621700", "622848", "623059"};

}  // namespace

std::uint64_t mix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

permutation::permutation(std::uint64_t size, std::uint64_t key) : size_(size), key_(key) {
    while ((std::uint64_t{1} << (2 * half_bits_)) < size_) ++half_bits_;
}

std::uint64_t permutation::encrypt(std::uint64_t x) const {
    const std::uint64_t mask = (std::uint64_t{1} << half_bits_) - 1;
    std::uint64_t left = x >> half_bits_, right = x & mask;
    for (std::uint64_t round = 0; round < 4; ++round) {
        const std::uint64_t f = mix64(right ^ key_ ^ (round << 56)) & mask;
        const std::uint64_t next = left ^ f;
        left = right;
        right = next;
    }
    return (left << half_bits_) | right;
}

std::uint64_t permutation::operator()(std::uint64_t i) const {
    // Cycle walking: encrypting again from a value outside the range stays on the cycle of
    // `i`, so the first value inside the range is a bijection of the range itself.
    std::uint64_t x = encrypt(i % size_);
    while (x >= size_) x = encrypt(x);
    return x;
}

identities::identities(std::uint64_t seed, std::vector<std::string> phone_prefixes)
    : seed_(seed),
      phone_prefixes_(std::move(phone_prefixes)),
      plates_(plate_space, key_of(seed, tag_plate)),
      vins_(33'000'000, key_of(seed, tag_vin)),  // VIN plant character × 6-digit serial
      people_(identity_capacity::people, key_of(seed, tag_person)),
      phones_(100'000'000, key_of(seed, tag_phone)),
      shops_(identity_capacity::shops, key_of(seed, tag_shop)) {}

std::string identities::plate(std::uint64_t vehicle, char province_letter) const {
    // Serials as issued: five digits, or at most two letters among them (no I or O).
    std::uint64_t s = plates_(vehicle);
    std::string tail(5, '0');
    auto put_digits = [&](std::uint64_t value) {
        for (int i = 4; i >= 0; --i) {
            auto& c = tail[static_cast<std::size_t>(i)];
            if (c != '0') continue;  // a letter already stands there
            c = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    constexpr std::uint64_t letters = plate_serial.size() - 10;
    if (s < plate_digits_only) {
        put_digits(s);
    } else if (s < plate_digits_only + plate_one_letter) {
        s -= plate_digits_only;
        tail[s / 240'000] = plate_serial[10 + (s / 10'000) % letters];
        put_digits(s % 10'000);
    } else {
        s -= plate_digits_only + plate_one_letter;
        static constexpr std::array<std::array<std::size_t, 2>, 10> pairs = {
            {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 2}, {1, 3}, {1, 4}, {2, 3}, {2, 4}, {3, 4}}};
        const auto& at = pairs[s / 576'000];
        const std::uint64_t two = (s / 1000) % (letters * letters);
        tail[at[0]] = plate_serial[10 + two / letters];
        tail[at[1]] = plate_serial[10 + two % letters];
        put_digits(s % 1000);
    }
    std::string out = "甘";
    out += province_letter;
    return out + tail;
}

std::string identities::vin(std::uint64_t vehicle) const {
    const std::uint64_t h = mix64(key_of(seed_, tag_misc) ^ vehicle);
    const std::uint64_t unique = vins_(vehicle);
    std::string v(wmis[h % wmis.size()]);
    for (int i = 0; i < 5; ++i) v += vin_chars[(h >> (8 + 6 * i)) % vin_chars.size()];
    v += '0';  // the check digit, computed below
    v += model_years[(h >> 40) % model_years.size()];
    v += vin_chars[unique / 1'000'000];  // plant: with the serial, the unique part
    v += digits(unique % 1'000'000, 6);
    static constexpr std::array<int, 17> weights = {8, 7, 6, 5, 4, 3, 2, 10, 0,
                                                    9, 8, 7, 6, 5, 4, 3, 2};
    int sum = 0;
    for (std::size_t i = 0; i < v.size(); ++i) sum += vin_value(v[i]) * weights[i];
    v[8] = sum % 11 == 10 ? 'X' : static_cast<char>('0' + sum % 11);
    return v;
}

std::string identities::id_number(std::uint64_t person, std::string_view county) const {
    using namespace std::chrono;
    constexpr std::uint64_t birth_days = 20'454;  // 1950-01-01 up to 2005-12-31
    const std::uint64_t p = people_(person);
    const year_month_day birth{sys_days{1950y / January / 1} + days(p % birth_days)};
    char date[16];
    std::snprintf(date, sizeof date, "%04d%02u%02u", static_cast<int>(birth.year()),
                  static_cast<unsigned>(birth.month()), static_cast<unsigned>(birth.day()));
    std::string id = std::string(county) + date + digits(p / birth_days, 3);
    static constexpr std::array<int, 17> weights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                    3, 7, 9,  10, 5, 8, 4, 2};
    static constexpr std::string_view check = "10X98765432";
    int sum = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) sum += (id[i] - '0') * weights[i];
    return id + check[static_cast<std::size_t>(sum % 11)];
}

std::string identities::phone(std::uint64_t person) const {
    const std::uint64_t h = mix64(key_of(seed_, tag_phone) ^ person);
    return phone_prefixes_[h % phone_prefixes_.size()] + digits(phones_(person), 8);
}

std::string identities::name(std::uint64_t person) const {
    const std::uint64_t h = mix64(key_of(seed_, tag_person) ^ person);
    std::string out(surnames[h % surnames.size()]);
    out += given[(h >> 16) % given.size()];
    if ((h >> 32) % 10 < 7) out += given[(h >> 40) % given.size()];
    return out;
}

std::string identities::account(std::uint64_t person) const {
    const std::uint64_t h = mix64(key_of(seed_, tag_misc) ^ ~person);
    const std::string bin(card_bins[h % card_bins.size()]);
    // 16-digit debit cards are the common kind; some banks still issue 19 digits.
    const int rest = (h >> 8) % 4 == 0 ? 13 : 10;
    return bin + digits(mix64(h) % 10'000'000'000'000ULL, rest);
}

std::string identities::credit_code(std::uint64_t shop, std::string_view county) const {
    // "91": an enterprise registered with market regulation; then the county, then the
    // 9-character organisation code of GB 11714 (8 digits and its own check character).
    std::string org = digits(shops_(shop), 8);
    static constexpr std::array<int, 8> org_weights = {3, 7, 9, 10, 5, 8, 4, 2};
    int org_sum = 0;
    for (std::size_t i = 0; i < org.size(); ++i) org_sum += (org[i] - '0') * org_weights[i];
    const int c9 = 11 - org_sum % 11;
    org += c9 == 10 ? 'X' : c9 == 11 ? '0' : static_cast<char>('0' + c9);

    std::string code = "91" + std::string(county) + org;
    static constexpr std::string_view chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static constexpr std::array<int, 17> weights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                    29, 25, 13, 8,  24, 10, 30, 28};
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) sum += static_cast<int>(chars.find(code[i])) * weights[i];
    return code + chars[static_cast<std::size_t>((31 - sum % 31) % 31)];
}

std::string identities::shop_name(std::uint64_t shop, std::string_view city) const {
    const std::uint64_t h = mix64(key_of(seed_, tag_shop) ^ shop);
    std::string out(city);
    out += shop_words[h % shop_words.size()];
    out += shop_words[(h >> 8) % shop_words.size()];
    out += shop_kinds[(h >> 16) % shop_kinds.size()];
    return out;
}

std::string identities::evidence_hash(std::uint64_t n) const {
    // The first word is a bijection of `n`, which makes hashes distinct; the rest only look
    // like the remainder of a digest.
    const std::uint64_t key = key_of(seed_, tag_hash);
    std::string out;
    char buf[20];
    std::uint64_t word = mix64(n ^ key);
    for (int i = 0; i < 4; ++i) {
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(word));
        out += buf;
        word = mix64(word + key + static_cast<std::uint64_t>(i));
    }
    return out;
}

}  // namespace crossclaim::generator::detail
