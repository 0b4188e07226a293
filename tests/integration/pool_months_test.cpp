// The fraud pool by month (storage/migrations/0007_pool_by_month.sql): a zone's pool as the
// earlier migrations left it is moved into month partitions with every row, key and queue
// entry kept, and its entries back into one table by 0013 (one index scan a lookup); months
// are made and dropped whole, their entries with them, by the functions the retention job calls;
// a foreign-key check against it reads one row however many claims share an accident time.

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <pqxx/pqxx>
#include <thread>

#include "fraud_api.hpp"
#include "scratch_sql.hpp"
#include "storage/migrations.hpp"

using namespace crossclaim::testing;
namespace storage = crossclaim::storage;

namespace {

const char* const claims_before_0007 = R"sql(
    INSERT INTO claims (claim_id, submitter, external_ref, body_sha256, accident_region,
                        occurred_at, reported_at, tier, document, decision, response)
    SELECT id::uuid, 'PICC', 'REF-' || n, 'sha', '621200', at, at, 'minor', '{}', '{}', ''
    FROM (VALUES (1, '00000000-0000-4000-8000-000000000001', '2024-11-20 08:15+08'::timestamptz),
                 (2, '00000000-0000-4000-8000-000000000002', '2010-03-01 09:00+08'),
                 (3, '00000000-0000-4000-8000-000000000003', now() - interval '1 hour'))
         AS c(n, id, at);
    INSERT INTO pool_claims (claim_id, member, region, occurred_at, facts)
    SELECT claim_id, 'PICC', '621200', occurred_at, '{}' FROM claims;
    INSERT INTO pool_entries (claim_id, party, kind, hash, occurred_at, member, vehicle, driver,
                              phone, masked, sealed)
    SELECT claim_id, 'A', 'plate', 'hash-' || external_ref, occurred_at, 'PICC', 'v', 'd', 'p',
           'm', 'k1:sealed' FROM claims;
    INSERT INTO screening_queue (claim_id) VALUES ('00000000-0000-4000-8000-000000000003');
)sql";

// A zone's database as the migrations before 0007 left it, holding those rows.
void pool_before_0007(const test_database& db) {
    const auto& all = storage::embedded_migrations();
    storage::migrate(db.url(), {all.begin(), all.begin() + 6});
    scratch(db).n.exec0(claims_before_0007);
}

// After an upgrade: a new entry continues the numbering after `last_id`; removing the recent
// claim takes its entries (and queue row) with it; an entry must name a pooled claim.
void entries_keys_hold(scratch& s, long long last_id) {
    CHECK(s.number("INSERT INTO pool_entries (claim_id, party, kind, hash, occurred_at, member, "
                   "vehicle, driver, phone, masked, sealed) SELECT claim_id, 'B', 'plate', 'x', "
                   "occurred_at, 'PICC', 'v', 'd', 'p', 'm', 'k1:s' FROM pool_claims WHERE "
                   "region = '621200' ORDER BY occurred_at DESC LIMIT 1 RETURNING id") > last_id);
    s.n.exec0("DELETE FROM pool_claims WHERE occurred_at > now() - interval '1 day'");
    CHECK(s.number("SELECT count(*) FROM pool_entries") == 2);
    CHECK(s.number("SELECT count(*) FROM screening_queue") == 0);
    CHECK_THROWS_AS(s.n.exec0("INSERT INTO pool_entries (claim_id, party, kind, hash, "
                              "occurred_at, member, vehicle, driver, phone, masked, sealed) "
                              "VALUES ('00000000-0000-4000-8000-000000000001', 'A', 'vin', 'y', "
                              "'2024-12-20', 'PICC', 'v', 'd', 'p', 'm', 'k1:s')"),
                    pqxx::foreign_key_violation);
}

// Every entry, in id order, as one string.
std::string all_entries(scratch& s) {
    return s.text(
        "SELECT string_agg(concat_ws('|', id, claim_id, party, kind, hash, occurred_at, member, "
        "vehicle, driver, phone, masked, sealed), ',' ORDER BY id) FROM pool_entries");
}

}  // namespace

