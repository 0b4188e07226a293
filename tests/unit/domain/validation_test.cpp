#include "domain/validation.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace crossclaim::domain;

TEST_CASE("ordinary plates are province, authority letter and five serial characters",
          "[validation][plate]") {
    CHECK(valid_plate("甘E12345"));
    CHECK(valid_plate("京A88888"));
    CHECK(valid_plate("甘EA1B23"));
    CHECK(valid_plate("琼Z9ZZZZ"));
    CHECK(valid_plate("甘A1234学"));
    CHECK(valid_plate("甘E1234挂"));
    CHECK(valid_plate("京A0001警"));
}

TEST_CASE("plates with I or O, without a province or of the wrong length are refused",
          "[validation][plate]") {
    CHECK_FALSE(valid_plate("甘E1234O"));
    CHECK_FALSE(valid_plate("甘EI2345"));
    CHECK_FALSE(valid_plate("E12345"));
    CHECK_FALSE(valid_plate("AE12345"));
    CHECK_FALSE(valid_plate("台A12345"));
    CHECK_FALSE(valid_plate("甘e12345"));
    CHECK_FALSE(valid_plate("甘512345"));
    CHECK_FALSE(valid_plate("甘E1234"));
    CHECK_FALSE(valid_plate("甘E12学34"));
    CHECK_FALSE(valid_plate("甘E12345学"));
    CHECK_FALSE(valid_plate("甘E１2345"));  // full-width digit
    CHECK_FALSE(valid_plate(""));
}

TEST_CASE("new-energy plates follow the small (D/F first) or large (D/F last) pattern",
          "[validation][plate]") {
    CHECK(valid_plate("沪AD12345"));
    CHECK(valid_plate("粤BFA1234"));
    CHECK(valid_plate("甘A12345D"));
    CHECK(valid_plate("川A12345F"));

    CHECK_FALSE(valid_plate("甘AX12345"));  // small NEV must start with D or F
    CHECK_FALSE(valid_plate("甘AD1234A"));  // small NEV ends in four digits
    CHECK_FALSE(valid_plate("甘ADO1234"));  // O is never a plate character
    CHECK_FALSE(valid_plate("甘A12345X"));  // large NEV must end in D or F
    CHECK_FALSE(valid_plate("甘A1234AD"));  // large NEV has five digits before D
    CHECK_FALSE(valid_plate("甘E123456"));  // eight characters without D/F
    CHECK_FALSE(valid_plate("甘AD123456"));
}

TEST_CASE("plates are counted in code points and malformed UTF-8 is refused",
          "[validation][plate]") {
    // "甘E12345" is 9 bytes but 7 characters; a 7-byte ASCII string must not pass.
    CHECK(std::string("甘E12345").size() == 9);
    CHECK_FALSE(valid_plate("GE12345"));
    const std::string gan = "\xE7\x94\x98";  // 甘
    CHECK(valid_plate(gan + "E12345"));
    CHECK_FALSE(valid_plate(gan.substr(0, 2) + "E12345"));  // truncated 甘
    CHECK_FALSE(valid_plate(gan + "\x80" + "E12345"));      // stray continuation byte
    CHECK_FALSE(valid_plate(std::string("\xF0\x87\x94\x98") + "E12345"));  // overlong 甘
    CHECK_FALSE(valid_plate(std::string("\xED\xA0\x80") + "E12345"));      // UTF-16 surrogate
}

TEST_CASE("a VIN is 17 characters with a correct ISO 3779 check digit", "[validation][vin]") {
    CHECK(valid_vin("1M8GDM9AXKP042788"));  // check digit X
    CHECK(valid_vin("JHMCM56557C404453"));
    CHECK(valid_vin("LSVAU2187N2123456"));
    CHECK(valid_vin("LSGKB54HXGS000008"));

    CHECK_FALSE(valid_vin("LSVAU2180N2123456"));  // wrong check digit (7 expected)
    CHECK_FALSE(valid_vin("1M8GDM9A1KP042788"));
    CHECK_FALSE(valid_vin("jhmcm56557c404453"));   // lower case
    CHECK_FALSE(valid_vin("JHMCM56557C4O4453"));   // O
    CHECK_FALSE(valid_vin("JHMCM56557C4I4453"));   // I
    CHECK_FALSE(valid_vin("JHMCM56557C4Q4453"));   // Q
    CHECK_FALSE(valid_vin("JHMCM56557C40445"));    // 16 characters
    CHECK_FALSE(valid_vin("JHMCM56557C4044531"));  // 18 characters
    CHECK_FALSE(valid_vin(""));
}

