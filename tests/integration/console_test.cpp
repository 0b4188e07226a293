// The console: users added by the CLI, login and lockout, sessions in the database, CSRF,
// its files and headers, and (last) the whole console in a real headless Chromium.

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <filesystem>

#include "claims_api.hpp"
#include "domain/time.hpp"
#include "fraud_api.hpp"
#include "harness.hpp"

using namespace crossclaim::testing;
namespace bj = boost::json;

namespace {

const std::string association_password = "association-pass-2026";
const std::string investigator_password = "investigator-pass-2026";

struct console_gateway : pool_gateway {
    console_gateway() {
        REQUIRE(add_user("association", "lnia-ops", association_password) == 0);
        REQUIRE(add_user("investigator", "afc-inv", investigator_password) == 0);
    }

    // `crossclaim user add`, the password on standard input; its output goes to `log`.
    int add_user(const std::string& role, const std::string& name, const std::string& password,
                 const std::string& extra = "") {
        return run({"/bin/sh", "-c",
                    "printf '%s\\n' \"$0\" | CROSSCLAIM_DB_URL=\"$1\" \"$2\" user add --config "
                    "\"$3\" --role \"$4\" " + extra + " \"$5\"",
                    password, db.url(), binary_path(), gw.config(), role, name},
                   log);
    }

    http_result call(const std::string& method, const std::string& target,
                     const std::string& body = "", std::map<std::string, std::string> headers = {}) {
        return https(gw.console_port(), method, target, std::nullopt, pki.ca(), body, headers);
    }

    struct login {
        std::string cookie, csrf;
    };
    login log_in(const std::string& name, const std::string& password) {
        const auto r = call("POST", "/console/api/login",
                            R"({"name":")" + name + R"(","password":")" + password + R"("})");
        REQUIRE(r.status == 200);
        const auto set = r.header("set-cookie");
        return {set.substr(0, set.find(';')),
                std::string(bj::parse(r.body).at("csrf_token").as_string())};
    }
    http_result as(const login& l, const std::string& method, const std::string& target,
                   const std::string& body = "", bool with_csrf = true) {
        std::map<std::string, std::string> h{{"Cookie", l.cookie}};
        if (with_csrf) h["X-CSRF-Token"] = l.csrf;
        return call(method, target, body, h);
    }

    temp_dir logs;
    std::string log = logs.path() + "/cli.log";
};

}  // namespace

TEST_CASE("console users are added by the CLI with an Argon2id hash, bad requests are refused",
          "[integration][console]") {
    console_gateway g;
    CHECK(g.sql("SELECT password_hash FROM console_users WHERE name = 'lnia-ops'").rfind(
              "$argon2id$", 0) == 0);
    CHECK(g.sql("SELECT organisation FROM console_users WHERE name = 'lnia-ops'") == "LNIA");
    CHECK(g.sql("SELECT organisation FROM console_users WHERE name = 'afc-inv'") == "AFC");

    CHECK(g.add_user("association", "short", "too-short") == 2);
    CHECK(read_file(g.log).find("at least 12 characters") != std::string::npos);
    CHECK(g.add_user("association", "tsia-ops", "a-long-enough-password", "--org AFC") == 2);
    CHECK(read_file(g.log).find("AFC is not configured with the role association") !=
          std::string::npos);
    CHECK(g.add_user("insurer", "picc-ops", "a-long-enough-password") == 2);
    CHECK(read_file(g.log).find("--role must be association or investigator") != std::string::npos);
    CHECK(g.sql("SELECT count(*) FROM console_users") == "2");

    // A new password for an existing user ends its sessions.
    const auto before = g.log_in("lnia-ops", association_password);
    CHECK(g.add_user("association", "lnia-ops", "another-password-2026", "--org TSIA") == 0);
    CHECK(g.as(before, "GET", "/console/api/me").status == 401);
    const auto after = g.log_in("lnia-ops", "another-password-2026");
    CHECK(bj::parse(g.as(after, "GET", "/console/api/me").body).at("organisation") == "TSIA");
}

