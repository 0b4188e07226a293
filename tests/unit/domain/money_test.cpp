#include "domain/money.hpp"

#include <catch2/catch.hpp>

using namespace crossclaim::domain;

TEST_CASE("money prints with exactly two decimals", "[money]") {
    CHECK(to_string(yuan(2000)) == "2000.00");
    CHECK(to_string(money{5}) == "0.05");
    CHECK(to_string(money{-150}) == "-1.50");
}

TEST_CASE("money parses at most two decimals and nothing else", "[money]") {
    CHECK(parse_money("1800") == yuan(1800));
    CHECK(parse_money("1800.5") == money{180050});
    CHECK(parse_money("1800.05") == money{180005});
    CHECK(parse_money("10000.01") == money{1000001});
    CHECK_FALSE(parse_money("1800.123"));
    CHECK_FALSE(parse_money("-1"));
    CHECK_FALSE(parse_money("1e3"));
    CHECK_FALSE(parse_money(""));
    CHECK_FALSE(parse_money("1."));
    CHECK_FALSE(parse_money(".5"));
    CHECK_FALSE(parse_money("12345678901234"));
}
