// Claims, their history and the outbox by month (storage/migrations/0008_claims_by_month.sql):
// a zone's claims as the earlier migrations left them move into the partitioned tables with
// every row, key and sequence kept; new claims and events go to their month; a read by id
// reads one month; months are made only where they are free.

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include "fraud_api.hpp"
#include "scratch_sql.hpp"
#include "storage/migrations.hpp"

using namespace crossclaim::testing;
namespace storage = crossclaim::storage;

namespace {

// Four claims with random ids as issued before 0008: one below the months' ids, one above,
// one whose "cc……" reads as a month (2024-05) and one whose "cc……" is no month (2026ab).
const char* const claims_before_0008 = R"sql(
    INSERT INTO claims (claim_id, submitter, external_ref, body_sha256, accident_region,
                        occurred_at, reported_at, tier, document, decision, response)
    SELECT id::uuid, 'PICC', 'REF-' || n, 'sha', '621200', now(), now(), 'minor', '{}', '{}',
           'answer-' || n
    FROM (VALUES (1, '00000000-0000-4000-8000-000000000001'),
                 (2, 'f0000000-0000-4000-8000-000000000002'),
                 (3, 'cc202405-0000-4000-8000-000000000003'),
                 (4, 'cc2026ab-0000-4000-8000-000000000004')) AS c(n, id);
    INSERT INTO claim_parties (claim_id, party, insurer, underwriting_region, handling_branch,
                               out_of_area, status, updated_at)
    SELECT claim_id, 'A', 'PICC', '621200', 'PICC-621200', false, 'ROUTED', now() FROM claims;
    INSERT INTO claim_history (claim_id, party, status, at, recorded_by)
    SELECT claim_id, 'A', s, now(), 'PICC/intake' FROM claims, unnest('{REPORTED,ROUTED}'::text[]) s;
    INSERT INTO clearing_entries (claim_id, creditor, debtor, amount_fen, entry_date)
    SELECT claim_id, 'PICC', 'PAIC', 100, current_date FROM claims;
    INSERT INTO outbox (event_id, branch, claim_id, type, occurred_at, envelope)
    SELECT gen_random_uuid(), 'PICC-621200', claim_id, 'claim.routed', now(), '{}' FROM claims;
    INSERT INTO inbox_positions (position, seq, branch) SELECT seq, seq, branch FROM outbox;
)sql";

std::string partition_of(scratch& s, const std::string& table, const std::string& id) {
    return s.text("SELECT tableoid::regclass::text FROM " + table + " WHERE claim_id = '" + id +
                  "' LIMIT 1");
}

const std::string this_month =
    "to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM')";  // as SQL, the current month's suffix

}  // namespace

