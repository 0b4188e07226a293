// The association's reports through the real API: figures that agree with each other and
// with what was reported, CSV, periods and their errors.

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <pqxx/pqxx>
#include <thread>

#include "claims_api.hpp"
#include "domain/time.hpp"
#include "harness.hpp"

using namespace crossclaim::testing;
namespace bj = boost::json;

namespace {

struct report_gateway {
    explicit report_gateway(std::vector<std::pair<std::string, std::string>> replace = {})
        : gw{{.db_url = db.url(), .pki = &pki, .replace = std::move(replace)}} {}
    test_pki pki;
    test_database db;
    gateway_process gw;
    client_cert picc = pki.issue("PICC", "insurer", "picc-core");
    client_cert cpic = pki.issue("CPIC", "insurer", "cpic-core");
    client_cert association = pki.issue("TSIA", "association", "statistics-desk");

    http_result get(const std::string& target, const client_cert& who,
                    std::map<std::string, std::string> headers = {}) {
        return https(gw.api_port(), "GET", target, who, pki.ca(), "", headers);
    }
    bj::object report(const std::string& target) {
        const auto r = get(target, association);
        REQUIRE(r.status == 200);
        return bj::parse(r.body).as_object();
    }
    long long count(const std::string& sql) {
        pqxx::connection c(db.url());
        pqxx::nontransaction n(c);
        return n.exec1(sql)[0].as<long long>();
    }
};

long long sum(const bj::value& rows, std::string_view field) {
    long long total = 0;
    for (const auto& r : rows.as_array()) total += r.at(field).as_int64();
    return total;
}

std::string this_month() {
    const auto today = crossclaim::domain::shanghai_day(
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    return crossclaim::domain::format_date(today).substr(0, 7);
}

std::vector<std::string> errors_of(const http_result& r) {
    std::vector<std::string> out;
    const auto body = bj::parse(r.body);
    for (const auto& e : body.at("errors").as_array())
        out.push_back(std::string(e.at("path").as_string()) + " " +
                      std::string(e.at("code").as_string()));
    return out;
}

}  // namespace

TEST_CASE("the association's reports agree with each other and with the claims reported",
          "[integration][reports]") {
    report_gateway g;
    // Four fast-settle claims (PICC of Tianshui and PAIC of Longnan, accident in Longnan),
    // and two over the threshold reported by CPIC with CPIC and PICC as parties.
    std::vector<std::string> ids;
    for (int i = 0; i < 4; ++i)
        ids.push_back(post_claim(g.gw.api_port(), g.picc, g.pki, "REP-FS-" + std::to_string(i)));
    for (int i = 0; i < 2; ++i)
        post_claim(g.gw.api_port(), g.cpic, g.pki, "REP-BIG-" + std::to_string(i),
                   claim_body("REP-BIG-" + std::to_string(i), "CPIC", "PICC", "5000.00",
                              "9000.00"));
    post_status(g.gw.api_port(), g.picc, g.pki, ids[0], "A", "ACCEPTED");
    post_status(g.gw.api_port(), g.picc, g.pki, ids[0], "A", "SURVEYED");
    post_status(g.gw.api_port(), g.picc, g.pki, ids[0], "A", "ASSESSED", "500.00");
    const std::string month = this_month();
    // Screening runs in the background and may open a lead: the reports are read once it is
    // done, so that each sees the same leads (a slow build once opened one between two reads).
    REQUIRE(eventually([&] { return g.count("SELECT count(*) FROM screening_queue") == 0; },
                       std::chrono::seconds(20)));

    const auto summary = g.report("/v1/reports/summary?month=" + month);
    CHECK(summary.at("month") == month.c_str());
    CHECK(summary.at("claims").as_int64() == 6);
    CHECK(summary.at("claims").as_int64() == g.count("SELECT count(*) FROM claims"));
    CHECK(summary.at("party_claims").as_int64() == 12);
    CHECK(sum(summary.at("by_insurer"), "party_claims") == 12);
    CHECK(sum(summary.at("by_direction"), "party_claims") == 12);
    CHECK(sum(summary.at("by_month"), "party_claims") == 12);
    CHECK(sum(summary.at("tiers"), "claims") == 6);
    long long across = 0;
    for (const auto& d : summary.at("by_direction").as_array())
        if (d.at("accident_region") != d.at("underwriting_region"))
            across += d.at("party_claims").as_int64();
    CHECK(summary.at("out_of_area").at("party_claims").as_int64() == across);
    CHECK(sum(summary.at("by_insurer"), "out_of_area") == across);
    CHECK(summary.at("out_of_area").at("party_claims").as_int64() ==
          g.count("SELECT count(*) FROM claim_parties WHERE out_of_area"));
    CHECK(summary.at("fast_settle").at("eligible").as_int64() == 4);
    CHECK(summary.at("fast_settle").at("share").to_number<double>() == Approx(0.6667));
    const auto& reasons = summary.at("ineligibility_reasons").as_array();
    REQUIRE_FALSE(reasons.empty());
    CHECK(reasons[0].at("claims").as_int64() == 2);

    const auto sla = g.report("/v1/reports/sla?month=" + month);
    const auto& overall = sla.at("overall");
    CHECK(overall.at("deadlines").as_int64() == sum(sla.at("attainment"), "deadlines"));
    CHECK(overall.at("met_on_time").as_int64() == sum(sla.at("attainment"), "met_on_time"));
    CHECK(overall.at("met_on_time").as_int64() ==
          g.count("SELECT count(*) FROM sla_deadlines WHERE met_at <= due AND "
                  "to_char(due AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') = '" + month + "'"));
    CHECK(sla.at("times").at("to_assessment").at("claims").as_int64() == 1);
    CHECK(sla.at("overdue_total").as_int64() == 0);

    const auto fraud = g.report("/v1/reports/fraud?month=" + month);
    CHECK(fraud.at("leads").at("total").as_int64() ==
          sum(fraud.at("leads").at("by_status"), "leads"));
    CHECK(fraud.at("confirmed_amount") == "0.00");

    // The monthly report holds the same figures, and its changes start from an empty month.
    const auto monthly = g.report("/v1/reports/monthly?month=" + month);
    for (const char* key : {"claims", "party_claims", "by_insurer", "by_direction", "tiers",
                            "fast_settle", "ineligibility_reasons"})
        CHECK(monthly.at("summary").at(key) == summary.at(key));
    CHECK(monthly.at("sla").at("overall") == sla.at("overall"));
    CHECK(monthly.at("fraud").at("leads") == fraud.at("leads"));
    for (const auto& c : monthly.at("changes").as_array())
        if (c.at("figure") == "claims") {
            CHECK(c.at("current").as_int64() == 6);
            CHECK(c.at("previous").as_int64() == 0);
            CHECK(c.at("change").as_int64() == 6);
        }

    // A range of days covering the month gives the month's figures.
    const auto first = month + "-01";
    const std::chrono::year_month_day ymd{*crossclaim::domain::parse_date(first)};
    const auto last = crossclaim::domain::format_date(crossclaim::domain::date{
        std::chrono::year_month_day{ymd.year() / ymd.month() / std::chrono::last}});
    auto ranged = g.report("/v1/reports/summary?from=" + first + "&to=" + last);
    auto monthless = summary;
    monthless.erase("month");
    CHECK(ranged == monthless);

    // CSV: one figure a line, the same figures.
    const auto csv =
        g.get("/v1/reports/summary?month=" + month, g.association, {{"Accept", "text/csv"}});
    CHECK(csv.header("content-type").rfind("text/csv", 0) == 0);
    CHECK(csv.header("content-disposition").find("summary-" + month + ".csv") !=
          std::string::npos);
    CHECK(csv.body.rfind("section,key,measure,value\n", 0) == 0);
    CHECK(csv.body.find("\nsummary,,claims,6\n") != std::string::npos);
    CHECK(csv.body.find("\nsummary.out_of_area,,party_claims," + std::to_string(across) + "\n") !=
          std::string::npos);
    const auto monthly_csv =
        g.get("/v1/reports/monthly?month=" + month, g.association, {{"Accept", "text/csv"}});
    CHECK(monthly_csv.body.find("\nmonthly.summary,,claims,6\n") != std::string::npos);
    CHECK(monthly_csv.body.find("\nmonthly.changes,claims,change,6\n") != std::string::npos);
}

TEST_CASE("the summary sums the rollups of days whose facts are unchanged and counts the others",
          "[integration][reports]") {
    report_gateway g(std::vector<std::pair<std::string, std::string>>{
        {"rollup_interval_ms = 60000", "rollup_interval_ms = 100"}});
    for (int i = 0; i < 3; ++i)
        post_claim(g.gw.api_port(), g.picc, g.pki, "ROLL-" + std::to_string(i));
    const std::string target = "/v1/reports/summary?month=" + this_month();
    const auto counted = g.report(target);
    REQUIRE(counted.at("party_claims").as_int64() == 6);
    auto rolled_facts = [&] {
        return g.count("SELECT coalesce(sum(facts), 0)::bigint FROM summary_days");
    };
    auto wait_for_rollup = [&](long long facts) {
        for (int i = 0; i < 200 && rolled_facts() != facts; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        REQUIRE(rolled_facts() == facts);
    };

    // Rolled up, the day gives the same figures.
    wait_for_rollup(6);
    CHECK(g.report(target) == counted);

    // The figures come from the rollup while the day's facts are the ones it counted: a
    // rollup row changed by hand shows (and the job leaves it, since no fact changed).
    g.count("WITH u AS (UPDATE summary_day_counts SET party_claims = party_claims + 100 "
            "RETURNING 1) SELECT count(*) FROM u");
    const auto altered = g.report(target);
    CHECK(altered.at("party_claims").as_int64() ==
          6 + 100 * g.count("SELECT count(*) FROM summary_day_counts"));

    // A claim more on the day: its facts no longer match the rollup, so the day is counted
    // live (or already rolled up again); either way the altered row is gone.
    post_claim(g.gw.api_port(), g.picc, g.pki, "ROLL-3");
    const auto fresh = g.report(target);
    CHECK(fresh.at("party_claims").as_int64() == 8);
    CHECK(fresh.at("claims").as_int64() == 4);
    wait_for_rollup(8);
    CHECK(g.report(target) == fresh);
    CHECK(g.count("SELECT sum(party_claims)::bigint FROM summary_day_counts") == 8);
}

TEST_CASE("a report's period is a month or a bounded range, and every bad one is named",
          "[integration][reports]") {
    report_gateway g;
    const auto refused = [&](const std::string& target) {
        const auto r = g.get(target, g.association);
        CHECK(r.status == 422);
        return r.status == 422 ? errors_of(r) : std::vector<std::string>{};
    };
    using v = std::vector<std::string>;
    CHECK(refused("/v1/reports/summary") == v{"/query/month REQUIRED"});
    CHECK(refused("/v1/reports/summary?month=2026-13") == v{"/query/month INVALID_MONTH"});
    CHECK(refused("/v1/reports/sla?month=2026-1") == v{"/query/month INVALID_MONTH"});
    CHECK(refused("/v1/reports/summary?from=2026-11-01") == v{"/query/to REQUIRED"});
    CHECK(refused("/v1/reports/fraud?from=2026-11-31&to=x") ==
          v{"/query/from INVALID_DATE", "/query/to INVALID_DATE"});
    CHECK(refused("/v1/reports/summary?from=2026-11-02&to=2026-11-01") ==
          v{"/query/to INVALID_RANGE"});
    CHECK(refused("/v1/reports/summary?from=2025-01-01&to=2026-11-30") ==
          v{"/query/to RANGE_TOO_LONG"});
    CHECK(refused("/v1/reports/monthly?from=2026-11-01&to=2026-11-30") ==
          v{"/query/month REQUIRED"});
    CHECK(g.get("/v1/reports/summary?from=2025-12-01&to=2026-11-30", g.association).status == 200);
    for (const char* r : {"summary", "sla", "assists", "clearing", "fraud", "monthly"})
        CHECK(g.get(std::string("/v1/reports/") + r + "?month=2026-11", g.picc).status == 403);
}

TEST_CASE("a certificate whose organisation is not configured for its role is refused",
          "[integration][reports][identity]") {
    report_gateway g;
    const auto stranger = g.pki.issue("GIA", "association", "someone");
    const auto r = g.get("/v1/reports/summary?month=2026-11", stranger);
    CHECK(r.status == 403);
    CHECK(r.body.find("GIA is not configured with the role association") != std::string::npos);
    // The committee is an investigator, not an association.
    CHECK(g.get("/v1/reports/summary?month=2026-11", g.pki.issue("AFC", "association", "x"))
              .status == 403);
    const auto not_member = g.pki.issue("NOPE", "insurer", "core");
    const auto c = https(g.gw.api_port(), "POST", "/v1/claims", not_member, g.pki.ca(),
                         claim_body("REP-NOPE"));
    CHECK(c.status == 403);
    CHECK(c.body.find("NOPE is not a member insurer") != std::string::npos);
    CHECK(g.get("/v1/reports/summary?month=2026-11", g.association).status == 200);
}
