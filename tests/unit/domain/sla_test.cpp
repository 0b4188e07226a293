#include "domain/sla.hpp"

#include <catch2/catch.hpp>
#include <iomanip>
#include <sstream>
#include <string>

using namespace crossclaim::domain;

namespace {

instant at(const char* rfc3339) {
    const auto t = parse_rfc3339(rfc3339);
    REQUIRE(t);
    return *t;
}

date day(const char* text) {
    const auto d = parse_date(text);
    REQUIRE(d);
    return *d;
}

// Formats without format_rfc3339 so that these tests depend only on the code they test.
std::string local(instant t) {
    const instant shifted = t + shanghai_offset;
    const auto midnight = std::chrono::floor<std::chrono::days>(shifted);
    const std::chrono::year_month_day ymd{midnight};
    const std::chrono::hh_mm_ss hms{shifted - midnight};
    std::ostringstream out;
    out << std::setfill('0') << std::setw(4) << static_cast<int>(ymd.year()) << '-' << std::setw(2)
        << static_cast<unsigned>(ymd.month()) << '-' << std::setw(2)
        << static_cast<unsigned>(ymd.day()) << 'T' << std::setw(2) << hms.hours().count() << ':'
        << std::setw(2) << hms.minutes().count() << ':' << std::setw(2) << hms.seconds().count()
        << "+08:00";
    return out.str();
}

// The 2026 Spring Festival and National Day arrangements of the State Council.
work_calendar calendar_2026() {
    work_calendar cal;
    for (int d = 15; d <= 23; ++d) cal.holidays.insert(date{std::chrono::year{2026} / 2 / d});
    for (int d = 1; d <= 7; ++d) cal.holidays.insert(date{std::chrono::year{2026} / 10 / d});
    for (const char* d : {"2026-02-14", "2026-02-28", "2026-09-20", "2026-10-10"})
        cal.make_up_working_days.insert(day(d));
    return cal;
}

constexpr sla_duration hours(int n) { return {sla_duration::unit::hours, n}; }
constexpr sla_duration working_days(int n) { return {sla_duration::unit::working_days, n}; }
constexpr sla_duration calendar_days(int n) { return {sla_duration::unit::calendar_days, n}; }

claim claim_with(int parties, money loss_each, bool injuries = false) {
    claim c;
    c.accident.injuries = injuries;
    for (int i = 0; i < parties; ++i) {
        party p;
        p.role = std::string(1, static_cast<char>('A' + i));
        p.estimated_loss = loss_each;
        c.parties.push_back(p);
    }
    return c;
}

}  // namespace

TEST_CASE("working days are weekdays that are not holidays, plus make-up weekend days", "[sla]") {
    const auto cal = calendar_2026();
    CHECK(cal.is_working_day(day("2026-11-20")));        // a Friday
    CHECK_FALSE(cal.is_working_day(day("2026-11-21")));  // a Saturday
    CHECK_FALSE(cal.is_working_day(day("2026-11-22")));  // a Sunday
    CHECK_FALSE(cal.is_working_day(day("2026-10-01")));  // National Day, a Thursday
    CHECK_FALSE(cal.is_working_day(day("2026-10-04")));  // National Day, a Sunday
    CHECK(cal.is_working_day(day("2026-10-10")));        // make-up Saturday
    CHECK(cal.is_working_day(day("2026-09-20")));        // make-up Sunday
}

TEST_CASE("working days run to the midnight ending the n-th working day after the start day",
          "[sla]") {
    const work_calendar none;
    // Friday 15:00 + 3 working days: Mon, Tue, Wed, due at the end of Wednesday.
    CHECK(local(add_duration(at("2026-11-20T15:00:00+08:00"), working_days(3), none)) ==
          "2026-11-26T00:00:00+08:00");
    // A deadline across a weekend: Friday + 1 working day is the end of Monday.
    CHECK(local(add_duration(at("2026-11-20T09:00:00+08:00"), working_days(1), none)) ==
          "2026-11-24T00:00:00+08:00");
    // A start at exactly midnight is the end of the day before: Monday 00:00 + 1 is Monday.
    CHECK(local(add_duration(at("2026-11-23T00:00:00+08:00"), working_days(1), none)) ==
          "2026-11-24T00:00:00+08:00");
    CHECK(local(add_duration(at("2026-11-23T00:00:01+08:00"), working_days(1), none)) ==
          "2026-11-25T00:00:00+08:00");
    CHECK(add_duration(at("2026-11-20T09:00:00+08:00"), working_days(0), none) ==
          at("2026-11-20T09:00:00+08:00"));
}

TEST_CASE("the start day of a working-day limit is the Shanghai day, not the UTC day", "[sla]") {
    const work_calendar none;
    // Thursday 17:00 UTC is Friday 01:00 in Shanghai, so Monday is the first working day.
    CHECK(local(add_duration(at("2026-11-19T17:00:00Z"), working_days(1), none)) ==
          "2026-11-24T00:00:00+08:00");
}

