// Delivery to branches (API.md): real gateways push signed events to real HTTPS receivers,
// retry with backoff, dead-letter, replay, and serve pull members from the inbox.

#include <libxml/parser.h>
#include <signal.h>
#include <libxml/tree.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdio>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "claims_api.hpp"
#include "harness.hpp"
#include "delivery_config.hpp"
#include "receiver.hpp"

using namespace crossclaim::testing;
using namespace std::chrono_literals;
namespace bj = boost::json;

namespace {

// --- API calls -------------------------------------------------------------------------------

struct inbox_page {
    std::vector<std::pair<std::string, bj::object>> events;  // (cursor, envelope)
    std::string next_cursor;
};

inbox_page get_inbox(int port, const client_cert& cert, const test_pki& pki,
                     const std::string& query = "") {
    const auto r = https(port, "GET", "/v1/inbox" + query, cert, pki.ca());
    INFO(r.body);
    REQUIRE(r.status == 200);
    const auto v = bj::parse(r.body).as_object();
    inbox_page page;
    for (const auto& e : v.at("events").as_array())
        page.events.emplace_back(std::string(e.at("cursor").as_string()),
                                 e.at("event").as_object());
    page.next_cursor = std::string(v.at("next_cursor").as_string());
    return page;
}

// --- what receivers saw ----------------------------------------------------------------------

std::string hmac_hex(const std::string& key, const std::string& body) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), md, &len);
    std::string hex;
    char byte[3];
    for (unsigned i = 0; i < len; ++i) {
        std::snprintf(byte, sizeof byte, "%02x", md[i]);
        hex += byte;
    }
    return hex;
}

bool ok(const received_request& r) { return r.answered >= 200 && r.answered < 300; }

// Requests the receiver answered with 2xx, in arrival order.
std::vector<received_request> accepted(const std::vector<received_request>& all) {
    std::vector<received_request> out;
    for (const auto& r : all)
        if (ok(r)) out.push_back(r);
    return out;
}

std::size_t distinct_accepted(const std::vector<received_request>& all) {
    std::set<std::string> ids;
    for (const auto& r : all)
        if (ok(r)) ids.insert(r.header("x-crossclaim-event-id"));
    return ids.size();
}

// At least once, but a repeat only when the gateway had reason to think the try failed.
void check_repeats_follow_failures(const std::vector<received_request>& all) {
    std::map<std::string, const received_request*> last;
    for (const auto& r : all) {
        const auto id = r.header("x-crossclaim-event-id");
        if (const auto it = last.find(id); it != last.end()) {
            INFO("event " << id << " came again (request " << r.order << ") after request "
                          << it->second->order << " answered " << it->second->answered);
            CHECK_FALSE(ok(*it->second));
        }
        last[id] = &r;
    }
}

// A fact of an envelope, by a path of keys ("data/party").
std::string fact(const bj::object& envelope, const std::string& path) {
    const bj::value* v = nullptr;
    const bj::object* o = &envelope;
    std::size_t start = 0;
    for (;;) {
        const auto slash = path.find('/', start);
        const auto key = path.substr(start, slash - start);
        v = o->if_contains(key);
        if (!v) return "<absent>";
        if (slash == std::string::npos) break;
        o = v->if_object();
        if (!o) return "<absent>";
        start = slash + 1;
    }
    return v->is_string() ? std::string(v->get_string()) : bj::serialize(*v);
}

std::string describe(const bj::object& e) {
    return fact(e, "type") +
           (fact(e, "type") == "claim.status_changed" ? " " + fact(e, "data/status") : "");
}

std::string query_one(const std::string& db_url, const std::string& sql) {
    pqxx::connection c(db_url);
    pqxx::read_transaction tx(c);
    const auto r = tx.exec(sql);
    return r.empty() || r[0][0].is_null() ? std::string{} : r[0][0].as<std::string>();
}

}  // namespace

