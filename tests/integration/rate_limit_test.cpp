// Per-member rate limits against a real gateway: a member over its budget gets 429 with
// Retry-After, and its flood does not slow another member.

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <thread>

#include "harness.hpp"

using namespace crossclaim::testing;
using namespace std::chrono_literals;

namespace {

// A claim id no one has: the route reads the database and answers 404.
const std::string unknown_claim = "/v1/claims/00000000-0000-4000-8000-000000000000";

struct limited_gateway {
    test_pki pki;
    test_database db;
    gateway_process gw{{.db_url = db.url(),
                        .pki = &pki,
                        .replace = {{"per_second = 500\nburst = 1000",
                                     "per_second = 20\nburst = 20"}}}};
    client_cert picc = pki.issue("PICC", "insurer", "picc-core");
    client_cert paic = pki.issue("PAIC", "insurer", "paic-core");
};

// The victim's latencies: `n` GETs a fresh connection each, `gap` apart; every answer must
// be the route's own 404.
std::vector<double> victim_latencies(limited_gateway& g, int n, std::chrono::milliseconds gap) {
    std::vector<double> ms;
    for (int i = 0; i < n; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto r = https(g.gw.api_port(), "GET", unknown_claim, g.paic, g.pki.ca());
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                         .count());
        REQUIRE(r.status == 404);
        std::this_thread::sleep_for(gap);
    }
    return ms;
}

double p99(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, v.size() * 99 / 100)];
}

}  // namespace

TEST_CASE("a member over its request budget gets 429 with Retry-After, and a member beside it "
          "is not slowed",
          "[integration][limits][rate_limit]") {
    limited_gateway g;
    const double alone = p99(victim_latencies(g, 40, 50ms));

    // PICC floods on four kept-alive connections while PAIC keeps to its pace.
    std::atomic<bool> stop{false};
    std::atomic<int> ok{0}, limited{0}, other{0};
    std::atomic<int> bad_retry_after{0};
    std::vector<std::thread> flood;
    const auto flood_start = std::chrono::steady_clock::now();
    for (int t = 0; t < 4; ++t)
        flood.emplace_back([&] {
            const std::vector<std::string> batch(100, unknown_claim);
            while (!stop)
                for (const auto& r : https_keep_alive(g.gw.api_port(), batch, g.picc, g.pki.ca())) {
                    if (r.status == 404) {
                        ++ok;
                    } else if (r.status == 429) {
                        ++limited;
                        const auto body = boost::json::parse(r.body);
                        if (std::stoi(r.header("retry-after")) < 1 ||
                            body.at("title") != "Too Many Requests" ||
                            body.at("type") != "urn:crossclaim:problem:rate-limited" ||
                            r.header("content-type") != "application/problem+json")
                            ++bad_retry_after;
                    } else {
                        ++other;
                    }
                }
        });
    const double flooded = p99(victim_latencies(g, 40, 50ms));
    stop = true;
    for (auto& t : flood) t.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - flood_start).count();

    INFO("PICC: " << ok << " answered, " << limited << " limited in " << seconds
                  << " s; PAIC p99 alone " << alone << " ms, under the flood " << flooded << " ms");
    CHECK(limited > 1000);
    CHECK(bad_retry_after == 0);
    CHECK(other == 0);
    // The bucket: 20 at once, then 20 a second (and a little for the timing of the ends).
    CHECK(ok <= 20 + 20 * seconds + 5);
    CHECK(ok >= 20);
    // The flood is refused before the database, but its TLS records and 429s still take CPU
    // from the victim's handshakes on two cores (with another test beside it under ctest -j2,
    // 77 ms alone became 489 ms once): the bound says the victim is served, not starved.
    CHECK(flooded < std::max(8 * alone, alone + 750.0));

    // Once the bucket has refilled, PICC is served again.
    std::this_thread::sleep_for(1100ms);
    CHECK(https(g.gw.api_port(), "GET", unknown_claim, g.picc, g.pki.ca()).status == 404);
    // Health checks are never limited.
    CHECK(https(g.gw.api_port(), "GET", "/healthz", g.picc, g.pki.ca()).status == 200);
}
