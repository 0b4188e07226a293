// The outbox's old months (storage/migrations/0010_outbox_retention.sql): a month that ended
// before the horizon is detached and dropped once every event in it has been delivered (a
// pushing branch) or acknowledged (a pulling branch's member), and kept, and said so, while
// anything in it is still owed.

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include "fraud_api.hpp"
#include "scratch_sql.hpp"
#include "storage/migrations.hpp"
#include "storage/outbox.hpp"
#include "storage/retention_store.hpp"

using namespace crossclaim::testing;
namespace storage = crossclaim::storage;

namespace {

// An event of `branch` in the month holding `month_day`, with `status`; its seq.
long long event(scratch& s, const std::string& month_day, const std::string& branch,
                const std::string& status, int n) {
    return s.number(
        "INSERT INTO outbox (seq, event_id, branch, claim_id, type, occurred_at, envelope, "
        "status) VALUES (cc_month_seq('" +
        month_day + "') + " + std::to_string(n) + ", gen_random_uuid(), '" + branch +
        "', gen_random_uuid(), 'claim.routed', now(), '{\"n\":" + std::to_string(n) + "}', '" +
        status + "') RETURNING seq");
}

long long position_of(scratch& s, long long seq) {
    return s.number("SELECT position FROM inbox_positions WHERE seq = " + std::to_string(seq));
}

std::string summary(const std::vector<storage::outbox_month>& months) {
    std::string out;
    for (const auto& m : months)
        out += m.month + ":" + std::to_string(m.events) + "/" + std::to_string(m.owed) + " ";
    return out;
}

}  // namespace

TEST_CASE("a month of the outbox is dropped once every event in it is delivered or acknowledged",
          "[integration][delivery][retention]") {
    test_database db;
    storage::migrate(db.url(), storage::embedded_migrations());
    scratch s(db);
    pqxx::connection conn(db.url());
    storage::session session(conn);
    for (const auto* m : {"2025-03-15", "2025-04-15"})
        REQUIRE(s.text(std::string("SELECT claims_add_month('") + m + "')") == "t");

    // March: one pushed event delivered, one still pending, one pulled by member MB.
    event(s, "2025-03-15", "PUSH-A", "delivered", 1);
    const auto pending = event(s, "2025-03-15", "PUSH-A", "pending", 2);
    const auto pulled_march = event(s, "2025-03-15", "PULL-B", "pending", 3);
    // April: one pulled event, and one of a branch no longer configured.
    const auto pulled_april = event(s, "2025-04-15", "PULL-B", "pending", 1);
    event(s, "2025-04-15", "GONE-X", "delivered", 2);
    // This month: ended after any horizon, never looked at.
    const auto recent = s.number(
        "INSERT INTO outbox (event_id, branch, claim_id, type, occurred_at, envelope, status) "
        "VALUES (gen_random_uuid(), 'PULL-B', gen_random_uuid(), 'claim.routed', now(), '{}', "
        "'pending') RETURNING seq");
    REQUIRE(storage::read_inbox(session, {"PULL-B"}, 0, 100).size() == 3);  // numbered

    const storage::outbox_receivers receivers{{"PUSH-A"}, {"PULL-B"}, {"MB"}};
    auto months = storage::drop_outbox_months(session, 1, receivers);
    INFO(summary(months));
    REQUIRE(months.size() == 2);
    CHECK(months[0].month == "2025_03");
    CHECK(months[0].events == 3);
    CHECK(months[0].owed == 2);  // the pending push, the unacknowledged pull
    CHECK(months[1].month == "2025_04");
    CHECK(months[1].owed == 2);  // the unacknowledged pull, the branch nobody receives for

    // Acknowledged, and the pending push dead-lettered: a dead letter is still owed.
    REQUIRE(storage::ack_inbox(session, "MB", {"PULL-B"}, position_of(s, pulled_march)));
    s.n.exec0("UPDATE outbox SET status = 'dead' WHERE seq = " + std::to_string(pending));
    months = storage::drop_outbox_months(session, 1, receivers);
    REQUIRE(months.size() == 2);
    CHECK(months[0].owed == 1);
    CHECK(s.text("SELECT to_regclass('outbox_2025_03') IS NOT NULL") == "t");

    // Replayed and delivered: March owes nothing. While another instance is changing months,
    // this run leaves it to them.
    s.n.exec0("UPDATE outbox SET status = 'delivered' WHERE seq = " + std::to_string(pending));
    {
        pqxx::connection other(db.url());
        pqxx::work busy(other);
        busy.exec("SELECT pg_advisory_xact_lock(1129468752)");
        CHECK(storage::drop_outbox_months(session, 1, receivers).empty());
        CHECK(s.text("SELECT to_regclass('outbox_2025_03') IS NOT NULL") == "t");
    }
    // Then March goes whole, with its inbox positions; April stays.
    months = storage::drop_outbox_months(session, 1, receivers);
    REQUIRE(months.size() == 2);
    CHECK(months[0].month == "2025_03");
    CHECK(months[0].owed == 0);
    CHECK(months[1].owed == 2);
    CHECK(s.text("SELECT to_regclass('outbox_2025_03') IS NULL AND "
                 "to_regclass('outbox_2025_04') IS NOT NULL") == "t");
    CHECK(s.number("SELECT count(*) FROM outbox WHERE seq < cc_month_seq('2025-04-01')") == 0);
    CHECK(s.number("SELECT count(*) FROM inbox_positions WHERE seq < cc_month_seq('2025-04-01')") ==
          0);
    CHECK(s.number("SELECT count(*) FROM audit_log WHERE actor = 'retention' AND reason LIKE "
                   "'outbox retention 1 months: %2025_03 (3 events)'") == 1);
    // The claims of that month stay: they are records, not deliveries.
    CHECK(s.text("SELECT to_regclass('claims_2025_03') IS NOT NULL") == "t");

    // The member's inbox, read from the start, holds what is left after March.
    const auto inbox = storage::read_inbox(session, {"PULL-B"}, 0, 100);
    REQUIRE(inbox.size() == 2);
    CHECK(inbox[0].seq == position_of(s, pulled_april));
    CHECK(inbox[1].seq == position_of(s, recent));

    // April's pulled event acknowledged: its other event, of a branch no longer configured,
    // keeps it.
    REQUIRE(storage::ack_inbox(session, "MB", {"PULL-B"}, position_of(s, pulled_april)));
    months = storage::drop_outbox_months(session, 1, receivers);
    REQUIRE(months.size() == 1);
    CHECK(months[0].owed == 1);
    // A longer retention does not look at April at all.
    CHECK(storage::drop_outbox_months(session, 1200, receivers).empty());
}