TEST_CASE(
    "a routed claim reaches the handling and the notified underwriting branch, signed "
    "with each branch's secret",
    "[integration][delivery]") {
    test_pki pki;
    test_database db;
    receiver handling(pki), underwriter(pki), other(pki);
    const std::string handling_secret = "picc-longnan-secret-0001";
    const std::string underwriter_secret = "picc-tianshui-secret-0002";
    const std::string other_secret = "paic-longnan-secret-0003";
    gateway_process gw(gateway_options(
        pki, db.url(),
        {branches(picc, push("621200", "json_webhook", handling, handling_secret, pki),
                  push("620500", "json_webhook", underwriter, underwriter_secret, pki)),
         branches(paic, push("621200", "json_webhook", other, other_secret, pki),
                  pull("620500"))}));
    const auto insurer = pki.issue("PICC", "insurer", "picc-core");
    const auto claim_id = post_claim(gw.api_port(), insurer, pki, "PICC-DLV-0001");

    REQUIRE(handling.wait_for(1, 5s));
    REQUIRE(underwriter.wait_for(1, 5s));
    REQUIRE(other.wait_for(1, 5s));
    // No second copy follows a delivery the receiver acknowledged.
    std::this_thread::sleep_for(300ms);

    struct expectation {
        const receiver* rx;
        std::string secret, branch, party, duty;
    };
    for (const auto& x : std::vector<expectation>{
             {&handling, handling_secret, "PICC-621200", "A", "HANDLE"},
             {&underwriter, underwriter_secret, "PICC-620500", "A", "UNDERWRITER_NOTICE"},
             {&other, other_secret, "PAIC-621200", "B", "HANDLE"}}) {
        INFO("branch " << x.branch);
        const auto got = x.rx->requests();
        REQUIRE(got.size() == 1);
        const auto& r = got[0];
        CHECK(r.method == "POST");
        CHECK(r.target == "/hook");
        CHECK(r.header("content-type") == "application/json");
        CHECK(r.header("x-crossclaim-signature") == "sha256=" + hmac_hex(x.secret, r.body));
        // Another branch's secret does not produce it: the key is the branch's own.
        CHECK(r.header("x-crossclaim-signature") !=
              "sha256=" + hmac_hex("picc-longnan-secret-0001x", r.body));
        const auto env = bj::parse(r.body).as_object();
        CHECK(r.header("x-crossclaim-event-id") == fact(env, "event_id"));
        CHECK(fact(env, "type") == "claim.routed");
        CHECK(fact(env, "claim_id") == claim_id);
        CHECK(fact(env, "branch") == x.branch);
        CHECK(fact(env, "data/party") == x.party);
        CHECK(fact(env, "data/duty") == x.duty);
        // Sealed in the outbox, readable for the branch.
        CHECK(fact(env, "data/plate") == (x.party == "A" ? "甘E12345" : "甘K67890"));
        CHECK(fact(env, "data/handling_branch") ==
              (x.party == "A" ? "PICC-621200" : "PAIC-621200"));
    }
    // Three branches, three different events.
    std::set<std::string> ids{handling.requests()[0].header("x-crossclaim-event-id"),
                              underwriter.requests()[0].header("x-crossclaim-event-id"),
                              other.requests()[0].header("x-crossclaim-event-id")};
    CHECK(ids.size() == 3);
}

TEST_CASE(
    "a branch configured for mutual TLS presents its client certificate and the receiver "
    "sees who delivered",
    "[integration][delivery]") {
    test_pki pki;
    test_database db;
    receiver rx(pki, receiver::client_certs::required);
    // `pki issue` knows member roles only; the gateway's own certificate borrows one.
    const auto gateway_cert = pki.issue("CROSSCLAIM", "association", "crossclaim-gateway");
    const std::string secret = "picc-longnan-secret-0001";
    gateway_process gw(gateway_options(
        pki, db.url(),
        {branches(picc, push("621200", "json_webhook", rx, secret, pki, gateway_cert),
                  pull("620500"))}));
    const auto insurer = pki.issue("PICC", "insurer", "picc-core");
    const auto claim_id = post_claim(gw.api_port(), insurer, pki, "PICC-DLV-MTLS-0001");

    REQUIRE(rx.wait_for(1, 5s));
    std::this_thread::sleep_for(300ms);  // room for a second copy, which must not come
    const auto got = rx.requests();
    REQUIRE(got.size() == 1);
    const auto& r = got[0];
    CHECK(r.answered == 200);
    CHECK(r.peer_cn == "crossclaim-gateway");
    CHECK(r.peer_org == "CROSSCLAIM");
    CHECK(r.header("x-crossclaim-signature") == "sha256=" + hmac_hex(secret, r.body));
    const auto env = bj::parse(r.body).as_object();
    CHECK(fact(env, "type") == "claim.routed");
    CHECK(fact(env, "claim_id") == claim_id);
    CHECK(fact(env, "branch") == "PICC-621200");
    CHECK(r.header("x-crossclaim-event-id") == fact(env, "event_id"));
    CHECK(rx.failed_handshakes() == 0);
    CHECK(eventually(
        [&] {
            return query_one(db.url(),
                             "SELECT status || ' ' || attempts FROM outbox WHERE branch = "
                             "'PICC-621200'") == "delivered 1";
        },
        5s));
}

