// Report documents: the monthly report's changes and the long-form CSV of any report.

#include <catch2/catch.hpp>

#include "gateway/json/report_json.hpp"

using namespace crossclaim;
using crossclaim::gateway::json::report_csv;

TEST_CASE("report CSV has one figure a line, keyed by the row's dimensions", "[unit][reports]") {
    const auto csv = report_csv("summary", R"({"month":"2026-11","claims":6,
        "out_of_area":{"party_claims":3,"share":0.25},
        "by_insurer":[{"insurer":"PICC","party_claims":4,"out_of_area":1}],
        "attainment":[{"insurer":"PICC","tier":"SIMPLE","stage":"ASSESSED","attainment":null}]})");
    CHECK(csv ==
          "section,key,measure,value\n"
          "summary,,month,2026-11\n"
          "summary,,claims,6\n"
          "summary.out_of_area,,party_claims,3\n"
          "summary.out_of_area,,share,0.25\n"
          "summary.by_insurer,PICC,party_claims,4\n"
          "summary.by_insurer,PICC,out_of_area,1\n"
          "summary.attainment,PICC / SIMPLE / ASSESSED,attainment,\n");
}

TEST_CASE("report CSV quotes commas and quotes and defuses spreadsheet formulas",
          "[unit][reports]") {
    const auto csv = report_csv(
        "fraud", R"j({"rules":[{"rule":"A,\"B\"","hits":1}],"note":"=HYPERLINK(1)","n":"-5.00"})j");
    CHECK(csv.find("fraud.rules,\"A,\"\"B\"\"\",hits,1\n") != std::string::npos);
    CHECK(csv.find("fraud,,note,'=HYPERLINK(1)\n") != std::string::npos);
    CHECK(csv.find("fraud,,n,-5.00\n") != std::string::npos);
}

TEST_CASE("the monthly report's changes compare counts, shares and money with the last month",
          "[unit][reports]") {
    storage::report_figures now, before;
    now.summary_json =
        R"({"claims":10,"party_claims":20,"out_of_area":{"share":0.5},"fast_settle":{"share":0.3}})";
    before.summary_json =
        R"({"claims":4,"party_claims":8,"out_of_area":{"share":0.25},"fast_settle":{"share":null}})";
    now.sla_json = R"({"overall":{"attainment":0.9}})";
    before.sla_json = R"({"overall":{"attainment":0.95}})";
    now.fraud_json = R"({"leads":{"total":3},"confirmed_amount":"1200.50"})";
    before.fraud_json = R"({"leads":{"total":1},"confirmed_amount":"200.00"})";
    now.assists = {{"PICC", "621200", 2}, {"CPIC", "620500", 3}};
    const auto d = [](const char* text) { return *domain::parse_date(text); };
    const auto doc = gateway::json::monthly_document(
        now, {"2026-11", {d("2026-11-01"), d("2026-12-01")}}, before,
        {"2026-10", {d("2026-10-01"), d("2026-11-01")}});
    const auto csv = report_csv("monthly", doc);
    CHECK(csv.find("monthly,,month,2026-11\n") != std::string::npos);
    CHECK(csv.find("monthly,,to,2026-11-30\n") != std::string::npos);
    CHECK(csv.find("monthly,,previous_month,2026-10\n") != std::string::npos);
    CHECK(csv.find("monthly.changes,claims,change,6\n") != std::string::npos);
    CHECK(csv.find("monthly.changes,out_of_area_share,change,0.25\n") != std::string::npos);
    CHECK(csv.find("monthly.changes,fast_settle_share,change,\n") != std::string::npos);
    CHECK(csv.find("monthly.changes,sla_attainment,change,-0.05\n") != std::string::npos);
    CHECK(csv.find("monthly.changes,assists,current,5\n") != std::string::npos);
    CHECK(csv.find("monthly.changes,assists,change,5\n") != std::string::npos);
    CHECK(csv.find("monthly.changes,confirmed_amount,change,1000.50\n") != std::string::npos);
    CHECK(csv.find("monthly.changes,leads,change,2\n") != std::string::npos);
    CHECK(csv.find("assists_total") == std::string::npos);
}
