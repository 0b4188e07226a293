// The pull inbox's order without a global lock (storage/migrations/0003): writers append to
// the outbox concurrently, and a reader that has seen cursor N never later finds an event
// before N appear, so paging with after= misses nothing.

#include <atomic>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "claims_api.hpp"
#include "harness.hpp"

using namespace crossclaim::testing;
namespace bj = boost::json;

namespace {

struct inbox_page {
    std::vector<std::pair<long long, std::string>> events;  // (cursor, event_id or "held")
    std::string next_cursor;
};

// GET /v1/inbox?after=…; nullopt unless 200 (safe off the test thread: no assertions).
std::optional<inbox_page> read_inbox(int port, const client_cert& cert, const test_pki& pki,
                                     const std::string& after) {
    const auto r = https(port, "GET", "/v1/inbox?after=" + after + "&limit=1000", cert, pki.ca());
    if (r.status != 200) return std::nullopt;
    const auto v = bj::parse(r.body).as_object();
    inbox_page page;
    for (const auto& e : v.at("events").as_array()) {
        const auto& event = e.at("event").as_object();
        const auto* by = event.at("data").as_object().if_contains("recorded_by");
        const auto id = by && *by == "held-writer" ? std::string("held")
                                                   : std::string(event.at("event_id").as_string());
        page.events.emplace_back(std::stoll(std::string(e.at("cursor").as_string())), id);
    }
    page.next_cursor = std::string(v.at("next_cursor").as_string());
    return page;
}

std::set<std::string> picc_event_ids(const std::string& db_url) {
    pqxx::connection c(db_url);
    pqxx::read_transaction tx(c);
    std::set<std::string> out;
    for (const auto& row : tx.exec("SELECT event_id::text FROM outbox WHERE branch LIKE 'PICC-%'"))
        out.insert(row[0].as<std::string>());
    return out;
}

// The demo zone, where every branch pulls, and PICC's core system.
struct demo_gateway {
    test_pki pki;
    test_database db;
    gateway_process gw{{db.url(), &pki, "", {}}};
    client_cert picc = pki.issue("PICC", "insurer", "picc-core");
};

}  // namespace

TEST_CASE(
    "an event whose transaction is still open holds later events back from the inbox, and once "
    "it commits it and they appear after the cursor already read",
    "[integration][delivery]") {
    demo_gateway g;
    const auto& [pki, db, gw, picc] = g;
    const int port = gw.api_port();
    post_claim(port, picc, pki, "PICC-ORDER-0001");  // two events for PICC's branches

    // A writer that has appended an event and not committed yet, as a slow intake would be.
    pqxx::connection slow(db.url());
    pqxx::work held(slow);
    // Its envelope is a real one's shape, told apart by its recorder.
    held.exec0(R"sql(
        WITH e AS (SELECT gen_random_uuid() AS id, claim_id FROM claims LIMIT 1)
        INSERT INTO outbox (event_id, branch, claim_id, type, occurred_at, envelope)
        SELECT id, 'PICC-621200', claim_id, 'claim.status_changed', now(),
               json_build_object('event_id', id, 'type', 'claim.status_changed',
                                 'occurred_at', cc_time(now()), 'claim_id', claim_id,
                                 'branch', 'PICC-621200',
                                 'data', json_build_object('party', 'A',
                                     'previous_status', 'ROUTED', 'status', 'ACCEPTED',
                                     'at', cc_time(now()), 'recorded_by', 'held-writer'))
        FROM e)sql");
    post_claim(port, picc, pki, "PICC-ORDER-0002");  // committed after the held write began

    const auto first = read_inbox(port, picc, pki, "0");
    REQUIRE(first);
    CHECK(first->events.size() == 2);  // the first claim's only

    held.commit();
    const auto rest = read_inbox(port, picc, pki, first->next_cursor);
    REQUIRE(rest);
    REQUIRE(rest->events.size() == 3);
    CHECK(rest->events[0].second == "held");  // its transaction began first
    long long previous = std::stoll(first->next_cursor);
    for (const auto& [cursor, id] : rest->events) {
        CHECK(cursor > previous);
        previous = cursor;
    }
    const auto all = read_inbox(port, picc, pki, "0");
    REQUIRE(all);
    CHECK(all->events.size() == 5);
}

TEST_CASE(
    "while four writers submit claims at once, a reader paging the inbox with after= sees "
    "every event exactly once with rising cursors",
    "[integration][delivery]") {
    demo_gateway g;
    const auto& pki = g.pki;
    const auto& picc = g.picc;
    const int port = g.gw.api_port();
    constexpr int writers = 4, claims_each = 40;

    std::atomic<int> refused{0};
    std::atomic<bool> writing{true};
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w)
        threads.emplace_back([&, w] {
            for (int i = 0; i < claims_each; ++i) {
                const auto ref = "PICC-ORDER-" + std::to_string(w) + "-" + std::to_string(i);
                if (https(port, "POST", "/v1/claims", picc, pki.ca(), claim_body(ref)).status !=
                    201)
                    ++refused;
            }
        });

    std::vector<std::pair<long long, std::string>> seen;
    int failed_reads = 0;
    std::string after = "0";
    auto read_page = [&] {
        const auto page = read_inbox(port, picc, pki, after);
        if (!page) return ++failed_reads, false;
        seen.insert(seen.end(), page->events.begin(), page->events.end());
        after = page->next_cursor;
        return !page->events.empty();
    };
    std::thread done_watch([&] {
        for (auto& t : threads) t.join();
        writing = false;
    });
    while (writing) read_page();
    done_watch.join();
    while (read_page()) {
    }

    CHECK(refused == 0);
    CHECK(failed_reads == 0);
    std::set<std::string> ids;
    long long previous = 0;
    bool rising = true;
    for (const auto& [cursor, id] : seen) {
        rising = rising && cursor > previous;
        previous = cursor;
        ids.insert(id);
    }
    CHECK(rising);
    CHECK(ids.size() == seen.size());  // none twice
    const auto expected = picc_event_ids(g.db.url());
    CHECK(expected.size() == writers * claims_each * 2);
    CHECK(ids == expected);  // none missed
}