TEST_CASE("a login sets a Secure HttpOnly SameSite=Strict cookie and wrong passwords lock it",
          "[integration][console]") {
    console_gateway g;
    const auto ok = g.call("POST", "/console/api/login",
                           R"({"name":"lnia-ops","password":")" + association_password + R"("})");
    REQUIRE(ok.status == 200);
    const auto cookie = ok.header("set-cookie");
    CHECK(cookie.rfind("__Host-cc_session=", 0) == 0);
    for (const char* attr : {"; Secure", "; HttpOnly", "; SameSite=Strict", "; Path=/"})
        CHECK(cookie.find(attr) != std::string::npos);
    const auto me = bj::parse(ok.body);
    CHECK(me.at("role") == "association");
    CHECK(me.at("csrf_token").as_string().size() == 64);
    // Only the token's hash is stored.
    const std::string token = cookie.substr(cookie.find('=') + 1, 64);
    CHECK(g.sql("SELECT count(*) FROM console_sessions WHERE token_sha256 = '" + token + "'") ==
          "0");

    const auto wrong = [&](const std::string& name) {
        return g.call("POST", "/console/api/login",
                      R"({"name":")" + name + R"(","password":"not-the-password"})");
    };
    CHECK(wrong("nobody").status == 401);
    for (int i = 0; i < 5; ++i) CHECK(wrong("afc-inv").status == 401);
    const auto locked = g.call("POST", "/console/api/login",
                               R"({"name":"afc-inv","password":")" + investigator_password + R"("})");
    CHECK(locked.status == 423);
    CHECK(std::stoi(locked.header("retry-after")) > 60);
    // Another user is not locked; the lock ends when its time has passed.
    CHECK(g.log_in("lnia-ops", association_password).cookie.size() > 20);
    g.sql("UPDATE console_users SET locked_until = now() - interval '1 second' "
          "WHERE name = 'afc-inv' RETURNING 1");
    CHECK(g.log_in("afc-inv", investigator_password).cookie.size() > 20);

    CHECK(g.call("POST", "/console/api/login", R"({"name":"x"})").status == 422);
    CHECK(g.call("POST", "/console/api/login", R"({"name":"x","password":1})").status == 422);
    CHECK(g.call("POST", "/console/api/login", "{").status == 400);
}

TEST_CASE("console data calls need a live session of the right role and a CSRF token on changes",
          "[integration][console]") {
    console_gateway g;
    CHECK(g.call("GET", "/console/api/me").status == 401);
    CHECK(g.call("GET", "/console/api/reports/summary?month=2026-11").status == 401);
    CHECK(g.call("GET", "/console/api/reports/summary?month=2026-11", "",
                 {{"Cookie", "__Host-cc_session=" + std::string(64, 'a')}})
              .status == 401);

    const auto assoc = g.log_in("lnia-ops", association_password);
    const auto inv = g.log_in("afc-inv", investigator_password);
    CHECK(g.as(assoc, "GET", "/console/api/reports/summary?month=2026-11").status == 200);
    CHECK(g.as(assoc, "GET", "/console/api/reports/monthly?month=2026-11").status == 200);
    CHECK(g.as(assoc, "GET", "/console/api/deliveries/dead").status == 200);
    CHECK(g.as(assoc, "GET", "/console/api/leads").status == 403);
    CHECK(g.as(assoc, "GET", "/console/api/fraud/rules").status == 403);
    CHECK(g.as(inv, "GET", "/console/api/leads").status == 200);
    CHECK(g.as(inv, "GET", "/console/api/reports/summary?month=2026-11").status == 403);

    // A change without the session's CSRF token is refused; with it, it is done.
    CHECK(g.as(assoc, "POST", "/console/api/deliveries/replay", "{}", false).status == 403);
    auto forged = assoc;
    forged.csrf = inv.csrf;
    CHECK(g.as(forged, "POST", "/console/api/deliveries/replay", "{}").status == 403);
    CHECK(g.as(assoc, "POST", "/console/api/deliveries/replay", "{}").status == 200);

    // A session idle longer than the timeout has ended.
    g.sql("UPDATE console_sessions SET last_seen_at = now() - interval '31 minutes' "
          "WHERE user_name = 'afc-inv' RETURNING 1");
    CHECK(g.as(inv, "GET", "/console/api/leads").status == 401);

    CHECK(g.as(assoc, "POST", "/console/api/logout", "", false).status == 403);
    CHECK(g.as(assoc, "POST", "/console/api/logout").status == 204);
    CHECK(g.as(assoc, "GET", "/console/api/me").status == 401);
    // The API listener does not serve the console.
    CHECK(https(g.gw.api_port(), "GET", "/console/api/me", g.investigator, g.pki.ca()).status ==
          404);
}

