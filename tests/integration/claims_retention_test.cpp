// A month of claims past the zone's retention of claims (`[claims] retention_years`) is
// dropped whole, with every row of its claims (storage/migrations/0012_claims_retention.sql):
// the migration puts each claim's parties in its month keeping every row and key; the retention
// job drops the months that ended long enough ago; the members' API no longer knows those
// claims; and the reports refuse the periods that would count some of them.

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include "claims_api.hpp"
#include "harness.hpp"
#include "scratch_sql.hpp"
#include "storage/migrations.hpp"
#include "storage/retention_store.hpp"

using namespace crossclaim::testing;
using namespace std::chrono_literals;
namespace storage = crossclaim::storage;
namespace bj = boost::json;

namespace {

// A claim with id `id` and a row in every table of a claim's rows, as SQL.
std::string claim_rows(const std::string& id, const std::string& ref) {
    return replace_all(replace_all(R"sql(
        INSERT INTO claims (claim_id, submitter, external_ref, body_sha256, accident_region,
                            occurred_at, reported_at, tier, document, decision, response)
        VALUES (':id', 'PICC', ':ref', 'sha', '621200', now(), now(), 'minor', '{}', '{}', 'a');
        INSERT INTO claim_keys VALUES ('PICC', ':ref', ':id');
        INSERT INTO claim_parties (claim_id, party, insurer, underwriting_region,
                                   handling_branch, out_of_area, status, updated_at)
        VALUES (':id', 'A', 'PICC', '621200', 'PICC-621200', false, 'ROUTED', now());
        INSERT INTO claim_history (claim_id, party, status, at, recorded_by)
        VALUES (':id', 'A', 'REPORTED', now(), 'PICC/intake');
        INSERT INTO claim_facts (claim_id, party, reported_at, first_party, accident_region,
                                 underwriting_region, insurer, out_of_area, tier, fast_settle,
                                 mutual_self_settle, reasons)
        VALUES (':id', 'A', now(), true, '621200', '621200', 'PICC', false, 'minor', true,
                false, '{}');
        INSERT INTO sla_deadlines (claim_id, party, insurer, tier, stage, basis, due,
                                   next_escalation_at)
        VALUES (':id', 'A', 'PICC', 'minor', 'ASSESSED', 'b', now(), now());
        INSERT INTO sla_escalations (deadline_id, level, target)
        SELECT max(id), 1, 'PICC-621200' FROM sla_deadlines;
        INSERT INTO clearing_entries (claim_id, creditor, debtor, amount_fen, entry_date)
        VALUES (':id', 'PICC', 'PAIC', 100, current_date);)sql",
                                   ":id", id),
                       ":ref", ref);
}

// The tables partitioned by the claim's month from 0012 on.
const std::vector<std::string> partitioned{"claims", "claim_parties", "claim_history"};

// How many rows of claims whose ids start with `prefix` each table of a claim's rows holds,
// as "table:n ".
std::string rows_of(scratch& s, const std::string& prefix) {
    const std::string like = " LIKE '" + prefix + "%'";
    std::string out;
    for (const std::string t : {"claims", "claim_parties", "claim_history", "claim_facts",
                                "sla_deadlines", "clearing_entries", "claim_keys"})
        out +=
            t + ":" +
            std::to_string(s.number("SELECT count(*) FROM " + t + " WHERE claim_id::text" + like)) +
            " ";
    return out + "sla_escalations:" +
           std::to_string(s.number("SELECT count(*) FROM sla_escalations e JOIN sla_deadlines d ON "
                                   "d.id = e.deadline_id WHERE d.claim_id::text" +
                                   like)) +
           " ";
}

}  // namespace

