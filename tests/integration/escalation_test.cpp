// Service levels (DOMAIN.md): a stage past its deadline escalates automatically, one level at a
// time, exactly once per level, however many gateway instances scan; a met stage never does.
// Deadlines are moved into the past in the database, so no test waits for a real day.

#include <signal.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "claims_api.hpp"
#include "harness.hpp"

using namespace crossclaim::testing;
using namespace std::chrono_literals;
namespace bj = boost::json;

namespace {

gateway_process::options scanning_every(const test_pki& pki, const std::string& db_url,
                                        int scan_interval_ms) {
    gateway_process::options o;
    o.db_url = db_url;
    o.pki = &pki;
    o.replace = {
        {"scan_interval_ms = 30000", "scan_interval_ms = " + std::to_string(scan_interval_ms)}};
    return o;
}

// The database as the test sees it, beside the gateways.
class database {
  public:
    explicit database(const std::string& url) : conn_(url) {}

    /// The id of a party's deadline for a stage.
    long long deadline(const std::string& claim_id, const std::string& party,
                       const std::string& stage) {
        pqxx::read_transaction tx(conn_);
        return tx
            .exec_params1(
                "SELECT id FROM sla_deadlines WHERE claim_id = $1 AND party = $2 AND "
                "stage = $3",
                claim_id, party, stage)[0]
            .as<long long>();
    }

    /// Makes the stage overdue by an hour, due for its next level now.
    void make_overdue(long long id) {
        pqxx::work tx(conn_);
        tx.exec_params0(
            "UPDATE sla_deadlines SET due = now() - interval '1 hour', "
            "next_escalation_at = now() - interval '1 hour' WHERE id = $1",
            id);
        tx.commit();
    }

    /// Lets the next level fall due now, as the passing of its 2 working days would.
    void next_level_due(long long id) {
        pqxx::work tx(conn_);
        tx.exec_params0(
            "UPDATE sla_deadlines SET next_escalation_at = now() - interval '1 hour' WHERE id = $1",
            id);
        tx.commit();
    }

    /// The levels recorded for a deadline, one entry per row.
    std::vector<int> levels(long long id) {
        pqxx::read_transaction tx(conn_);
        std::vector<int> out;
        for (const auto& row : tx.exec_params(
                 "SELECT level FROM sla_escalations WHERE deadline_id = $1 ORDER BY level", id))
            out.push_back(row[0].as<int>());
        return out;
    }

    /// sla.escalated events: "branch party level" → how many.
    std::map<std::string, int> escalation_events(const std::string& claim_id) {
        pqxx::read_transaction tx(conn_);
        std::map<std::string, int> out;
        for (const auto& row : tx.exec_params(
                 "SELECT branch, envelope->'data'->>'party', envelope->'data'->>'level', count(*) "
                 "FROM outbox WHERE type = 'sla.escalated' AND claim_id = $1 GROUP BY 1, 2, 3",
                 claim_id))
            out[row[0].as<std::string>() + " " + row[1].as<std::string>() + " " +
                row[2].as<std::string>()] = row[3].as<int>();
        return out;
    }

  private:
    pqxx::connection conn_;
};

// sla.escalated events in a member's inbox: (branch, level) of each.
std::vector<std::pair<std::string, std::string>> escalations_in_inbox(int port,
                                                                      const client_cert& cert,
                                                                      const test_pki& pki,
                                                                      const std::string& claim_id) {
    const auto r = https(port, "GET", "/v1/inbox?after=0&limit=1000", cert, pki.ca());
    REQUIRE(r.status == 200);
    std::vector<std::pair<std::string, std::string>> out;
    const auto inbox = bj::parse(r.body);
    for (const auto& item : inbox.at("events").as_array()) {
        const auto& e = item.at("event").as_object();
        if (e.at("type").as_string() != "sla.escalated" || e.at("claim_id").as_string() != claim_id)
            continue;
        const auto& data = e.at("data").as_object();
        CHECK(data.at("party").as_string() == "A");
        CHECK(data.at("stage").as_string() == "ASSESSED");
        out.emplace_back(std::string(e.at("branch").as_string()), bj::serialize(data.at("level")));
    }
    return out;
}

}  // namespace