TEST_CASE("working days skip holidays and count make-up working days", "[sla]") {
    const auto cal = calendar_2026();
    // Wednesday before National Day + 3: Thu 8th, Fri 9th, make-up Saturday 10th.
    CHECK(local(add_duration(at("2026-09-30T10:00:00+08:00"), working_days(3), cal)) ==
          "2026-10-11T00:00:00+08:00");
    // Friday + 1 when that Sunday is a make-up day: the Sunday itself.
    CHECK(local(add_duration(at("2026-09-18T15:00:00+08:00"), working_days(1), cal)) ==
          "2026-09-21T00:00:00+08:00");
    // Friday before Spring Festival + 3: make-up Saturday 14th, then Tue 24th, Wed 25th.
    CHECK(local(add_duration(at("2026-02-13T10:00:00+08:00"), working_days(3), cal)) ==
          "2026-02-26T00:00:00+08:00");
}

TEST_CASE("hours and calendar days ignore the calendar and cross midnight", "[sla]") {
    const auto cal = calendar_2026();
    CHECK(local(add_duration(at("2026-11-20T15:00:00+08:00"), hours(24), cal)) ==
          "2026-11-21T15:00:00+08:00");
    CHECK(local(add_duration(at("2026-11-20T22:30:00+08:00"), hours(12), cal)) ==
          "2026-11-21T10:30:00+08:00");
    CHECK(local(add_duration(at("2026-09-30T18:00:00+08:00"), hours(24), cal)) ==
          "2026-10-01T18:00:00+08:00");
    CHECK(local(add_duration(at("2026-09-28T11:00:00+08:00"), calendar_days(10), cal)) ==
          "2026-10-08T11:00:00+08:00");
}

TEST_CASE("the tier is the first match of COMPLEX, FAST_SETTLE, SIMPLE, NORMAL", "[sla]") {
    // Injuries make a case complex even when it was found fast-settle eligible.
    CHECK(choose_tier(claim_with(2, yuan(500), true), true) == sla_tier::complex);
    CHECK(choose_tier(claim_with(3, yuan(500)), false) == sla_tier::complex);
    CHECK(choose_tier(claim_with(3, yuan(500)), true) == sla_tier::complex);
    // Eligibility beats the small-loss rule.
    CHECK(choose_tier(claim_with(2, yuan(100)), true) == sla_tier::fast_settle);
    CHECK(choose_tier(claim_with(2, yuan(3000)), true) == sla_tier::fast_settle);
    CHECK(choose_tier(claim_with(1, yuan(50000)), false) == sla_tier::simple);
    // 499.99 + 499.99 < 1,000.00; 500.00 + 500.00 is not.
    CHECK(choose_tier(claim_with(2, money{49999}), false) == sla_tier::simple);
    CHECK(choose_tier(claim_with(2, yuan(500)), false) == sla_tier::normal);
    CHECK(choose_tier(claim_with(2, yuan(3000)), false) == sla_tier::normal);

    CHECK(to_string(sla_tier::fast_settle) == "FAST_SETTLE");
    CHECK(to_string(sla_tier::simple) == "SIMPLE");
    CHECK(to_string(sla_tier::normal) == "NORMAL");
    CHECK(to_string(sla_tier::complex) == "COMPLEX");
}

TEST_CASE("parse_sla_tier reads back every wire name and refuses anything else", "[sla]") {
    for (const auto tier :
         {sla_tier::fast_settle, sla_tier::simple, sla_tier::normal, sla_tier::complex})
        CHECK(parse_sla_tier(to_string(tier)) == tier);
    // Exact and upper case, like the other wire names: stored tiers are written by to_string.
    CHECK_FALSE(parse_sla_tier("fast_settle"));
    CHECK_FALSE(parse_sla_tier("Simple"));
    CHECK_FALSE(parse_sla_tier(" NORMAL"));
    CHECK_FALSE(parse_sla_tier(""));
    CHECK_FALSE(parse_sla_tier("UNKNOWN"));
}

TEST_CASE("every tier carries both statutory limits besides its own service levels", "[sla]") {
    CHECK(stage_rules().size() == 15);
    for (const auto tier :
         {sla_tier::fast_settle, sla_tier::simple, sla_tier::normal, sla_tier::complex}) {
        int statutory = 0;
        for (const auto& r : stage_rules())
            if (r.tier == tier && r.basis == statutory_basis) ++statutory;
        CHECK(statutory == 2);
    }
}