TEST_CASE("the console's files come with a strict CSP, ETags and nothing outside them",
          "[integration][console]") {
    console_gateway g;
    const auto index = g.call("GET", "/console/");
    REQUIRE(index.status == 200);
    CHECK(index.header("content-type").rfind("text/html", 0) == 0);
    const auto csp = index.header("content-security-policy");
    CHECK(csp.find("script-src 'self'") != std::string::npos);
    CHECK(csp.find("style-src 'self'") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(index.header("x-frame-options") == "DENY");
    CHECK(index.header("x-content-type-options") == "nosniff");
    // No inline script or style in the page itself.
    CHECK(index.body.find("<script>") == std::string::npos);
    CHECK(index.body.find("style=") == std::string::npos);
    CHECK(index.body.find("<style") == std::string::npos);

    const auto etag = index.header("etag");
    REQUIRE(etag.size() > 10);
    CHECK(g.call("GET", "/console/", "", {{"If-None-Match", etag}}).status == 304);
    CHECK(g.call("GET", "/console/", "", {{"If-None-Match", "\"other\""}}).status == 200);
    CHECK(g.call("GET", "/console").header("location") == "/console/");
    const auto charts = g.call("GET", "/console/vendor/echarts.min.js");
    CHECK(charts.status == 200);
    CHECK(charts.header("content-type").rfind("text/javascript", 0) == 0);
    CHECK(g.call("GET", "/console/js/app.js").status == 200);
    CHECK(g.call("GET", "/console/i18n/zh.json").status == 200);
    for (const char* outside : {"/console/..%2fconfig/crossclaim.toml", "/console/../CMakeLists.txt",
                                "/console/nothing.js", "/console/js/../../README.md"})
        CHECK(g.call("GET", outside).status == 404);
    CHECK(g.as(g.log_in("lnia-ops", association_password), "GET",
               "/console/api/reports/summary?month=2026-11")
              .header("cache-control") == "no-store");
}
TEST_CASE("the console works end to end in a real headless Chromium", "[integration][console][e2e]") {
    console_gateway g;
    REQUIRE(g.add_user("investigator", "afc-lockme", "lock-me-password-2026") == 0);
    const auto claims = plant_frequent_vehicle(g, 41);
    g.screened();
    // An assist by PAIC's adjuster, so that the assists page has figures to compare.
    const auto assist = https(g.gw.api_port(), "POST", "/v1/assists", g.paic, g.pki.ca(),
                              R"({"adjuster_id":"PAIC-ADJ-1","claim_id":")" + claims[0] +
                                  R"(","services":["PHOTOS"],"at":")" + now_rfc3339() + R"("})");
    REQUIRE(assist.status == 201);
    const auto lead = g.sql("SELECT lead_id FROM lead_claims WHERE claim_id = '" + claims[3] + "'");
    REQUIRE(lead.size() == 36);
    const auto today = crossclaim::domain::shanghai_day(
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    const std::string month = crossclaim::domain::format_date(today).substr(0, 7);

    const std::string artifacts = std::string(CROSSCLAIM_BUILD_DIR) + "/test-artifacts/console";
    std::filesystem::create_directories(artifacts);
    const std::string out = g.logs.path() + "/e2e.log";
    const int code = run(
        {"/usr/bin/env", "CC_CONSOLE_URL=https://127.0.0.1:" + std::to_string(g.gw.console_port()),
         "CC_ASSOCIATION_USER=lnia-ops", "CC_ASSOCIATION_PASSWORD=" + association_password,
         "CC_INVESTIGATOR_USER=afc-inv", "CC_INVESTIGATOR_PASSWORD=" + investigator_password,
         "CC_LOCKOUT_USER=afc-lockme", "CC_LOCKOUT_PASSWORD=lock-me-password-2026",
         "CC_LEAD_ID=" + lead, "CC_MONTH=" + month, "CC_ARTIFACTS=" + artifacts, "node",
         source_dir() + "/tests/console/console_e2e.mjs"},
        out);
    INFO(read_file(out));
    CHECK(code == 0);
    // The reveal in the browser left its audit row, with the investigator's name and reason.
    CHECK(g.sql("SELECT count(*) FROM audit_log WHERE action = 'reveal' AND actor = 'afc-inv' "
                "AND organisation = 'AFC' AND reason = 'CASE-E2E-1' AND lead_id = '" + lead + "'") ==
          "1");
    for (const char* shot : {"overview.png", "sla.png", "fraud.png", "monthly.png", "leads.png",
                             "lead.png"})
        CHECK(std::filesystem::file_size(artifacts + "/" + shot) > 10'000);
}

// Hidden from test discovery: tests/CMakeLists.txt registers it with a longer time limit.
TEST_CASE("hundreds of console logins and thousands of calls and logouts leave memory and sessions flat",
          "[.][integration][console][soak]") {
    console_gateway g;
    // Each login verifies an Argon2id hash (64 MB, about 0.1 s of one core), so the soak
    // makes many calls per session rather than thousands of logins.
    const auto round = [&](int logins) {
        for (int i = 0; i < logins; ++i) {
            const auto l = g.log_in("lnia-ops", association_password);
            for (int k = 0; k < 10; ++k) {
                REQUIRE(g.as(l, "GET", "/console/api/me").status == 200);
                REQUIRE(g.as(l, "GET", "/console/api/reports/summary?month=2026-11").status == 200);
                REQUIRE(g.as(l, "GET", "/console/js/app.js").status == 200);
            }
            REQUIRE(g.as(l, "POST", "/console/api/logout").status == 204);
        }
    };
    round(40);  // every database thread has verified a password and run each statement
    const int fds = open_fds(g.gw.pid());
    const long warm = resident_bytes(g.gw.pid());
    round(120);  // 3,720 more requests
    const long after = resident_bytes(g.gw.pid());
    INFO("VmRSS after 40 logins: " << warm / 1024 << " KiB, after 160: " << after / 1024 << " KiB");
    CHECK(after - warm < 8L * 1024 * 1024);
    CHECK(open_fds(g.gw.pid()) <= fds + 2);
    CHECK(g.sql("SELECT count(*) FROM console_sessions") == "0");
    // Sessions left idle are removed at the next login, not kept for ever.
    for (int i = 0; i < 20; ++i) g.log_in("lnia-ops", association_password);
    g.sql("UPDATE console_sessions SET last_seen_at = now() - interval '2 hours' RETURNING 1");
    g.log_in("afc-inv", investigator_password);
    CHECK(g.sql("SELECT count(*) FROM console_sessions") == "1");
}