TEST_CASE("an overdue stage escalates exactly once per level, up to level 3 and no further",
          "[integration][sla]") {
    test_pki pki;
    test_database db;
    const int scan_ms = 100;
    gateway_process gw(scanning_every(pki, db.url(), scan_ms));
    const auto picc = pki.issue("PICC", "insurer", "picc-core");
    const auto paic = pki.issue("PAIC", "insurer", "paic-core");
    const auto claim_id = post_claim(gw.api_port(), picc, pki, "PICC-SLA-0001");
    database d(db.url());
    const auto id = d.deadline(claim_id, "A", "ASSESSED");
    d.make_overdue(id);

    using levels = std::vector<int>;
    using events = std::vector<std::pair<std::string, std::string>>;
    REQUIRE(eventually([&] { return !d.levels(id).empty(); }, 5s));
    // Level 2 is two working days away: scans in between change nothing.
    std::this_thread::sleep_for(std::chrono::milliseconds(4 * scan_ms));
    CHECK(d.levels(id) == levels{1});
    // The handling branch hears of it, and so does the underwriting branch it notified.
    CHECK(escalations_in_inbox(gw.api_port(), picc, pki, claim_id) ==
          events{{"PICC-621200", "1"}, {"PICC-620500", "1"}});

    d.next_level_due(id);
    REQUIRE(eventually([&] { return d.levels(id).size() >= 2; }, 5s));
    std::this_thread::sleep_for(std::chrono::milliseconds(4 * scan_ms));
    CHECK(d.levels(id) == levels{1, 2});

    d.next_level_due(id);
    REQUIRE(eventually([&] { return d.levels(id).size() >= 3; }, 5s));
    CHECK(d.levels(id) == levels{1, 2, 3});

    // Past the association there is nobody left: however overdue, no fourth level.
    d.next_level_due(id);
    std::this_thread::sleep_for(std::chrono::milliseconds(5 * scan_ms));
    CHECK(d.levels(id) == levels{1, 2, 3});
    CHECK(escalations_in_inbox(gw.api_port(), picc, pki, claim_id) == events{{"PICC-621200", "1"},
                                                                             {"PICC-620500", "1"},
                                                                             {"PICC-621200", "2"},
                                                                             {"PICC-620500", "2"},
                                                                             {"PICC-621200", "3"},
                                                                             {"PICC-620500", "3"}});
    // B's stage was not touched and its insurer hears nothing.
    CHECK(d.levels(d.deadline(claim_id, "B", "ASSESSED")).empty());
    const auto paic_inbox = https(gw.api_port(), "GET", "/v1/inbox?after=0", paic, pki.ca());
    CHECK(paic_inbox.body.find("sla.escalated") == std::string::npos);
}

TEST_CASE(
    "two gateway instances on one database record each escalation level once and send "
    "one event per branch per level",
    "[integration][sla]") {
    test_pki pki;
    test_database db;
    // Short scans on both, so that they often look at the same rows at the same time.
    const int scan_ms = 20;
    gateway_process one(scanning_every(pki, db.url(), scan_ms));
    gateway_process two(scanning_every(pki, db.url(), scan_ms));
    const auto picc = pki.issue("PICC", "insurer", "picc-core");
    database d(db.url());

    std::vector<std::string> claims;
    std::vector<long long> deadlines;
    for (int i = 0; i < 5; ++i) {
        claims.push_back(post_claim((i % 2 ? two : one).api_port(), picc, pki,
                                    "PICC-SLA-TWO-" + std::to_string(i)));
        for (const char* party : {"A", "B"})
            deadlines.push_back(d.deadline(claims.back(), party, "ASSESSED"));
    }

    for (int level = 1; level <= 3; ++level) {
        INFO("level " << level);
        for (const auto id : deadlines) level == 1 ? d.make_overdue(id) : d.next_level_due(id);
        REQUIRE(eventually(
            [&] {
                for (const auto id : deadlines)
                    if (d.levels(id).size() < static_cast<std::size_t>(level)) return false;
                return true;
            },
            5s));
        std::this_thread::sleep_for(std::chrono::milliseconds(10 * scan_ms));
        std::vector<int> expected;
        for (int l = 1; l <= level; ++l) expected.push_back(l);
        for (const auto id : deadlines) CHECK(d.levels(id) == expected);
        for (const auto& c : claims) {
            // A: PICC's Longnan branch handles, its Tianshui branch underwrote; B: PAIC handles.
            std::map<std::string, int> want;
            for (int l = 1; l <= level; ++l)
                for (const char* key : {"PICC-621200 A ", "PICC-620500 A ", "PAIC-621200 B "})
                    want[key + std::to_string(l)] = 1;
            CHECK(d.escalation_events(c) == want);
        }
    }
}