TEST_CASE("migration 0012 puts a claim's parties in its month, keeping every row and key",
          "[integration][claims][months][retention]") {
    test_database db;
    const auto& all = storage::embedded_migrations();
    REQUIRE(all.size() >= 12);
    REQUIRE(all[11].name == "0012_claims_retention");
    storage::migrate(db.url(), {all.begin(), all.begin() + 11});
    scratch s(db);
    REQUIRE(s.text("SELECT claims_add_month('2024-05-10')") == "t");
    // One claim in a month, one with a random id as issued before 0008 (the v4 partitions).
    s.n.exec0(claim_rows("cc202405-0000-4000-8000-000000000001", "R1"));
    s.n.exec0(claim_rows("00000000-0000-4000-8000-000000000002", "R2"));

    REQUIRE(storage::migrate(db.url(), {all.begin(), all.begin() + 12}) ==
            std::vector<std::string>{"0012_claims_retention"});

    const std::string every_row =
        "claims:1 claim_parties:1 claim_history:1 claim_facts:1 sla_deadlines:1 "
        "clearing_entries:1 claim_keys:1 sla_escalations:1 ";
    CHECK(rows_of(s, "cc202405") == every_row);
    CHECK(rows_of(s, "00000000") == every_row);
    for (const auto& t : partitioned) {
        INFO(t);
        CHECK(s.text("SELECT relkind FROM pg_class WHERE relname = '" + t + "'") == "p");
        CHECK(s.text("SELECT string_agg(tableoid::regclass::text, ',' ORDER BY claim_id) FROM " +
                     t) == t + "_v4_low," + t + "_2024_05");
    }

    // The keys hold between the partitions of a month.
    CHECK_THROWS_AS(s.n.exec0("INSERT INTO claim_parties (claim_id, party, insurer, "
                              "underwriting_region, handling_branch, out_of_area, status, "
                              "updated_at) VALUES ('cc202405-0000-4000-8000-000000000009', 'A', "
                              "'PICC', '621200', 'b', false, 'ROUTED', now())"),
                    pqxx::foreign_key_violation);
    CHECK_THROWS_AS(s.n.exec0("INSERT INTO claim_history (claim_id, party, status, at, "
                              "recorded_by) VALUES ('cc202405-0000-4000-8000-000000000001', 'B', "
                              "'REPORTED', now(), 't')"),
                    pqxx::foreign_key_violation);
    CHECK_THROWS_AS(s.n.exec0("DELETE FROM claims WHERE claim_id = "
                              "'cc202405-0000-4000-8000-000000000001'"),
                    pqxx::foreign_key_violation);
    CHECK_THROWS_AS(s.n.exec0("DELETE FROM claim_parties WHERE claim_id = "
                              "'00000000-0000-4000-8000-000000000002'"),
                    pqxx::foreign_key_violation);
    // A read by id is planned once for any id, over every month of three tables: at 123
    // months its cost estimate passed jit_above_cost, and JIT compilation at each call took
    // 14 ms where the read takes 0.23 ms. The function turns it off.
    CHECK(s.text("SELECT array_to_string(proconfig, ',') FROM pg_proc WHERE proname = "
                 "'claim_view'") == "plan_cache_mode=force_generic_plan,jit=off");
    // A month made now has every partitioned table's partition.
    REQUIRE(s.text("SELECT claims_add_month('2031-03-10')") == "t");
    for (const auto& t : partitioned)
        CHECK(s.text("SELECT to_regclass('" + t + "_2031_03') IS NOT NULL") == "t");
}