TEST_CASE(
    "a branch without a client certificate delivers nothing to a receiver that requires "
    "one, and the event stays pending with the handshake error",
    "[integration][delivery]") {
    test_pki pki;
    test_database db;
    receiver rx(pki, receiver::client_certs::required);
    gateway_process gw(picc_longnan_webhook(pki, db.url(), rx, {.max_attempts = 30}));
    const auto insurer = pki.issue("PICC", "insurer", "picc-core");
    post_claim(gw.api_port(), insurer, pki, "PICC-DLV-MTLS-0002");

    const auto row = [&](const std::string& column) {
        return query_one(db.url(),
                         "SELECT " + column + " FROM outbox WHERE branch = 'PICC-621200'");
    };
    // Several tries, each refused in the handshake.
    REQUIRE(eventually([&] { return std::stoi("0" + row("attempts")) >= 3; }, 5s));
    CHECK(row("status") == "pending");
    const auto error = row("last_error");
    INFO("last_error: " << error << "\nreceiver: " << rx.last_handshake_error());
    CHECK(error.find("certificate") != std::string::npos);
    // The receiver counts its side of a refusal just after the gateway may have recorded it.
    CHECK(eventually([&] { return rx.failed_handshakes() >= 3; }, 2s));
    CHECK(rx.count() == 0);
    CHECK(row("delivered_at").empty());
}

TEST_CASE("a receiver that was down gets every event once it is back, in order per claim",
          "[integration][delivery]") {
    test_pki pki;
    test_database db;
    receiver rx(pki);
    rx.down();
    gateway_process gw(picc_longnan_webhook(pki, db.url(), rx, {.max_attempts = 30}));
    const auto insurer = pki.issue("PICC", "insurer", "picc-core");
    const auto claim_id = post_claim(gw.api_port(), insurer, pki, "PICC-DLV-0002");
    post_status(gw.api_port(), insurer, pki, claim_id, "A", "ACCEPTED");
    post_status(gw.api_port(), insurer, pki, claim_id, "A", "SURVEYED");
    post_status(gw.api_port(), insurer, pki, claim_id, "A", "ASSESSED", "450.00");

    // The first event is being retried against the closed port; the later ones wait behind it.
    const auto attempts_of = [&](int nth) {
        return query_one(db.url(),
                         "SELECT attempts FROM outbox WHERE branch = 'PICC-621200' ORDER BY seq "
                         "OFFSET " +
                             std::to_string(nth) + " LIMIT 1");
    };
    REQUIRE(eventually([&] { return std::stoi("0" + attempts_of(0)) >= 3; }, 5s));
    const auto first_error = query_one(
        db.url(),
        "SELECT last_error FROM outbox WHERE branch = 'PICC-621200' ORDER BY seq LIMIT 1");
    CHECK(first_error.find("connect") != std::string::npos);
    for (int later = 1; later <= 3; ++later) CHECK(attempts_of(later) == "0");
    CHECK(rx.count() == 0);
    std::this_thread::sleep_for(600ms);  // down about a second in all
    rx.up();

    REQUIRE(rx.wait_until([](const auto& all) { return distinct_accepted(all) >= 4; }, 10s));
    std::this_thread::sleep_for(300ms);
    const auto all = rx.requests();
    check_repeats_follow_failures(all);
    const auto got = accepted(all);
    REQUIRE(got.size() == 4);
    std::vector<std::string> order;
    for (const auto& r : got) {
        const auto env = bj::parse(r.body).as_object();
        CHECK(fact(env, "claim_id") == claim_id);
        CHECK(r.header("x-crossclaim-event-id") == fact(env, "event_id"));
        order.push_back(describe(env));
    }
    CHECK(order == std::vector<std::string>{"claim.routed", "claim.status_changed ACCEPTED",
                                            "claim.status_changed SURVEYED",
                                            "claim.status_changed ASSESSED"});
    CHECK(fact(bj::parse(got[3].body).as_object(), "data/amount") == "450.00");
    // The same events, in the same order, as the member's inbox lists for that branch.
    std::vector<std::string> inbox_ids, pushed_ids;
    for (const auto& [cursor, e] : get_inbox(gw.api_port(), insurer, pki, "?after=0").events)
        if (fact(e, "branch") == "PICC-621200") inbox_ids.push_back(fact(e, "event_id"));
    for (const auto& r : got) pushed_ids.push_back(r.header("x-crossclaim-event-id"));
    CHECK(pushed_ids == inbox_ids);
}