TEST_CASE("a stage met before its deadline never escalates", "[integration][sla]") {
    test_pki pki;
    test_database db;
    const int scan_ms = 100;
    gateway_process gw(scanning_every(pki, db.url(), scan_ms));
    const auto picc = pki.issue("PICC", "insurer", "picc-core");
    database d(db.url());
    const auto met = post_claim(gw.api_port(), picc, pki, "PICC-SLA-MET-1");
    const auto late = post_claim(gw.api_port(), picc, pki, "PICC-SLA-LATE-1");
    post_status(gw.api_port(), picc, pki, met, "A", "ACCEPTED");
    post_status(gw.api_port(), picc, pki, met, "A", "SURVEYED");
    post_status(gw.api_port(), picc, pki, met, "A", "ASSESSED", "450.00");

    // Both deadlines now lie in the past; only the late claim had not met its stage.
    const auto met_id = d.deadline(met, "A", "ASSESSED");
    const auto late_id = d.deadline(late, "A", "ASSESSED");
    d.make_overdue(met_id);
    d.make_overdue(late_id);
    // The late one escalating shows the escalator scanned after the change.
    REQUIRE(eventually([&] { return !d.levels(late_id).empty(); }, 5s));
    std::this_thread::sleep_for(std::chrono::milliseconds(4 * scan_ms));
    CHECK(d.levels(met_id).empty());
    CHECK(d.escalation_events(met).empty());
    CHECK(escalations_in_inbox(gw.api_port(), picc, pki, met).empty());
}

TEST_CASE("when one of two gateway instances is killed, the other escalates and screens what is "
          "left, each once",
          "[integration][sla][faults]") {
    test_pki pki;
    test_database db;
    std::optional<gateway_process> one;
    one.emplace(scanning_every(pki, db.url(), 20));
    gateway_process two(scanning_every(pki, db.url(), 20));
    const auto picc = pki.issue("PICC", "insurer", "picc-core");
    database d(db.url());

    // Claims go in through the instance about to die; it is killed at once, with screenings
    // perhaps queued or half done.
    std::vector<long long> deadlines;
    for (int i = 0; i < 10; ++i) {
        const auto id = post_claim(one->api_port(), picc, pki, "PICC-TAKEOVER-" + std::to_string(i));
        deadlines.push_back(d.deadline(id, "A", "ASSESSED"));
    }
    one->signal(SIGKILL);
    REQUIRE(one->wait(5s));

    // Only the survivor is left to escalate what falls overdue now, and to screen.
    for (const auto id : deadlines) d.make_overdue(id);
    REQUIRE(eventually(
        [&] {
            for (const auto id : deadlines)
                if (d.levels(id).empty()) return false;
            return true;
        },
        10s));
    std::this_thread::sleep_for(200ms);  // ten more scans: nothing escalates twice
    for (const auto id : deadlines) CHECK(d.levels(id) == std::vector<int>{1});

    pqxx::connection c(db.url());
    const auto left = [&](const char* sql) {
        pqxx::nontransaction n(c);
        return n.exec1(sql)[0].as<long long>();
    };
    REQUIRE(eventually([&] { return left("SELECT count(*) FROM screening_queue") == 0; }, 10s));
    CHECK(left("SELECT count(*) FROM pool_claims WHERE screened_at IS NULL") == 0);
    CHECK(left("SELECT count(*) FROM pool_claims") == 10);
    CHECK_FALSE(two.wait(0ms));
}