TEST_CASE(
    "a month of claims past the zone's retention goes whole, and the reports say from when "
    "they count every claim",
    "[integration][claims][retention]") {
    test_pki pki;
    test_database db;
    gateway_process g(
        {.db_url = db.url(),
         .pki = &pki,
         .replace = {{"[claims]\nretention_years = 0", "[claims]\nretention_years = 5"},
                     {"purge_interval_ms = 3600000", "purge_interval_ms = 100"},
                     {"scan_interval_ms = 30000", "scan_interval_ms = 100"}}});
    const auto picc = pki.issue("PICC", "insurer", "picc-core");
    const auto association = pki.issue("TSIA", "association", "statistics-desk");
    scratch s(db);

    // A month that ended more than five years ago, with a claim: the gateway's retention job
    // drops it, says so in its log and audits it.
    pqxx::connection c(db.url());
    REQUIRE(eventually(
        [&] {  // false while the job holds the months' lock
            pqxx::work w(c);
            if (!w.exec1("SELECT claims_add_month('2020-03-10')")[0].as<bool>()) return false;
            w.exec0(claim_rows("cc202003-0000-8000-8000-000000000001", "OLD-1"));
            w.commit();
            return true;
        },
        10s));
    REQUIRE(eventually([&] { return s.number("SELECT count(*) FROM claims_months_dropped") == 1; },
                       10s));
    CHECK(s.text("SELECT month || ':' || claims FROM claims_months_dropped") == "2020_03:1");
    for (const auto& t : partitioned)
        CHECK(s.text("SELECT to_regclass('" + t + "_2020_03') IS NULL") == "t");
    CHECK(rows_of(s, "cc202003") ==
          "claims:0 claim_parties:0 claim_history:0 claim_facts:0 sla_deadlines:0 "
          "clearing_entries:0 claim_keys:0 sla_escalations:0 ");
    CHECK(
        eventually([&] { return g.log().find("claims month dropped") != std::string::npos; }, 5s));
    CHECK(s.number("SELECT count(*) FROM audit_log WHERE actor = 'retention' AND reason LIKE "
                   "'claims retention: %2020_03 (1 claims)%'") == 1);

    // This month's claims, through the real API: parties, history, facts, deadlines, an
    // escalation by the SLA scan, clearing entries, pooled rows.
    const auto first = post_claim(g.api_port(), picc, pki, "RET-1");
    const auto second = post_claim(g.api_port(), picc, pki, "RET-2");
    for (const auto* status : {"ACCEPTED", "SURVEYED"})
        post_status(g.api_port(), picc, pki, first, "A", status);
    post_status(g.api_port(), picc, pki, first, "A", "ASSESSED", "450.00");
    s.n.exec0(
        "UPDATE sla_deadlines SET due = now() - interval '1 hour', next_escalation_at = "
        "now() - interval '1 hour' WHERE claim_id = '" +
        second + "' AND stage = 'ASSESSED'");
    REQUIRE(eventually(
        [&] {
            return s.number(
                       "SELECT count(*) FROM sla_escalations e JOIN sla_deadlines d ON d.id = "
                       "e.deadline_id WHERE d.claim_id = '" +
                       second + "'") > 0;
        },
        10s));
    const auto month = first.substr(0, 8);  // "ccYYYYMM"
    const auto before = rows_of(s, month);
    INFO(before);
    CHECK(before.find(":0 ") == std::string::npos);  // a row in every table
    REQUIRE(s.number("SELECT count(*) FROM pool_claims WHERE claim_id::text LIKE '" + month +
                     "%'") == 2);

    // Dropped as if five years had passed: the horizon is the end of this month.
    const auto horizon = s.number(
        "SELECT extract(epoch FROM date_trunc('month', now() AT TIME "
        "ZONE 'UTC') + interval '1 month')::bigint");
    pqxx::connection conn(db.url());
    storage::session session(conn);
    std::vector<storage::claims_month> dropped;
    REQUIRE(eventually(
        [&] {  // the gateway's own job may hold the months' lock a moment
            try {
                dropped = storage::drop_claims_months(
                    session, std::chrono::system_clock::time_point{std::chrono::seconds{horizon}});
            } catch (const pqxx::sql_error&) {  // lock_timeout: the job runs again
            }
            return !dropped.empty();
        },
        10s));
    // This month, and the empty last month that the job keeps made.
    REQUIRE(dropped.size() == 2);
    CHECK(dropped[0].claims == 0);
    CHECK(dropped[1].month == s.text("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM')"));
    CHECK(dropped[1].claims == 2);
    CHECK(rows_of(s, month) ==
          "claims:0 claim_parties:0 claim_history:0 claim_facts:0 sla_deadlines:0 "
          "clearing_entries:0 claim_keys:0 sla_escalations:0 ");
    for (const auto& t : partitioned)
        CHECK(s.text("SELECT to_regclass('" + t +
                     "_' || to_char(now() AT TIME ZONE 'UTC', "
                     "'YYYY_MM')) IS NULL") == "t");
    for (const auto* t : {"pool_claims", "pool_entries", "screening_queue"})
        CHECK(s.number(std::string("SELECT count(*) FROM ") + t + " WHERE claim_id::text LIKE '" +
                       month + "%'") == 0);

    // The members' API no longer knows the claims; a reference may be reported again.
    CHECK(https(g.api_port(), "GET", "/v1/claims/" + first, picc, pki.ca()).status == 404);
    CHECK(post_claim(g.api_port(), picc, pki, "RET-1") != first);

    // A report of a period holding dropped claims is refused, naming the first day the
    // reports count in full; the fraud report (leads) and later periods are answered.
    const auto reports_from = dropped[1].reports_from;
    const auto shanghai_month = [&](const std::string& day, int later) {
        return s.text("SELECT to_char(date_trunc('month', '" + day + "'::date) + interval '" +
                      std::to_string(later) + " month', 'YYYY-MM')");
    };
    const auto this_month =
        shanghai_month(s.text("SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date"), 0);
    const auto get = [&](const std::string& target) {
        return https(g.api_port(), "GET", target, association, pki.ca());
    };
    for (const auto* r : {"summary", "sla", "assists", "clearing", "monthly"}) {
        INFO(r);
        const auto refused = get(std::string("/v1/reports/") + r + "?month=" + this_month);
        CHECK(refused.status == 422);
        const auto e = bj::parse(refused.body).at("errors").at(0).as_object();
        CHECK(e.at("path").as_string() == "/query/month");
        CHECK(e.at("code").as_string() == "PAST_RETENTION");
        CHECK(std::string(e.at("message").as_string()).find(reports_from) != std::string::npos);
    }
    CHECK(get("/v1/reports/fraud?month=" + this_month).status == 200);
    CHECK(get("/v1/reports/summary?from=" + reports_from + "&to=" + reports_from).status == 200);
    const auto complete_month = shanghai_month(reports_from, 1);
    CHECK(get("/v1/reports/summary?month=" + complete_month).status == 200);
    // The monthly report compares with the month before: the first complete month's is
    // refused unless the reports count in full from that month before's first day.
    const auto monthly = get("/v1/reports/monthly?month=" + complete_month);
    if (reports_from.ends_with("-01")) {
        CHECK(monthly.status == 200);
    } else {
        CHECK(monthly.status == 422);
        CHECK(monthly.body.find("or of the month before it") != std::string::npos);
    }
    CHECK(get("/v1/reports/monthly?month=" + shanghai_month(reports_from, 2)).status == 200);
}
