#include "gateway/identity.hpp"

#include <catch2/catch.hpp>

using namespace crossclaim::gateway;

TEST_CASE("a subject maps O to member, OU to role and CN to name for every role", "[identity]") {
    const auto insurer = identity_from_subject("PICC", "insurer", "picc-claims-system");
    REQUIRE(insurer);
    CHECK(insurer->member == "PICC");
    CHECK(insurer->role == role::insurer);
    CHECK(insurer->name == "picc-claims-system");

    const auto investigator = identity_from_subject("PAIC", "investigator", "Li Wei");
    REQUIRE(investigator);
    CHECK(investigator->member == "PAIC");
    CHECK(investigator->role == role::investigator);
    CHECK(investigator->name == "Li Wei");

    const auto association = identity_from_subject("IAC", "association", "console-ops");
    REQUIRE(association);
    CHECK(association->member == "IAC");
    CHECK(association->role == role::association);
    CHECK(association->name == "console-ops");
}

TEST_CASE("a subject whose OU is not a known role gives no identity", "[identity]") {
    CHECK_FALSE(identity_from_subject("PICC", "admin", "someone"));
    CHECK_FALSE(identity_from_subject("PICC", "", "someone"));
    // Roles are matched exactly: no case folding, no surrounding blanks.
    CHECK_FALSE(identity_from_subject("PICC", "Insurer", "someone"));
    CHECK_FALSE(identity_from_subject("PICC", "insurer ", "someone"));
}

TEST_CASE("a subject with an empty O gives no identity", "[identity]") {
    CHECK_FALSE(identity_from_subject("", "insurer", "picc-claims-system"));
}

TEST_CASE("a subject with an empty CN gives no identity", "[identity]") {
    CHECK_FALSE(identity_from_subject("PICC", "insurer", ""));
}

TEST_CASE("role names round-trip between to_string and parse_role", "[identity]") {
    for (auto r : {role::insurer, role::investigator, role::association}) {
        const auto parsed = parse_role(to_string(r));
        REQUIRE(parsed);
        CHECK(*parsed == r);
    }
    CHECK(to_string(role::insurer) == "insurer");
    CHECK(to_string(role::investigator) == "investigator");
    CHECK(to_string(role::association) == "association");
}