TEST_CASE(
    "a receiver answering 503 gets the same event again until it answers 2xx, and the "
    "claim's next event only after that",
    "[integration][delivery]") {
    test_pki pki;
    test_database db;
    receiver rx(pki);
    rx.answer(503);
    gateway_process gw(picc_longnan_webhook(pki, db.url(), rx, {.max_attempts = 30}));
    const auto insurer = pki.issue("PICC", "insurer", "picc-core");
    const auto claim_id = post_claim(gw.api_port(), insurer, pki, "PICC-DLV-0003");
    post_status(gw.api_port(), insurer, pki, claim_id, "A", "ACCEPTED");
    REQUIRE(rx.wait_for(3, 5s));
    rx.answer(200);
    REQUIRE(rx.wait_until([](const auto& all) { return distinct_accepted(all) >= 2; }, 5s));
    std::this_thread::sleep_for(300ms);

    const auto all = rx.requests();
    check_repeats_follow_failures(all);
    // Every refused try was the first event; the second came only after it was taken.
    const auto first_id = all.front().header("x-crossclaim-event-id");
    std::size_t i = 0;
    for (; i < all.size() && !ok(all[i]); ++i)
        CHECK(all[i].header("x-crossclaim-event-id") == first_id);
    REQUIRE(i + 2 == all.size());
    CHECK(all[i].header("x-crossclaim-event-id") == first_id);
    CHECK(describe(bj::parse(all[i + 1].body).as_object()) == "claim.status_changed ACCEPTED");
    CHECK(ok(all[i + 1]));
}

TEST_CASE(
    "a receiver that never recovers within max_attempts leaves a dead letter, and a "
    "replay after it is back delivers it and what waited behind it",
    "[integration][delivery]") {
    test_pki pki;
    test_database db;
    receiver rx(pki);
    rx.answer(503);
    gateway_process gw(picc_longnan_webhook(pki, db.url(), rx, {.max_attempts = 3}));
    const auto insurer = pki.issue("PICC", "insurer", "picc-core");
    const auto association = pki.issue("TSIA", "association", "ops-desk");
    const auto claim_id = post_claim(gw.api_port(), insurer, pki, "PICC-DLV-0004");

    bj::array dead;
    REQUIRE(eventually(
        [&] {
            const auto r =
                https(gw.api_port(), "GET", "/v1/deliveries/dead", association, pki.ca());
            REQUIRE(r.status == 200);
            dead = bj::parse(r.body).at("dead_letters").as_array();
            return !dead.empty();
        },
        5s));
    REQUIRE(dead.size() == 1);
    const auto& letter = dead[0].as_object();
    const auto tries = rx.requests();
    REQUIRE(tries.size() == 3);  // max_attempts, no more
    const auto event_id = tries[0].header("x-crossclaim-event-id");
    for (const auto& t : tries) CHECK(t.header("x-crossclaim-event-id") == event_id);
    CHECK(fact(letter, "event_id") == event_id);
    CHECK(fact(letter, "branch") == "PICC-621200");
    CHECK(fact(letter, "claim_id") == claim_id);
    CHECK(fact(letter, "type") == "claim.routed");
    CHECK(fact(letter, "attempts") == "3");
    CHECK(fact(letter, "last_error").find("503") != std::string::npos);
    // Members do not operate the dead-letter queue.
    CHECK(https(gw.api_port(), "GET", "/v1/deliveries/dead", insurer, pki.ca()).status == 403);
    CHECK(https(gw.api_port(), "POST", "/v1/deliveries/replay", insurer, pki.ca(), "{}").status ==
          403);

    // The claim's next event waits behind the dead one: order per claim holds.
    post_status(gw.api_port(), insurer, pki, claim_id, "A", "ACCEPTED");
    std::this_thread::sleep_for(400ms);
    CHECK(rx.count() == 3);

    rx.answer(200);
    const auto replay = https(gw.api_port(), "POST", "/v1/deliveries/replay", association, pki.ca(),
                              bj::serialize(bj::object{{"event_id", event_id}}));
    INFO(replay.body);
    REQUIRE(replay.status == 200);
    CHECK(bj::parse(replay.body).at("requeued").as_int64() == 1);
    REQUIRE(rx.wait_until([](const auto& all) { return distinct_accepted(all) >= 2; }, 5s));
    const auto got = accepted(rx.requests());
    REQUIRE(got.size() == 2);
    CHECK(got[0].header("x-crossclaim-event-id") == event_id);
    CHECK(describe(bj::parse(got[1].body).as_object()) == "claim.status_changed ACCEPTED");
    const auto after = https(gw.api_port(), "GET", "/v1/deliveries/dead", association, pki.ca());
    CHECK(bj::parse(after.body).at("dead_letters").as_array().empty());
}

