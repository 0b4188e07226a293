#include "fraud/lead_status.hpp"

#include <catch2/catch.hpp>

using namespace crossclaim::fraud;
using crossclaim::domain::money;

TEST_CASE("a lead moves only NEW, ASSIGNED, INVESTIGATING, then CONFIRMED or DISMISSED",
          "[unit][fraud][lead]") {
    using enum lead_status;
    const lead_status all[] = {new_lead, assigned, investigating, confirmed, dismissed, merged};
    int allowed = 0;
    for (auto from : all)
        for (auto to : all) allowed += can_move(from, to) ? 1 : 0;
    CHECK(allowed == 4);
    CHECK(can_move(new_lead, assigned));
    CHECK(can_move(assigned, investigating));
    CHECK(can_move(investigating, confirmed));
    CHECK(can_move(investigating, dismissed));
    CHECK_FALSE(can_move(new_lead, confirmed));
    CHECK_FALSE(can_move(confirmed, dismissed));
    CHECK_FALSE(can_move(merged, assigned));
}

TEST_CASE("lead statuses read back from their names", "[unit][fraud][lead]") {
    for (auto s : {lead_status::new_lead, lead_status::merged, lead_status::confirmed})
        CHECK(parse_lead_status(to_string(s)) == s);
    CHECK_FALSE(parse_lead_status("new"));
}

TEST_CASE("the reward is the configured share of the confirmed amount, rounded down to the fen",
          "[unit][fraud][lead]") {
    CHECK(reward_for(money{1'234'567}, 1'000).fen == 123'456);
    CHECK(reward_for(money{99}, 1'000).fen == 9);
    CHECK(reward_for(money{0}, 1'000).fen == 0);
}