TEST_CASE("a resident ID has a province, a real birth date and a MOD 11-2 check character",
          "[validation][id]") {
    CHECK(valid_id_number("620502199001011235"));
    CHECK(valid_id_number("11010519491231002X"));
    CHECK(valid_id_number("62050219850615005X"));
    CHECK(valid_id_number("440304200002290014"));  // 29 February of a leap year
    CHECK(valid_id_number("110101190001010014"));  // earliest accepted birth date
    CHECK(valid_id_number("440304190002280012"));  // 28 February 1900
    CHECK(valid_id_number("621202202612311236"));  // latest accepted birth date
    CHECK(valid_id_number("110502199001011235"));  // province 11
    CHECK(valid_id_number("820502199001011232"));  // province 82

    CHECK_FALSE(valid_id_number("620502199001011234"));  // wrong check character
    CHECK_FALSE(valid_id_number("11010519491231002x"));  // lower-case x
    CHECK_FALSE(valid_id_number("62050219900101123"));   // 17 characters
    CHECK_FALSE(valid_id_number("6205021990010112355"));
    CHECK_FALSE(valid_id_number("62050219900101A235"));
}

TEST_CASE(
    "a resident ID with an impossible birth date or province is refused even when its "
    "check character fits",
    "[validation][id]") {
    CHECK_FALSE(valid_id_number("620502199002301234"));  // 30 February
    CHECK_FALSE(valid_id_number("620502190002291231"));  // 1900 was no leap year
    CHECK_FALSE(valid_id_number("620502199013011232"));  // month 13
    CHECK_FALSE(valid_id_number("62050219900100123X"));  // day 0
    CHECK_FALSE(valid_id_number("62050218991231123X"));  // before 1900
    CHECK_FALSE(valid_id_number("620502202701011230"));  // after 2026
    CHECK_FALSE(valid_id_number("100502199001011233"));  // province 10
    CHECK_FALSE(valid_id_number("830502199001011234"));  // province 83
    CHECK_FALSE(valid_id_number("990502199001011239"));
}

TEST_CASE("a SHA-256 is exactly 64 lower-case hex characters", "[validation][sha256]") {
    const std::string ok = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    CHECK(valid_sha256_hex(ok));
    std::string upper = ok;
    upper[0] = 'E';
    CHECK_FALSE(valid_sha256_hex(upper));
    std::string non_hex = ok;
    non_hex[63] = 'g';
    CHECK_FALSE(valid_sha256_hex(non_hex));
    CHECK_FALSE(valid_sha256_hex(ok.substr(1)));
    CHECK_FALSE(valid_sha256_hex(ok + "0"));
}

TEST_CASE("a member code is 2 to 16 upper-case letters or digits", "[validation][member]") {
    CHECK(valid_member_code("PICC"));
    CHECK(valid_member_code("A1"));
    CHECK(valid_member_code("ABCDEFGHIJKLMNOP"));

    CHECK_FALSE(valid_member_code("P"));
    CHECK_FALSE(valid_member_code("ABCDEFGHIJKLMNOPQ"));
    CHECK_FALSE(valid_member_code("picc"));
    CHECK_FALSE(valid_member_code("PICC-621200"));
    CHECK_FALSE(valid_member_code(""));
}

TEST_CASE("a unified social credit code is 18 characters ending in its GB 32100 check character",
          "[validation][credit_code]") {
    CHECK(valid_credit_code("91350100M000100Y43"));
    CHECK(valid_credit_code("91110000802100433B"));
    CHECK(valid_credit_code("91440300708461136T"));

    CHECK_FALSE(valid_credit_code("91350100M000100Y44"));  // wrong check character
    CHECK_FALSE(valid_credit_code("91350100M000100Y4"));   // 17 characters
    CHECK_FALSE(valid_credit_code("91350100O000100Y43"));  // O is not in the alphabet
    CHECK_FALSE(valid_credit_code("91350100m000100y43"));  // not normalised
}

TEST_CASE("a payee account is 12 to 30 digits", "[validation][account]") {
    CHECK(valid_account("622202123456"));
    CHECK(valid_account(std::string(30, '6')));
    CHECK_FALSE(valid_account("62220212345"));
    CHECK_FALSE(valid_account(std::string(31, '6')));
    CHECK_FALSE(valid_account("6222 0212 3456"));
}
