// The daily rollups of the summary and SLA reports (0006_report_rollups.sql), in storage: a
// report gives the same figures with and without them, uses them only while a day is as it
// was rolled up, and a day that changed is found and rolled up again.

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <pqxx/pqxx>

#include "domain/time.hpp"
#include "harness.hpp"
#include "storage/report_queries.hpp"
#include "storage/report_rollups.hpp"

using namespace crossclaim;
using namespace crossclaim::testing;
namespace bj = boost::json;
using storage::report;

namespace {

domain::date today() {
    return domain::shanghai_day(
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

// `crossclaim demo ARGS...` on the database: claims through the intake service (and, for
// `load`, on through their lifecycle).
void demo(const test_database& db, std::vector<std::string> args) {
    temp_dir dir;
    args.insert(args.begin(), "demo");
    REQUIRE(run_crossclaim(db, args, dir.path() + "/out") == 0);
}

struct pool {
    test_database db;
    pqxx::connection conn{db.url()};
    storage::session session{conn};

    struct figures {
        bj::object summary, sla;
    };
    figures read(const storage::report_period& p) {
        const auto f = storage::read_reports(session, {p}, {report::summary, report::sla});
        return {bj::parse(f[0].summary_json).as_object(), bj::parse(f[0].sla_json).as_object()};
    }
    // Rolls up every stale day; returns how many there were.
    std::size_t roll_up() {
        const auto days = storage::stale_report_days(session, 1000);
        for (const auto d : days) REQUIRE(storage::roll_up_report_day(session, d));
        return days.size();
    }
    long long exec(const std::string& sql) {
        pqxx::nontransaction n(conn);
        return n.exec1(sql)[0].as<long long>();
    }
};

long long overall(const bj::object& sla, std::string_view key) {
    return bj::value_to<long long>(sla.at("overall").at(key));
}

}  // namespace

TEST_CASE("reports read the same figures from daily rollups as from the rows, and only "
          "while a day is as it was rolled up",
          "[integration][reports][rollups]") {
    pool p;
    // Sixty days of claims before today, moved on through their lifecycle: deadlines met on
    // time, met late and overdue. The period ends at today's midnight, so every day in it
    // has ended.
    demo(p.db, {"load", "--seed", "5", "--claims", "300", "--days", "60"});
    const auto first = today() - std::chrono::days(60);
    const storage::report_period period{first, today()};
    const auto counted = p.read(period);
    REQUIRE(counted.summary.at("claims").as_int64() == 300);
    REQUIRE(overall(counted.sla, "met_on_time") > 0);
    REQUIRE(overall(counted.sla, "open_overdue") > 0);

    // Every day with claims or deadlines is rolled up once; a second look finds none.
    CHECK(p.roll_up() >= 50);
    CHECK(p.roll_up() == 0);
    const auto rolled = p.read(period);
    CHECK(rolled.summary == counted.summary);
    CHECK(rolled.sla == counted.sla);

    // The figures come from the rollups: changed by hand, they show. (The summary's changed
    // row is on a day before the claims added below.)
    p.exec("WITH u AS (UPDATE summary_day_counts SET claims = claims + 1000 "
           "WHERE (day, accident_region, underwriting_region, insurer, tier) = "
           "(SELECT day, accident_region, underwriting_region, insurer, tier "
           "FROM summary_day_counts WHERE claims > 0 AND day < '" +
           domain::format_date(first + std::chrono::days(10)) + "' LIMIT 1) RETURNING 1) "
           "SELECT count(*) FROM u");
    p.exec("WITH u AS (UPDATE sla_day_counts SET met_late = met_late + 1000 "
           "WHERE (day, insurer, tier, stage) = (SELECT day, insurer, tier, stage "
           "FROM sla_day_counts WHERE day >= '" + domain::format_date(first) + "' AND day < '" +
           domain::format_date(today()) + "' LIMIT 1) RETURNING 1) SELECT count(*) FROM u");
    const auto altered = p.read(period);
    CHECK(altered.summary.at("claims").as_int64() == 1300);
    CHECK(overall(altered.sla, "met_late") == overall(counted.sla, "met_late") + 1000);

    // A deadline met late on a rolled-up day: the day no longer matches its rollup, so it is
    // classified deadline by deadline (the altered counts of other days stay).
    const auto met_day = p.exec(
        "WITH m AS (UPDATE sla_deadlines SET met_at = due + interval '1 hour' WHERE id = ("
        "SELECT id FROM sla_deadlines WHERE met_at IS NULL AND cancelled_at IS NULL "
        "AND due >= '" + domain::format_date(first) + "'::timestamp AT TIME ZONE 'Asia/Shanghai' "
        "AND due < '" + domain::format_date(today()) + "'::timestamp AT TIME ZONE 'Asia/Shanghai' "
        "AND (due AT TIME ZONE 'Asia/Shanghai')::date NOT IN ("
        "SELECT day FROM sla_day_counts WHERE met_late >= 1000) ORDER BY id LIMIT 1) "
        "RETURNING due) SELECT count(*) FROM m");
    REQUIRE(met_day == 1);
    const auto after_met = p.read(period);
    CHECK(overall(after_met.sla, "met_late") == overall(counted.sla, "met_late") + 1001);
    CHECK(overall(after_met.sla, "open_overdue") == overall(counted.sla, "open_overdue") - 1);

    // More claims on rolled-up days: counted live until those days are rolled up again.
    demo(p.db, {"generate", "--seed", "6", "--claims", "20", "--first-day",
                domain::format_date(first + std::chrono::days(10)), "--days", "2"});
    CHECK(p.read(period).summary.at("claims").as_int64() == 1320);
    const auto stale = storage::stale_report_days(p.session, 1000);
    CHECK(stale.size() >= 3);  // the day met late, and the days of the new claims
    CHECK(p.roll_up() == stale.size());

    // Rolled up again, those days have their true counts; the rows altered by hand on days
    // that did not change are still read, which shows the unchanged days were left alone.
    const auto again = p.read(period);
    CHECK(again.summary.at("claims").as_int64() ==
          320 + 1000 * p.exec("SELECT count(*) FROM summary_day_counts WHERE claims >= 1000"));
    CHECK(overall(again.sla, "met_late") ==
          overall(counted.sla, "met_late") + 1 +
              1000 * p.exec("SELECT count(*) FROM sla_day_counts WHERE met_late >= 1000 "
                            "AND day >= '" + domain::format_date(first) + "' AND day < '" +
                            domain::format_date(today()) + "'"));
}