TEST_CASE(
    "a receiver that accepts but never answers costs one request timeout per try and "
    "does not hold up other branches",
    "[integration][delivery]") {
    test_pki pki;
    test_database db;
    receiver silent(pki), healthy(pki);
    silent.answer(receiver::no_answer);
    // One worker: if a try could outlive its timeout, the healthy branch would never be served.
    gateway_process gw(gateway_options(
        pki, db.url(),
        {branches(picc, push("621200", "json_webhook", silent, "picc-longnan-secret-0001", pki),
                  push("620500", "json_webhook", healthy, "picc-tianshui-secret-0002", pki))},
        {.max_attempts = 2, .request_timeout_ms = 300, .workers = 1}));
    const auto insurer = pki.issue("PICC", "insurer", "picc-core");
    const auto claim_id = post_claim(gw.api_port(), insurer, pki, "PICC-DLV-0005");

    CHECK(healthy.wait_for(1, 5s));
    CHECK(eventually(
        [&] {
            return query_one(db.url(), "SELECT status FROM outbox WHERE branch = 'PICC-621200'") ==
                   "dead";
        },
        5s));
    CHECK(silent.count() == 2);
    INFO(query_one(db.url(), "SELECT last_error FROM outbox WHERE branch = 'PICC-621200'"));
    CHECK_FALSE(
        query_one(db.url(), "SELECT last_error FROM outbox WHERE branch = 'PICC-621200'").empty());
}

TEST_CASE("a delivery waiting on a silent receiver holds back no member's inbox",
          "[integration][delivery]") {
    test_pki pki;
    test_database db;
    receiver silent(pki);
    silent.answer(receiver::no_answer);
    gateway_process gw(gateway_options(
        pki, db.url(),
        {branches(picc, push("621200", "json_webhook", silent, "picc-longnan-secret-0001", pki),
                  pull("620500"))},
        {.request_timeout_ms = 8000, .workers = 1}));
    const auto picc_core = pki.issue("PICC", "insurer", "picc-core");
    const auto paic_core = pki.issue("PAIC", "insurer", "paic-core");
    const int port = gw.api_port();
    post_claim(port, picc_core, pki, "PICC-DLV-HOLD-0001");
    REQUIRE(silent.wait_for(1, 5s));  // the push now waits up to 8 s for its answer

    // B's insurer pulls: its event of the second claim is there at once, not after the push.
    post_claim(port, picc_core, pki, "PICC-DLV-HOLD-0002");
    CHECK(get_inbox(port, paic_core, pki, "?after=0").events.size() == 2);
    CHECK(silent.count() == 1);  // still the first try
}

TEST_CASE("two gateway instances on one database deliver each event to the receiver once",
          "[integration][delivery]") {
    test_pki pki;
    test_database db;
    receiver rx(pki);
    const auto options = picc_longnan_webhook(pki, db.url(), rx);
    gateway_process one(options), two(options);
    const auto insurer = pki.issue("PICC", "insurer", "picc-core");
    const int claims = 20;
    std::set<std::string> claim_ids;
    for (int i = 0; i < claims; ++i)
        claim_ids.insert(post_claim((i % 2 ? two : one).api_port(), insurer, pki,
                                    "PICC-DLV-TWO-" + std::to_string(i)));

    REQUIRE(rx.wait_for(claims, 10s));
    // Give a duplicate every chance to show: several poll intervals of both instances.
    std::this_thread::sleep_for(500ms);
    const auto all = rx.requests();
    std::map<std::string, int> per_event;
    std::set<std::string> seen_claims;
    for (const auto& r : all) {
        ++per_event[r.header("x-crossclaim-event-id")];
        seen_claims.insert(fact(bj::parse(r.body).as_object(), "claim_id"));
        CHECK(r.answered == 200);
    }
    CHECK(all.size() == static_cast<std::size_t>(claims));
    CHECK(per_event.size() == static_cast<std::size_t>(claims));
    for (const auto& [id, n] : per_event) {
        INFO("event " << id);
        CHECK(n == 1);
    }
    CHECK(seen_claims == claim_ids);
    CHECK(query_one(db.url(),
                    "SELECT count(*) FROM outbox WHERE branch = 'PICC-621200' AND "
                    "status = 'delivered' AND attempts = 1") == std::to_string(claims));
}

