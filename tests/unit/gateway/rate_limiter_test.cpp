#include "gateway/rate_limiter.hpp"

#include <catch2/catch.hpp>

using crossclaim::gateway::rate_limiter;
using namespace std::chrono_literals;

namespace {

crossclaim::config::rate_limit_settings limits() {
    crossclaim::config::rate_limit_settings s;
    s.standard = {.per_second = 10, .burst = 5};
    s.by_member["PICC"] = {.per_second = 100, .burst = 50};
    return s;
}

}  // namespace

TEST_CASE("a member may send its burst at once, then waits for the bucket to refill",
          "[gateway][rate_limit]") {
    rate_limiter r(limits());
    const auto t0 = rate_limiter::clock::time_point{} + 1h;
    for (int i = 0; i < 5; ++i) CHECK(r.take("PAIC", t0) == 0);
    CHECK(r.take("PAIC", t0) == 1);  // refused; a token is 0.1 s away, told as 1 s
    CHECK(r.take("PAIC", t0 + 50ms) == 1);
    CHECK(r.take("PAIC", t0 + 100ms) == 0);  // one token back after 1/10 s
    CHECK(r.take("PAIC", t0 + 100ms) == 1);
    // An idle bucket fills up to its burst, not beyond.
    const auto later = t0 + 1h;
    for (int i = 0; i < 5; ++i) CHECK(r.take("PAIC", later) == 0);
    CHECK(r.take("PAIC", later) == 1);
}

TEST_CASE("one member's bucket is its own: another's flood leaves it full",
          "[gateway][rate_limit]") {
    rate_limiter r(limits());
    const auto t0 = rate_limiter::clock::time_point{} + 1h;
    for (int i = 0; i < 1000; ++i) r.take("CPIC", t0);
    CHECK(r.take("CPIC", t0) == 1);
    for (int i = 0; i < 5; ++i) CHECK(r.take("LNRB", t0) == 0);
}

TEST_CASE("a member named in the config has its own rate and burst", "[gateway][rate_limit]") {
    rate_limiter r(limits());
    const auto t0 = rate_limiter::clock::time_point{} + 1h;
    int allowed = 0;
    for (int i = 0; i < 100; ++i) allowed += r.take("PICC", t0) == 0;
    CHECK(allowed == 50);
    CHECK(r.describe("PICC") == "100 requests a second, bursts of 50");
    CHECK(r.describe("AFC") == "10 requests a second, bursts of 5");
}

TEST_CASE("a slow rate tells the whole seconds until the next request", "[gateway][rate_limit]") {
    crossclaim::config::rate_limit_settings s;
    s.standard = {.per_second = 1, .burst = 1};
    rate_limiter r(s);
    const auto t0 = rate_limiter::clock::time_point{} + 1h;
    CHECK(r.take("PAIC", t0) == 0);
    CHECK(r.take("PAIC", t0) == 1);
    CHECK(r.take("PAIC", t0 + 999ms) == 1);
    CHECK(r.take("PAIC", t0 + 1s) == 0);
}