TEST_CASE("the retention job drops the outbox's months its receivers have had, and says which wait",
          "[integration][delivery][retention]") {
    pool_gateway g({{"purge_interval_ms = 3600000", "purge_interval_ms = 100"}});
    scratch s(g.db);
    // Two claims' first events for PICC's branches (which pull), moved into March and April
    // before anything numbered them: March's then acknowledged by PICC, April's not. The
    // months are made and filled in one transaction, or the job would drop them empty.
    const auto first =
        g.post({"OUTBOX-1", identity_of(1), identity_of(2), photo_of(1), photo_of(2)}, g.picc);
    const auto second =
        g.post({"OUTBOX-2", identity_of(3), identity_of(4), photo_of(3), photo_of(4)}, g.picc);
    long long had = 0;
    {
        pqxx::connection c(g.db.url());
        pqxx::work w(c);
        // The months' key first, waiting for the job if it holds it (every 100 ms here):
        // claims_add_month only tries it, and would refuse while the job runs.
        w.exec("SELECT pg_advisory_xact_lock(1129468752)");
        const auto move_first_event = [&](const std::string& id, const std::string& month_day) {
            REQUIRE(w.exec1("SELECT claims_add_month('" + month_day + "')")[0].as<bool>());
            return w
                .exec1("UPDATE outbox SET seq = cc_month_seq('" + month_day +
                       "') + 1 WHERE seq = (SELECT min(seq) FROM outbox WHERE claim_id = '" + id +
                       "' AND branch LIKE 'PICC-%') RETURNING seq")[0]
                .as<long long>();
        };
        had = move_first_event(first, "2025-03-15");
        move_first_event(second, "2025-04-15");
        w.commit();
    }
    REQUIRE(https(g.gw.api_port(), "GET", "/v1/inbox?after=0", g.picc, g.pki.ca()).status == 200);
    REQUIRE(https(g.gw.api_port(), "POST", "/v1/inbox/ack", g.picc, g.pki.ca(),
                  "{\"up_to\":\"" + std::to_string(position_of(s, had)) + "\"}")
                .status == 200);

    CHECK(eventually([&] { return s.text("SELECT to_regclass('outbox_2025_03') IS NULL") == "t"; },
                     std::chrono::seconds(10)));
    CHECK(eventually(
        [&] { return g.gw.log().find("outbox month kept past retention") != std::string::npos; },
        std::chrono::seconds(10)));
    CHECK(g.gw.log().find("\"month\":\"2025_04\",\"events\":1,\"owed\":1") != std::string::npos);
    CHECK(s.text("SELECT to_regclass('outbox_2025_04') IS NOT NULL") == "t");
    CHECK(s.number("SELECT count(*) FROM outbox_other") == 0);
}
