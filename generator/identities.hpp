#pragma once
// Identifiers of synthetic people, vehicles and shops. Each is a pure function of an index
// (and the seed): index n always gives the same plate, VIN or ID number, and two different
// indexes never give the same one, because the unique part of every identifier is a keyed
// bijection of the index rather than a random draw. So the clean population needs no set of
// used values to stay free of repeats, which a million-claim run could not afford.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crossclaim::generator::detail {

/// The splitmix64 finaliser: a bijection of 64-bit values that scatters neighbours.
std::uint64_t mix64(std::uint64_t x);

/// A keyed bijection of [0, size): a four-round Feistel network on the smallest even number
/// of bits that holds `size`, walking the cycle until the value falls inside the range.
class permutation {
  public:
    /// The permutation of [0, size) chosen by `key`; size > 0.
    permutation(std::uint64_t size, std::uint64_t key);

    /// The image of `i`; an `i` beyond the range wraps, and then repeats are possible.
    std::uint64_t operator()(std::uint64_t i) const;

  private:
    std::uint64_t encrypt(std::uint64_t x) const;

    std::uint64_t size_;
    std::uint64_t key_;
    int half_bits_ = 1;
};

/// How many distinct values each kind of identifier can take before repeats become possible.
struct identity_capacity {
    static constexpr std::uint64_t vehicles = 7'060'000;  ///< plate serials with 0–2 letters
    static constexpr std::uint64_t people = 20'454'000;   ///< birth days 1950–2005 × 1000
    static constexpr std::uint64_t shops = 100'000'000;   ///< 8-digit organisation numbers
};

/// Makes the identifiers of index-numbered people, vehicles, shops and evidence files.
class identities {
  public:
    /// `phone_prefixes`: 3-digit mobile prefixes to draw from (non-empty).
    identities(std::uint64_t seed, std::vector<std::string> phone_prefixes);

    /// "甘E" + 5 serial characters, at most two of them letters; `province_letter` names the
    /// prefecture (E Tianshui).
    std::string plate(std::uint64_t vehicle, char province_letter) const;
    /// A 17-character VIN with its ISO 3779 check digit.
    std::string vin(std::uint64_t vehicle) const;

    /// An 18-character GB 11643 ID number issued in `county` (6 digits), born 1950–2005.
    std::string id_number(std::uint64_t person, std::string_view county) const;
    /// An 11-digit mobile number.
    std::string phone(std::uint64_t person) const;
    /// A Chinese name of two or three characters (names repeat; they identify nobody).
    std::string name(std::uint64_t person) const;
    /// A 16- or 19-digit bank card number.
    std::string account(std::uint64_t person) const;

    /// A GB 32100 unified social credit code of an enterprise registered in `county`.
    std::string credit_code(std::uint64_t shop, std::string_view county) const;
    /// A repair shop's name in the prefecture called `city` ("天水").
    std::string shop_name(std::uint64_t shop, std::string_view city) const;

    /// 64 lower-case hex characters, distinct for every `n`.
    std::string evidence_hash(std::uint64_t n) const;

  private:
    std::uint64_t seed_;
    std::vector<std::string> phone_prefixes_;
    permutation plates_, vins_, people_, phones_, shops_;
};

}  // namespace crossclaim::generator::detail