TEST_CASE("an instance killed in the middle of a delivery: another delivers the event once its "
          "lease ends, and only once more",
          "[integration][delivery][faults]") {
    test_pki pki;
    test_database db;
    receiver rx(pki);
    rx.answer(receiver::no_answer);  // the first attempt reaches the receiver, no answer comes back
    const auto options = picc_longnan_webhook(pki, db.url(), rx);
    std::optional<gateway_process> one;
    one.emplace(options);
    const auto insurer = pki.issue("PICC", "insurer", "picc-core");
    post_claim(one->api_port(), insurer, pki, "PICC-DLV-KILLED-1");
    REQUIRE(rx.wait_for(1, 10s));
    one->signal(SIGKILL);
    REQUIRE(one->wait(5s));

    rx.answer(200);
    gateway_process two(options);
    // The lease (twice the request timeout and 5 s) ends, and the survivor sends it again.
    REQUIRE(rx.wait_for(2, 30s));
    std::this_thread::sleep_for(1s);  // several poll intervals: no third delivery
    const auto all = rx.requests();
    REQUIRE(all.size() == 2);
    CHECK(all[0].header("x-crossclaim-event-id") == all[1].header("x-crossclaim-event-id"));
    CHECK(all[1].answered == 200);
    CHECK(query_one(db.url(), "SELECT status FROM outbox WHERE branch = 'PICC-621200'") ==
          "delivered");
}

namespace {

// Compares an element of the XML document with the JSON value it was made from (the rules
// of adapters/xml_legacy.hpp); every difference is reported with its path.
void compare(const xmlNode* node, const bj::value& v, const std::string& path,
             std::vector<std::string>& diffs) {
    const auto text = [&] {
        xmlChar* c = xmlNodeGetContent(node);
        std::string s = c ? reinterpret_cast<const char*>(c) : "";
        xmlFree(c);
        return s;
    };
    std::vector<const xmlNode*> children;
    for (auto* c = node->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) children.push_back(c);
    if (!node->ns ||
        std::string(reinterpret_cast<const char*>(node->ns->href)) != "urn:crossclaim:event:1")
        diffs.push_back(path + ": not in the event namespace");
    const auto expect_text = [&](const std::string& want) {
        if (!children.empty() || text() != want)
            diffs.push_back(path + ": '" + text() + "' instead of '" + want + "'");
    };
    switch (v.kind()) {
        case bj::kind::object: {
            const auto& o = v.get_object();
            if (children.size() != o.size()) {
                diffs.push_back(path + ": " + std::to_string(children.size()) + " elements for " +
                                std::to_string(o.size()) + " fields");
                return;
            }
            std::size_t i = 0;
            for (const auto& kv : o) {
                const std::string name = reinterpret_cast<const char*>(children[i]->name);
                if (name != kv.key())
                    diffs.push_back(path + ": element " + name + " where " + std::string(kv.key()) +
                                    " was expected");
                compare(children[i++], kv.value(), path + "/" + std::string(kv.key()), diffs);
            }
            break;
        }
        case bj::kind::array: {
            const auto& a = v.get_array();
            if (children.size() != a.size()) {
                diffs.push_back(path + ": " + std::to_string(children.size()) + " items for " +
                                std::to_string(a.size()));
                return;
            }
            for (std::size_t i = 0; i < a.size(); ++i) {
                if (std::string(reinterpret_cast<const char*>(children[i]->name)) != "item")
                    diffs.push_back(path + ": an array member that is not <item>");
                compare(children[i], a[i], path + "/" + std::to_string(i), diffs);
            }
            break;
        }
        case bj::kind::string:
            expect_text(std::string(v.get_string()));
            break;
        case bj::kind::bool_:
            expect_text(v.get_bool() ? "true" : "false");
            break;
        case bj::kind::null: {
            xmlChar* nil = xmlGetProp(node, reinterpret_cast<const xmlChar*>("nil"));
            if (!nil || std::string(reinterpret_cast<const char*>(nil)) != "true")
                diffs.push_back(path + ": null without nil=\"true\"");
            xmlFree(nil);
            expect_text("");
            break;
        }
        default:
            expect_text(bj::serialize(v));
            break;
    }
}

}  // namespace