TEST_CASE("migration 0008 moves claims, history and outbox into months, keeping every row and key",
          "[integration][claims][months]") {
    test_database db;
    const auto& all = storage::embedded_migrations();
    REQUIRE(all.size() >= 8);
    REQUIRE(all[7].name == "0008_claims_by_month");
    storage::migrate(db.url(), {all.begin(), all.begin() + 7});
    scratch s(db);
    s.n.exec0(claims_before_0008);
    const auto last_history = s.number("SELECT max(id) FROM claim_history");
    const auto last_seq = s.number("SELECT max(seq) FROM outbox");

    REQUIRE(storage::migrate(db.url(), {all.begin(), all.begin() + 8}) ==
            std::vector<std::string>{"0008_claims_by_month"});

    for (const auto* table : {"claims", "claim_history", "outbox"})
        CHECK(s.text(std::string("SELECT relkind FROM pg_class WHERE relname = '") + table + "'") ==
              "p");
    CHECK(s.number("SELECT count(*) FROM claims") == 4);
    CHECK(s.number("SELECT count(*) FROM claim_keys") == 4);
    CHECK(s.number("SELECT count(*) FROM claim_history") == 8);
    CHECK(s.number("SELECT count(*) FROM outbox") == 4);
    // The old ids are where their value falls; a month is made for the one that reads as one.
    CHECK(partition_of(s, "claims", "00000000-0000-4000-8000-000000000001") == "claims_v4_low");
    CHECK(partition_of(s, "claims", "f0000000-0000-4000-8000-000000000002") == "claims_v4_high");
    CHECK(partition_of(s, "claims", "cc202405-0000-4000-8000-000000000003") == "claims_2024_05");
    CHECK(partition_of(s, "claim_history", "cc202405-0000-4000-8000-000000000003") ==
          "claim_history_2024_05");
    CHECK(partition_of(s, "claims", "cc2026ab-0000-4000-8000-000000000004") == "claims_other");
    CHECK(partition_of(s, "outbox", "cc2026ab-0000-4000-8000-000000000004") == "outbox_before");
    // This month and the next exist for intake, for all three tables.
    CHECK(s.number("SELECT count(*) FROM (VALUES (now()), (now() + interval '1 month')) m(t), "
                   "unnest('{claims_,claim_history_,outbox_}'::text[]) p WHERE to_regclass(p || "
                   "to_char(t AT TIME ZONE 'UTC', 'YYYY_MM')) IS NOT NULL") == 6);

    // The idempotency key still holds for the old claims.
    CHECK_THROWS_AS(s.n.exec0("INSERT INTO claim_keys VALUES ('PICC', 'REF-1', gen_random_uuid())"),
                    pqxx::unique_violation);
    // History and events continue their numbering; an event's seq carries its month and stays
    // above every older one.
    const auto id = s.text(
        "SELECT 'cc' || to_char(now() AT TIME ZONE 'UTC', 'YYYYMM') || "
        "'-1111-8111-8111-111111111111'");
    s.n.exec0("INSERT INTO claims SELECT '" + id +
              "', submitter, 'REF-NEW', body_sha256, accident_region, occurred_at, reported_at, "
              "tier, document, decision, response FROM claims LIMIT 1");
    s.n.exec0(
        "INSERT INTO claim_parties (claim_id, party, insurer, underwriting_region, "
        "handling_branch, out_of_area, status, updated_at) VALUES ('" +
        id + "', 'A', 'PICC', '621200', 'PICC-621200', false, 'ROUTED', now())");
    CHECK(s.number("INSERT INTO claim_history (claim_id, party, status, at, recorded_by) VALUES "
                   "('" +
                   id + "', 'A', 'REPORTED', now(), 't') RETURNING id") > last_history);
    const auto seq = s.number(
        "INSERT INTO outbox (event_id, branch, claim_id, type, occurred_at, "
        "envelope) VALUES (gen_random_uuid(), 'PICC-621200', '" +
        id + "', 'claim.routed', now(), '{}') RETURNING seq");
    CHECK(seq > last_seq);
    CHECK(std::to_string(seq).substr(0, 6) ==
          s.text("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYYMM')"));
    CHECK(partition_of(s, "claims", id) == s.text("SELECT 'claims_' || " + this_month));
    CHECK(partition_of(s, "outbox", id) == s.text("SELECT 'outbox_' || " + this_month));

    // The foreign keys point at the partitioned tables and still refuse.
    CHECK_THROWS_AS(s.n.exec0("INSERT INTO claim_parties (claim_id, party, insurer, "
                              "underwriting_region, handling_branch, out_of_area, status, "
                              "updated_at) VALUES ('cc209901-0000-8000-8000-000000000000', 'A', "
                              "'PICC', '621200', 'b', false, 'ROUTED', now())"),
                    pqxx::foreign_key_violation);
    CHECK_THROWS_AS(s.n.exec0("INSERT INTO inbox_positions VALUES (999999, 12345, 'b')"),
                    pqxx::foreign_key_violation);
    CHECK_THROWS_AS(s.n.exec0("DELETE FROM claims WHERE claim_id = "
                              "'cc202405-0000-4000-8000-000000000003'"),
                    pqxx::foreign_key_violation);
}