TEST_CASE("migration 0007 moves the pool into months, keeping every row, key and queue entry",
          "[integration][fraud][retention]") {
    test_database db;
    const auto& all = storage::embedded_migrations();
    REQUIRE(all.size() >= 7);
    REQUIRE(all[6].name == "0007_pool_by_month");
    pool_before_0007(db);
    scratch s(db);
    const auto last_id = s.number("SELECT max(id) FROM pool_entries");

    REQUIRE(storage::migrate(db.url(), {all.begin(), all.begin() + 7}) ==
            std::vector<std::string>{"0007_pool_by_month"});

    CHECK(s.text("SELECT relkind FROM pg_class WHERE relname = 'pool_claims'") == "p");
    CHECK(s.number("SELECT count(*) FROM pool_claims") == 3);
    CHECK(s.number("SELECT count(*) FROM pool_entries") == 3);
    // Each row is in its month; the one older than ten years in the default partition.
    CHECK(s.text("SELECT tableoid::regclass FROM pool_claims WHERE claim_id = "
                 "'00000000-0000-4000-8000-000000000001'") == "pool_claims_2024_11");
    CHECK(s.text("SELECT tableoid::regclass FROM pool_entries WHERE hash = 'hash-REF-1'") ==
          "pool_entries_2024_11");
    CHECK(s.text("SELECT tableoid::regclass FROM pool_claims WHERE claim_id = "
                 "'00000000-0000-4000-8000-000000000002'") == "pool_claims_other");
    CHECK(s.text("SELECT tableoid::regclass FROM pool_entries WHERE hash = 'hash-REF-3'") ==
          s.text("SELECT 'pool_entries_' || to_char((now() - interval '1 hour') AT TIME "
                 "ZONE 'UTC', 'YYYY_MM')"));
    // Last month, this month and the next exist for intake.
    CHECK(s.number("SELECT count(*) FROM (VALUES (now() - interval '1 month'), (now()), "
                   "(now() + interval '1 month')) m(t) WHERE to_regclass('pool_claims_' || "
                   "to_char(t AT TIME ZONE 'UTC', 'YYYY_MM')) IS NOT NULL") == 3);
    // The queue entry knows its claim's month; new entries continue the old numbering.
    CHECK(s.number("SELECT count(*) FROM screening_queue q JOIN pool_claims c "
                   "USING (claim_id, occurred_at)") == 1);
    entries_keys_hold(s, last_id);
}

TEST_CASE("migration 0013 puts the pool's entries in one table, keeping every row and key",
          "[integration][fraud][retention]") {
    test_database db;
    const auto& all = storage::embedded_migrations();
    REQUIRE(all.size() >= 13);
    REQUIRE(all[12].name == "0013_pool_entries_in_one_table");
    pool_before_0007(db);
    scratch s(db);
    storage::migrate(db.url(), {all.begin(), all.begin() + 12});
    const auto rows_before = all_entries(s);
    const auto last_id = s.number("SELECT max(id) FROM pool_entries");

    REQUIRE(storage::migrate(db.url(), {all.begin(), all.begin() + 13}) ==
            std::vector<std::string>{"0013_pool_entries_in_one_table"});

    CHECK(s.text("SELECT relkind FROM pg_class WHERE relname = 'pool_entries'") == "r");
    CHECK(s.number("SELECT count(*) FROM pg_class WHERE relname ~ '^pool_entries_(other|\\d)'") ==
          0);
    CHECK(all_entries(s) == rows_before);
    CHECK(s.text("SELECT string_agg(indexdef, '; ' ORDER BY indexname) FROM pg_indexes "
                 "WHERE tablename = 'pool_entries'") ==
          "CREATE INDEX pool_entries_claim ON public.pool_entries USING btree (claim_id); "
          "CREATE INDEX pool_entries_key ON public.pool_entries USING btree "
          "(split_part(sealed, ':'::text, 1)); "
          "CREATE INDEX pool_entries_lookup ON public.pool_entries USING btree (kind, hash, "
          "occurred_at); "
          "CREATE UNIQUE INDEX pool_entries_pkey ON public.pool_entries USING btree (id)");
    CHECK(s.text("SELECT pg_get_serial_sequence('pool_entries', 'id')") ==
          "public.pool_entries_id_seq");
    entries_keys_hold(s, last_id);
}