TEST_CASE(
    "the XML adapter's document parses, carries the JSON envelope's facts, and is "
    "signed over the XML bytes",
    "[integration][delivery]") {
    test_pki pki;
    test_database db;
    receiver rx(pki);
    const std::string secret = "picc-longnan-legacy-0001";
    gateway_process gw(gateway_options(
        pki, db.url(),
        {branches(picc, push("621200", "xml_legacy", rx, secret, pki), pull("620500"))}));
    const auto insurer = pki.issue("PICC", "insurer", "picc-core");
    // Markup characters in a member's free text must come out as text, not as markup.
    auto body = claim_body("PICC-XML-0001");
    const std::string location = "G316 K1520";
    body.replace(body.find(location), location.size(), "G316 <K1520> & \\\"ramp\\\" 'east'");
    const auto claim_id = post_claim(gw.api_port(), insurer, pki, "", body);
    post_status(gw.api_port(), insurer, pki, claim_id, "A", "ACCEPTED");

    REQUIRE(rx.wait_until([](const auto& all) { return distinct_accepted(all) >= 2; }, 5s));
    const auto got = accepted(rx.requests());
    REQUIRE(got.size() == 2);

    // The JSON envelopes of the same events, as the member's inbox shows them.
    std::map<std::string, bj::object> envelopes;
    for (const auto& [cursor, e] : get_inbox(gw.api_port(), insurer, pki, "?after=0").events)
        envelopes[fact(e, "event_id")] = e;

    for (const auto& r : got) {
        INFO(r.body);
        CHECK(r.header("content-type").rfind("application/xml", 0) == 0);
        CHECK(r.header("x-crossclaim-signature") == "sha256=" + hmac_hex(secret, r.body));
        const auto id = r.header("x-crossclaim-event-id");
        REQUIRE(envelopes.count(id) == 1);
        const auto& env = envelopes.at(id);

        xmlDoc* doc =
            xmlReadMemory(r.body.data(), static_cast<int>(r.body.size()), "event.xml", nullptr,
                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        REQUIRE(doc != nullptr);
        const xmlNode* root = xmlDocGetRootElement(doc);
        REQUIRE(root != nullptr);
        CHECK(std::string(reinterpret_cast<const char*>(root->name)) == "event");
        std::vector<std::string> diffs;
        compare(root, env, "", diffs);
        xmlFreeDoc(doc);
        for (const auto& d : diffs) FAIL_CHECK(d);
        CHECK(diffs.empty());
        CHECK(fact(env, "claim_id") == claim_id);
        CHECK(fact(env, "branch") == "PICC-621200");
        CHECK(fact(env, "data/party") == "A");
    }
    const auto routed = envelopes.at(got[0].header("x-crossclaim-event-id"));
    CHECK(fact(routed, "type") == "claim.routed");
    CHECK(fact(routed, "data/handling_branch") == "PICC-621200");
    CHECK(describe(envelopes.at(got[1].header("x-crossclaim-event-id"))) ==
          "claim.status_changed ACCEPTED");
    CHECK(fact(routed, "data/location") == "G316 <K1520> & \"ramp\" 'east'");
    CHECK(fact(routed, "data/plate") == "甘E12345");
}

TEST_CASE(
    "pull members read their own events in order from the inbox, page with after=, and "
    "ack moves where a plain read starts",
    "[integration][delivery]") {
    test_pki pki;
    test_database db;
    gateway_process gw({db.url(), &pki, "", {}});
    const auto picc_core = pki.issue("PICC", "insurer", "picc-core");
    const auto paic_core = pki.issue("PAIC", "insurer", "paic-core");
    const auto cpic_core = pki.issue("CPIC", "insurer", "cpic-core");
    const int port = gw.api_port();
    const auto claim_id = post_claim(port, picc_core, pki, "PICC-PULL-0001");
    post_status(port, picc_core, pki, claim_id, "A", "ACCEPTED");
    post_status(port, picc_core, pki, claim_id, "A", "SURVEYED");

    // PICC: A's claim for the handling branch and the notified underwriting branch, three
    // events each (routed, ACCEPTED, SURVEYED), in the order they happened.
    const auto all = get_inbox(port, picc_core, pki);
    REQUIRE(all.events.size() == 6);
    std::vector<std::string> seen;
    long long previous = 0;
    for (const auto& [cursor, e] : all.events) {
        CHECK(std::stoll(cursor) > previous);
        previous = std::stoll(cursor);
        CHECK(fact(e, "claim_id") == claim_id);
        CHECK(fact(e, "data/party") == "A");
        CHECK(fact(e, "branch").rfind("PICC-", 0) == 0);
        seen.push_back(fact(e, "branch") + " " + describe(e));
    }
    CHECK(seen == std::vector<std::string>{"PICC-621200 claim.routed", "PICC-620500 claim.routed",
                                           "PICC-621200 claim.status_changed ACCEPTED",
                                           "PICC-620500 claim.status_changed ACCEPTED",
                                           "PICC-621200 claim.status_changed SURVEYED",
                                           "PICC-620500 claim.status_changed SURVEYED"});
    CHECK(all.next_cursor == all.events.back().first);

    // Paging with after= walks the same list.
    std::vector<std::string> paged;
    std::string after = "0";
    for (int page = 0; page < 4; ++page) {
        const auto p = get_inbox(port, picc_core, pki, "?after=" + after + "&limit=4");
        for (const auto& [cursor, e] : p.events) paged.push_back(cursor);
        if (p.events.empty()) {
            CHECK(p.next_cursor == after);  // an empty page keeps the caller where it is
            break;
        }
        after = p.next_cursor;
    }
    std::vector<std::string> cursors;
    for (const auto& [cursor, e] : all.events) cursors.push_back(cursor);
    CHECK(paged == cursors);

    // PAIC sees B's claim only; CPIC, not a party, sees nothing.
    const auto paic_events = get_inbox(port, paic_core, pki, "?after=0").events;
    REQUIRE(paic_events.size() == 1);
    CHECK(fact(paic_events[0].second, "branch") == "PAIC-621200");
    CHECK(fact(paic_events[0].second, "data/party") == "B");
    CHECK(get_inbox(port, cpic_core, pki, "?after=0").events.empty());

    // An ack moves PICC's default start past the acknowledged events, and only PICC's.
    const auto ack = https(port, "POST", "/v1/inbox/ack", picc_core, pki.ca(),
                           bj::serialize(bj::object{{"up_to", cursors[3]}}));
    INFO(ack.body);
    REQUIRE(ack.status == 200);
    CHECK(fact(bj::parse(ack.body).as_object(), "acknowledged_up_to") == cursors[3]);
    const auto rest = get_inbox(port, picc_core, pki);
    REQUIRE(rest.events.size() == 2);
    CHECK(rest.events[0].first == cursors[4]);
    CHECK(rest.events[1].first == cursors[5]);
    CHECK(get_inbox(port, paic_core, pki).events.size() == 1);
    // An older cursor does not move the position back.
    REQUIRE(https(port, "POST", "/v1/inbox/ack", picc_core, pki.ca(),
                  bj::serialize(bj::object{{"up_to", std::stoll(cursors[1])}}))
                .status == 200);
    CHECK(get_inbox(port, picc_core, pki).events.size() == 2);
    // New events appear after the position.
    post_status(port, picc_core, pki, claim_id, "A", "ASSESSED", "450.00");
    const auto later = get_inbox(port, picc_core, pki);
    REQUIRE(later.events.size() == 4);
    CHECK(describe(later.events[3].second) == "claim.status_changed ASSESSED");
    // A cursor that is not one is refused.
    CHECK(https(port, "GET", "/v1/inbox?after=-1", picc_core, pki.ca()).status == 422);
    CHECK(https(port, "POST", "/v1/inbox/ack", picc_core, pki.ca(), R"({"up_to":"1x"})").status ==
          422);
    // Acknowledging beyond the last event would skip events not yet written: refused.
    const auto beyond = std::to_string(std::stoll(later.events.back().first) + 1000);
    CHECK(https(port, "POST", "/v1/inbox/ack", picc_core, pki.ca(),
                R"({"up_to":")" + beyond + R"("})")
              .status == 422);
    CHECK(get_inbox(port, picc_core, pki).events.size() == 4);
}