TEST_CASE("a month of claims is made only where it is free, and a read by id reads one month",
          "[integration][claims][months]") {
    test_database db;
    storage::migrate(db.url(), storage::embedded_migrations());
    scratch s(db);
    CHECK(s.text("SELECT claims_add_month(now())") == "f");         // made by the migration
    CHECK(s.text("SELECT claims_add_month('1999-12-31')") == "f");  // no id names that month
    CHECK(s.text("SELECT claims_add_month('2031-03-31 23:00+00')") == "t");
    CHECK(s.text("SELECT to_regclass('claim_history_2031_03') IS NOT NULL AND "
                 "to_regclass('outbox_2031_03') IS NOT NULL") == "t");

    // A claim of a month not made lands in the default partition; that month is then not made.
    s.n.exec0(
        "INSERT INTO claims VALUES ('cc203005-0000-8000-8000-000000000000', 'PICC', 'R', "
        "'sha', '621200', now(), now(), 'minor', '{}', '{}', '')");
    CHECK(partition_of(s, "claims", "cc203005-0000-8000-8000-000000000000") == "claims_other");
    CHECK(s.text("SELECT claims_add_month('2030-05-10')") == "f");
    CHECK(s.text("SELECT to_regclass('claims_2030_05') IS NULL") == "t");

    // The plan of a read by id, prepared once for any id, scans one partition of each table.
    s.n.exec0("SET plan_cache_mode = force_generic_plan");
    s.n.exec0(
        "PREPARE by_id(uuid) AS SELECT c.response, h.status FROM claims c "
        "LEFT JOIN claim_history h USING (claim_id) WHERE c.claim_id = $1");
    std::string plan;
    for (const auto& row : s.n.exec("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
                                    "EXECUTE by_id('cc203103-0000-8000-8000-000000000000')"))
        plan += std::string(row[0].c_str()) + "\n";
    INFO(plan);
    CHECK(plan.find("claims_2031_03") != std::string::npos);
    CHECK(plan.find("claim_history_2031_03") != std::string::npos);
    CHECK(plan.find("claims_other") == std::string::npos);
    CHECK(plan.find("claims_v4_low") == std::string::npos);
    CHECK(plan.find("Subplans Removed") != std::string::npos);
}

TEST_CASE("intake files a claim under an id of its month, in that month's partitions",
          "[integration][claims][months]") {
    pool_gateway g;
    claim_spec c{"MONTHS-1", identity_of(1), identity_of(2), photo_of(1), photo_of(2)};
    const auto id = g.post(c, g.picc);
    const auto month = g.sql("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYYMM')");
    CHECK(id.substr(0, 8) == "cc" + month);
    const auto suffix = month.substr(0, 4) + "_" + month.substr(4);
    CHECK(g.sql("SELECT tableoid::regclass FROM claims WHERE claim_id = '" + id + "'") ==
          "claims_" + suffix);
    CHECK(g.sql("SELECT count(DISTINCT tableoid) || ' ' || min(tableoid::regclass::text) FROM "
                "claim_history WHERE claim_id = '" +
                id + "'") == "1 claim_history_" + suffix);
    CHECK(g.sql("SELECT count(*) FROM outbox WHERE claim_id = '" + id +
                "' AND tableoid <> 'outbox_" + suffix + "'::regclass") == "0");
    CHECK(g.sql("SELECT claim_id FROM claim_keys WHERE external_ref = 'MONTHS-1'") == id);
    // The same report again is answered as before, from the key's claim.
    const auto again =
        https(g.gw.api_port(), "POST", "/v1/claims", g.picc, g.pki.ca(), claim_body_of(c));
    CHECK(again.status == 200);
    CHECK(again.body.find("\"claim_id\":\"" + id + "\"") != std::string::npos);
}