TEST_CASE("pool months are made only where they are free and dropped whole past a horizon",
          "[integration][fraud][retention]") {
    test_database db;
    const auto& all = storage::embedded_migrations();
    pool_before_0007(db);
    scratch s(db);
    storage::migrate(db.url(), all);

    CHECK(s.text("SELECT pool_add_month('2024-11-05')") == "f");  // exists
    CHECK(s.text("SELECT pool_add_month('2010-03-10')") == "f");  // its rows are in the default
    CHECK(s.number("SELECT count(*) FROM pool_claims_other") == 1);
    CHECK(s.text("SELECT pool_add_month('2023-01-31 23:00+00')") == "t");
    CHECK(s.text("SELECT to_regclass('pool_claims_2023_01') IS NOT NULL") == "t");

    // Months ending by 2025-01-01 go, their entries first; the default partition is left alone.
    const auto dropped = s.n.exec("SELECT month, claims FROM pool_drop_months('2025-01-01')");
    REQUIRE(dropped.size() == 2);
    CHECK(std::string(dropped[0][0].c_str()) == "2023_01");
    CHECK(dropped[0][1].as<long long>() == 0);
    CHECK(std::string(dropped[1][0].c_str()) == "2024_11");
    CHECK(dropped[1][1].as<long long>() == 1);
    CHECK(s.text("SELECT to_regclass('pool_claims_2024_11') IS NULL") == "t");
    CHECK(s.number("SELECT count(*) FROM pool_claims") == 2);
    CHECK(s.number("SELECT count(*) FROM pool_entries") == 2);
    CHECK(s.number("SELECT count(*) FROM pool_entries WHERE hash = 'hash-REF-1'") == 0);
    CHECK(s.number("SELECT count(*) FROM claims") == 3);  // claims stay with their insurers
    CHECK(s.number("SELECT count(*) FROM pool_drop_months('2025-01-01')") == 0);
}

TEST_CASE("an entry written while its month is being dropped goes with the month",
          "[integration][fraud][retention]") {
    test_database db;
    const auto& all = storage::embedded_migrations();
    pool_before_0007(db);
    scratch s(db);
    storage::migrate(db.url(), all);

    // A claim being written holds intake's first lock: the drop deletes the month's entries,
    // then waits for its locks.
    pqxx::connection intake(db.url());
    pqxx::work w(intake);
    w.exec0("LOCK TABLE claim_keys IN ROW EXCLUSIVE MODE");
    std::string dropped, error;
    std::thread drop([&] {
        try {
            pqxx::connection c(db.url());
            pqxx::nontransaction n(c);
            const auto r =
                n.exec1("SELECT string_agg(month, ',') FROM pool_drop_months('2025-01-01')");
            dropped = r[0].c_str();
        } catch (const std::exception& e) {
            error = e.what();
        }
    });
    REQUIRE(eventually(
        [&] {
            return s.number("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = "
                            "'claim_keys'::regclass AND database = (SELECT oid FROM "
                            "pg_database WHERE datname = current_database())") > 0;
        },
        std::chrono::seconds(10)));
    // That claim adds an entry to a pooled claim of the month, and commits.
    w.exec0("INSERT INTO pool_entries (claim_id, party, kind, hash, occurred_at, member, vehicle, "
            "driver, phone, masked, sealed) SELECT claim_id, 'B', 'vin', 'late', occurred_at, "
            "'PICC', 'v', 'd', 'p', 'm', 'k1:s' FROM pool_claims_2024_11");
    w.commit();
    drop.join();

    CHECK(error == "");  // without deleting the entries written since, a foreign-key violation
    CHECK(dropped == "2024_11");
    CHECK(s.text("SELECT to_regclass('pool_claims_2024_11') IS NULL") == "t");
    CHECK(s.number("SELECT count(*) FROM pool_entries WHERE claim_id = "
                   "'00000000-0000-4000-8000-000000000001'") == 0);
    CHECK(s.number("SELECT count(*) FROM pool_entries") == 2);
}