TEST_CASE("deadlines start from the status that was reached", "[sla]") {
    const auto cal = calendar_2026();
    const auto friday = at("2026-11-20T15:00:00+08:00");

    SECTION("fast-settle: assessed within 24 hours of the report") {
        const auto d = deadlines_from(sla_tier::fast_settle, claim_status::reported, friday, cal);
        REQUIRE(d.size() == 1);
        CHECK(d[0].stage == claim_status::assessed);
        CHECK(local(d[0].due) == "2026-11-21T15:00:00+08:00");
        CHECK(d[0].basis == service_level_basis);
    }
    SECTION("fast-settle: paid within 3 working days of the assessment") {
        const auto d = deadlines_from(sla_tier::fast_settle, claim_status::assessed, friday, cal);
        REQUIRE(d.size() == 1);
        CHECK(d[0].stage == claim_status::paid);
        CHECK(local(d[0].due) == "2026-11-26T00:00:00+08:00");
    }
    SECTION("simple: approved within 12 hours, then paid within 24 hours and 10 days") {
        const auto r = deadlines_from(sla_tier::simple, claim_status::reported, friday, cal);
        REQUIRE(r.size() == 1);
        CHECK(r[0].stage == claim_status::approved);
        CHECK(local(r[0].due) == "2026-11-21T03:00:00+08:00");

        const auto a = deadlines_from(sla_tier::simple, claim_status::approved, friday, cal);
        REQUIRE(a.size() == 2);
        CHECK(a[0].stage == claim_status::paid);
        CHECK(local(a[0].due) == "2026-11-21T15:00:00+08:00");
        CHECK(a[0].basis == service_level_basis);
        CHECK(a[1].stage == claim_status::paid);
        CHECK(local(a[1].due) == "2026-11-30T15:00:00+08:00");
        CHECK(a[1].basis == statutory_basis);
    }
    SECTION("normal: assessed within 3 working days, paid within 7 working days") {
        const auto r = deadlines_from(sla_tier::normal, claim_status::reported, friday, cal);
        REQUIRE(r.size() == 1);
        CHECK(r[0].stage == claim_status::assessed);
        CHECK(local(r[0].due) == "2026-11-26T00:00:00+08:00");

        const auto a = deadlines_from(sla_tier::normal, claim_status::assessed, friday, cal);
        REQUIRE(a.size() == 1);
        CHECK(a[0].stage == claim_status::paid);
        CHECK(local(a[0].due) == "2026-12-02T00:00:00+08:00");
    }
    SECTION("complex: assessed within 10 working days") {
        const auto r = deadlines_from(sla_tier::complex, claim_status::reported, friday, cal);
        REQUIRE(r.size() == 1);
        CHECK(r[0].stage == claim_status::assessed);
        CHECK(local(r[0].due) == "2026-12-05T00:00:00+08:00");
    }
    SECTION("every tier: approved within 30 days of complete documents") {
        for (const auto tier :
             {sla_tier::fast_settle, sla_tier::simple, sla_tier::normal, sla_tier::complex}) {
            const auto d = deadlines_from(tier, claim_status::documents_complete, friday, cal);
            REQUIRE(d.size() == 1);
            CHECK(d[0].stage == claim_status::approved);
            CHECK(local(d[0].due) == "2026-12-20T15:00:00+08:00");
            CHECK(d[0].basis == statutory_basis);
        }
    }
    SECTION("a status that starts no clock yields no deadline") {
        CHECK(deadlines_from(sla_tier::normal, claim_status::routed, friday, cal).empty());
        CHECK(deadlines_from(sla_tier::complex, claim_status::closed, friday, cal).empty());
    }
}

TEST_CASE("escalation goes supervisor, complaints, association, 2 working days apart", "[sla]") {
    const work_calendar none;
    CHECK(escalation_target(1) == "HANDLING_BRANCH_SUPERVISOR");
    CHECK(escalation_target(2) == "UNDERWRITER_COMPLAINTS");
    CHECK(escalation_target(3) == "ASSOCIATION");
    CHECK(escalation_target(0).empty());
    CHECK(escalation_target(max_escalation_level + 1).empty());

    // Due at the end of Wednesday 25 November (Thursday 00:00).
    const auto due = at("2026-11-26T00:00:00+08:00");
    CHECK(escalation_due(due, 1, none) == due);
    // Each level gets two whole working days: Thu and Fri, then Mon and Tue.
    CHECK(local(escalation_due(due, 2, none)) == "2026-11-28T00:00:00+08:00");
    CHECK(local(escalation_due(due, 3, none)) == "2026-12-02T00:00:00+08:00");
    CHECK(local(escalation_due(due, 0, none)) == local(due));
}

TEST_CASE("escalation days skip holidays", "[sla]") {
    const auto cal = calendar_2026();
    // Level 1 on 30 September: Oct 8 and 9 are the next working days, then the make-up
    // Saturday 10th and Monday 12th.
    const auto due = at("2026-09-30T12:00:00+08:00");
    CHECK(local(escalation_due(due, 2, cal)) == "2026-10-10T00:00:00+08:00");
    CHECK(local(escalation_due(due, 3, cal)) == "2026-10-13T00:00:00+08:00");
}