TEST_CASE("intake goes on while the purge drops months and months are made, none refused",
          "[integration][fraud][retention]") {
    pool_gateway g({{"purge_interval_ms = 3600000", "purge_interval_ms = 100"},
                    {"retention_years = 5", "retention_years = 1"}});
    std::atomic<bool> done{false};
    std::atomic<int> made{0}, claims_months{0}, refused{0};
    std::mutex last_refusal_mutex;
    std::string last_refusal;
    // Months past retention made again and again; the gateway's purge drops them each time.
    // And months of claims (0008_claims_by_month.sql), made and dropped again.
    std::thread maker([&] {
        pqxx::connection c(g.db.url());
        for (int i = 0; !done; ++i) {
            const auto month = std::to_string(1 + i % 12);
            const auto part = std::string("2031_") + (month.size() == 1 ? "0" : "") + month;
            try {
                pqxx::work w(c);
                const bool pool = w.exec1("SELECT pool_add_month('2021-" + month + "-15')")[0].as<bool>();
                const bool claims =
                    w.exec1("SELECT claims_add_month('2031-" + month + "-15')")[0].as<bool>();
                if (claims) {  // history and parties first: their keys point at the month's claims
                    w.exec0("DROP TABLE claim_history_" + part + ", claim_parties_" + part +
                            ", claims_" + part);
                    w.exec0("ALTER TABLE outbox DETACH PARTITION outbox_" + part);
                    w.exec0("DROP TABLE outbox_" + part);
                }
                w.commit();
                made += pool + claims;
                claims_months += claims;
            } catch (const std::exception& e) {
                ++refused;  // a deadlock with a screening worker, say: the next turn retries
                std::lock_guard lock(last_refusal_mutex);
                last_refusal = e.what();
            }
            // Paced, so that the suite's other test running beside this one keeps its share
            // of the machine.
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    // Four clients, some of their accidents in those months.
    std::vector<std::vector<int>> statuses(4);
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t)
        clients.emplace_back([&, t] {
            for (int i = 0; i < 60; ++i) {
                const int n = 1000 * (t + 1) + i;
                claim_spec c{"LOAD-" + std::to_string(n), identity_of(n), identity_of(n + 500),
                             photo_of(n), photo_of(n + 500)};
                if (i % 3 == 0)
                    c.occurred_at = "2021-0" + std::to_string(1 + i % 9) + "-10T10:00:00+08:00";
                statuses[t].push_back(https(g.gw.api_port(), "POST", "/v1/claims", g.picc,
                                            g.pki.ca(), claim_body_of(c))
                                          .status);
            }
        });
    for (auto& c : clients) c.join();
    done = true;
    maker.join();
    for (const auto& s : statuses)
        for (const int status : s) CHECK(status == 201);
    INFO("months made " << made << " (of claims " << claims_months << "), making refused "
                         << refused << " (last: " << last_refusal << ")");
    CHECK(made > 0);
    CHECK(claims_months > 0);
    // Everything past retention went, by month or row by row; the recent claims stayed.
    CHECK(eventually(
        [&] {
            return g.sql("SELECT count(*) FROM pool_claims WHERE occurred_at < '2022-01-01'") ==
                       "0" &&
                   g.sql("SELECT count(*) FROM pool_claims") == "160";
        },
        std::chrono::seconds(10)));
    CHECK(g.sql("SELECT count(*) FROM claims") == "240");
}

TEST_CASE(
    "a foreign-key check against the pool reads one claim however many share its accident "
    "time",
    "[integration][fraud][months]") {
    test_database db;
    storage::migrate(db.url(), storage::embedded_migrations());
    scratch s(db);
    REQUIRE(s.text("SELECT pool_add_month('2025-06-15')") == "t");
    // Claims at many accident times, analysed; then 3,000 at one time not yet analysed, as
    // when accidents are reported at a round hour of a new day.
    s.n.exec0(R"sql(
        CREATE FUNCTION pg_temp.pool(n int, at text) RETURNS void LANGUAGE sql AS $$
            WITH c AS (
                INSERT INTO claims (claim_id, submitter, external_ref, body_sha256,
                                    accident_region, occurred_at, reported_at, tier, document,
                                    decision, response)
                SELECT overlay(gen_random_uuid()::text placing
                               'cc' || to_char(now() AT TIME ZONE 'UTC', 'YYYYMM') from 1 for 8)::uuid,
                       'PICC', 'REF-' || gen_random_uuid(), 'sha', '621200',
                       coalesce(at::timestamptz,
                                '2025-06-01'::timestamptz + random() * interval '29 days'),
                       now(), 'minor', '{}', '{}', ''
                FROM generate_series(1, n)
                RETURNING claim_id, occurred_at)
            INSERT INTO pool_claims (claim_id, member, region, occurred_at, facts)
            SELECT claim_id, 'PICC', '621200', occurred_at, '{}' FROM c
        $$)sql");
    s.n.exec("SELECT pg_temp.pool(20000, NULL)");
    s.n.exec0("ANALYZE pool_claims");
    s.n.exec("SELECT pg_temp.pool(3000, '2025-06-20 10:00+08')");
    // The newest of them, as a new claim's entries check its own pool row: a scan of the
    // pile by time reaches it last.
    const auto claim = s.text(
        "SELECT claim_id FROM pool_claims_2025_06 WHERE occurred_at = '2025-06-20 10:00+08' "
        "ORDER BY ctid DESC LIMIT 1");

    // One entry for that claim: its foreign-key check fetches one row of pool_claims (before
    // migration 0011 it fetched all 3,000).
    pqxx::connection c(db.url());
    pqxx::work w(c);
    w.exec0(
        "INSERT INTO pool_entries (claim_id, party, kind, hash, occurred_at, member, "
        "vehicle, driver, phone, masked, sealed) VALUES ('" +
        claim + "', 'A', 'plate', 'h', '2025-06-20 10:00+08', 'PICC', 'v', 'd', 'p', 'm', 'k:s')");
    const auto fetched = w.exec1(
                              "SELECT coalesce(idx_tup_fetch, 0) FROM pg_stat_xact_user_tables "
                              "WHERE relname = 'pool_claims_2025_06'")[0]
                             .as<long long>();
    w.abort();
    CHECK(fetched == 1);
}
