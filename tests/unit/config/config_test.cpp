#include "config/config.hpp"

#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>

using namespace crossclaim;
using crossclaim::config::environment;
using crossclaim::config::load;
namespace fs = std::filesystem;

namespace {

const fs::path source_config_dir = fs::path(CROSSCLAIM_SOURCE_DIR) / "config";

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string sha256_hex(const std::string& data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    std::string out;
    static const char* hex = "0123456789abcdef";
    for (unsigned i = 0; i < len; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

// A fresh folder with the shipped data files (situations, calendar, segments), removed afterwards.
class temp_config_dir {
  public:
    temp_config_dir() {
        static std::atomic<int> counter{0};
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        dir_ = fs::temp_directory_path() /
               ("crossclaim-config-test-" + std::to_string(::getpid()) + "-" +
                std::to_string(stamp) + "-" + std::to_string(counter++));
        fs::create_directories(dir_);
        fs::copy_file(source_config_dir / "situations.toml", dir_ / "situations.toml");
        fs::copy_file(source_config_dir / "calendar.toml", dir_ / "calendar.toml");
        fs::copy_file(source_config_dir / "mobile_segments.toml", dir_ / "mobile_segments.toml");
    }
    ~temp_config_dir() {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }
    temp_config_dir(const temp_config_dir&) = delete;
    temp_config_dir& operator=(const temp_config_dir&) = delete;

    const fs::path& path() const { return dir_; }

    // Writes `text` to `name` in the folder and returns the file's path.
    std::string write(const std::string& name, const std::string& text) const {
        const auto p = dir_ / name;
        std::ofstream(p, std::ios::binary) << text;
        return p.string();
    }

  private:
    fs::path dir_;
};

// A small valid config; tests append to it or replace parts of it.
const std::string tls_part = R"([tls]
cert = "pki/server.crt"
key = "pki/server.key"
ca = "pki/ca.crt"
)";

const std::string zone_part = R"(
[zone]
name = "test zone"
situations = "situations.toml"
calendar = "calendar.toml"
mobile_segments = "mobile_segments.toml"
threshold = "8000.50"
compulsory_at_fault = "2000.00"
compulsory_no_fault = "100.00"
mutual_each_vehicle_max = "2000.00"

[[zone.region]]
code = "621200"
name = "Longnan"
counties = ["621202", "621221"]

[[zone.region]]
code = "620500"
name = "Tianshui"
counties = ["620502"]
)";

const std::string member_part = R"(
[[member]]
code = "PICC"
branch = [{ region = "621200" }, { region = "620500" }]
)";

const std::string minimal = tls_part + zone_part + member_part;

// The 1-based line of the first line of `text` that contains `marker`.
int line_of(const std::string& text, const std::string& marker) {
    const auto at = text.find(marker);
    REQUIRE(at != std::string::npos);
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

std::string all(const std::vector<std::string>& errors) {
    std::string out;
    for (const auto& e : errors) out += e + "\n";
    return out;
}

// The one error that mentions `key`; fails unless there is exactly one.
std::string error_about(const std::vector<std::string>& errors, const std::string& key) {
    std::vector<std::string> hits;
    for (const auto& e : errors)
        if (e.find(key) != std::string::npos) hits.push_back(e);
    INFO(all(errors));
    REQUIRE(hits.size() == 1);
    return hits.front();
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.rfind(prefix, 0) == 0;
}

domain::date day(int y, unsigned m, unsigned d) {
    return domain::date{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

}  // namespace

TEST_CASE("the shipped demo config loads without errors", "[config]") {
    const auto r = load(config::default_path(), {});
    INFO(all(r.errors));
    REQUIRE(r.errors.empty());
    REQUIRE(r.value);
    CHECK(r.value->source == config::default_path());
    CHECK(r.value->server.api.port == 8443);
    CHECK(r.value->server.console.port == 8444);
}

TEST_CASE("the shipped demo zone has Longnan and Tianshui and the four members", "[config]") {
    const auto r = load(config::default_path(), {});
    REQUIRE(r.value);
    const auto& zone = r.value->zone;

    REQUIRE(zone.regions.size() == 2);
    CHECK(zone.is_member_region("621200"));
    CHECK(zone.is_member_region("620500"));

    REQUIRE(zone.members.size() == 4);
    for (const char* m : {"PICC", "PAIC", "CPIC"}) {
        INFO(m);
        CHECK(zone.is_member(m));
        CHECK(zone.find_branch(m, "621200") != nullptr);
        CHECK(zone.find_branch(m, "620500") != nullptr);
        CHECK(zone.has_branch_in_every_region(m));
    }
    CHECK(zone.is_member("LNRB"));
    CHECK(zone.find_branch("LNRB", "621200") != nullptr);
    CHECK(zone.find_branch("LNRB", "620500") == nullptr);
    CHECK(zone.branches.size() == 7);

    // Every branch has its delivery settings; the demo uses the pull adapter throughout.
    CHECK(r.value->delivery.size() == 7);
    for (const auto& b : zone.branches) {
        INFO(b.code);
        CHECK(b.code == b.member + "-" + b.region);
        REQUIRE(r.value->delivery.count(b.code) == 1);
        CHECK(r.value->delivery.at(b.code).adapter == "pull");
    }
}

TEST_CASE("the shipped demo config sets the fast-settle money limits", "[config]") {
    const auto r = load(config::default_path(), {});
    REQUIRE(r.value);
    const auto& lim = r.value->rulebook.limits;
    CHECK(domain::to_string(lim.threshold) == "10000.00");
    CHECK(domain::to_string(lim.compulsory_at_fault) == "2000.00");
    CHECK(domain::to_string(lim.compulsory_no_fault) == "100.00");
    CHECK(domain::to_string(lim.mutual_each_vehicle_max) == "2000.00");
}

TEST_CASE("money limits are read from the file, not left at their defaults", "[config]") {
    temp_config_dir dir;
    const auto r = load(dir.write("crossclaim.toml", minimal), {});
    INFO(all(r.errors));
    REQUIRE(r.value);
    CHECK(domain::to_string(r.value->rulebook.limits.threshold) == "8000.50");
}

TEST_CASE("the situation table carries its version and the sha256 of its file", "[config]") {
    const auto r = load(config::default_path(), {});
    REQUIRE(r.value);
    const auto& table = r.value->rulebook.table;
    CHECK(table.version == "2026.1");
    REQUIRE(table.sha256.size() == 64);
    CHECK(std::all_of(table.sha256.begin(), table.sha256.end(),
                      [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }));
    CHECK(table.sha256 == sha256_hex(read_all(source_config_dir / "situations.toml")));
    REQUIRE(table.find(1) != nullptr);
    CHECK(table.find(1)->listed);
    CHECK_FALSE(table.find(1)->zh.empty());
}

TEST_CASE("the calendar has the holidays and make-up working days of its file", "[config]") {
    const auto r = load(config::default_path(), {});
    REQUIRE(r.value);
    const auto& cal = r.value->calendar;
    CHECK_FALSE(cal.holidays.empty());
    CHECK(cal.holidays.count(day(2026, 10, 1)) == 1);
    CHECK(cal.holidays.count(day(2026, 2, 17)) == 1);
    CHECK(cal.make_up_working_days.count(day(2026, 10, 10)) == 1);
    CHECK_FALSE(cal.is_working_day(day(2026, 10, 1)));  // a Thursday, National Day
    CHECK(cal.is_working_day(day(2026, 10, 10)));       // a Saturday, made up
}

TEST_CASE("an unknown top-level key is reported with file, line and key", "[config]") {
    temp_config_dir dir;
    const std::string text = "colour = \"blue\"\n" + minimal;
    const auto path = dir.write("crossclaim.toml", text);
    const auto r = load(path, {});
    CHECK_FALSE(r.value);
    INFO(all(r.errors));
    REQUIRE(r.errors.size() == 1);
    CHECK(starts_with(r.errors[0], path + ":1:"));
    CHECK(r.errors[0].find(": colour: unknown key") != std::string::npos);
}

TEST_CASE("an unknown key in a table is reported with file, line and dotted key", "[config]") {
    temp_config_dir dir;
    const std::string text = minimal + "\n[server]\nio_threads = 2\nlisen = \"127.0.0.1:9443\"\n";
    const auto path = dir.write("crossclaim.toml", text);
    const auto r = load(path, {});
    CHECK_FALSE(r.value);
    INFO(all(r.errors));
    REQUIRE(r.errors.size() == 1);
    CHECK(starts_with(r.errors[0], path + ":" + std::to_string(line_of(text, "lisen")) + ":"));
    CHECK(r.errors[0].find("server.lisen: unknown key") != std::string::npos);
}

TEST_CASE("an unknown key in a branch is reported with the member in its key", "[config]") {
    temp_config_dir dir;
    const std::string text = tls_part + zone_part + R"(
[[member]]
code = "PICC"
branch = [{ region = "621200", adaptor = "pull" }]
)";
    const auto path = dir.write("crossclaim.toml", text);
    const auto r = load(path, {});
    CHECK_FALSE(r.value);
    const auto e = error_about(r.errors, "adaptor");
    CHECK(starts_with(e, path + ":" + std::to_string(line_of(text, "adaptor")) + ":"));
    CHECK(e.find("member.PICC.branch.adaptor: unknown key") != std::string::npos);
}

TEST_CASE("every bad value of one file is reported at once, each with its line", "[config]") {
    temp_config_dir dir;
    const std::string text = R"([server]
listen = "127.0.0.1:99999"

[database]
pool_size = -1
)" + tls_part + R"(
[zone]
situations = "situations.toml"
calendar = "calendar.toml"
mobile_segments = "mobile_segments.toml"
threshold = "10000.001"
compulsory_at_fault = "2000.00"
compulsory_no_fault = "100.00"
mutual_each_vehicle_max = "2000.00"

[[zone.region]]
code = "621200"
counties = ["621202"]

[[zone.region]]
code = "620000"
counties = []

[[member]]
code = "PICC"
branch = [{ region = "620100" }]

[[member]]
code = "PAIC"
branch = [{ region = "621200", adapter = "carrier_pigeon" }]

[[member]]
code = "CPIC"
branch = [{ region = "621200", adapter = "json_webhook", url = "http://cpic.example/hook", secret = "0123456789abcdef0123" }]

[[member]]
code = "LNRB"
branch = [{ region = "621200", adapter = "xml_legacy", url = "https://lnrb.example/hook", secret = "short" }]
)";
    const auto path = dir.write("crossclaim.toml", text);
    const auto r = load(path, {});
    CHECK_FALSE(r.value);
    INFO(all(r.errors));
    CHECK(r.errors.size() == 8);

    const auto at = [&](const std::string& marker) {
        return path + ":" + std::to_string(line_of(text, marker)) + ":";
    };
    const auto port = error_about(r.errors, "server.listen");
    CHECK(starts_with(port, at("99999")));
    CHECK(port.find("host:port") != std::string::npos);

    const auto pool = error_about(r.errors, "database.pool_size");
    CHECK(starts_with(pool, at("pool_size")));
    CHECK(pool.find("from 1 to 256") != std::string::npos);

    const auto threshold = error_about(r.errors, "zone.threshold");
    CHECK(starts_with(threshold, at("10000.001")));
    CHECK(threshold.find("two decimals") != std::string::npos);

    const auto region = error_about(r.errors, "zone.region.code");
    CHECK(region.find("\"620000\" is not a 6-digit prefecture code") != std::string::npos);
    CHECK(starts_with(region, path + ":"));

    const auto outside = error_about(r.errors, "member.PICC.branch.region");
    CHECK(starts_with(outside, at("620100")));
    CHECK(outside.find("620100 is not a region of the zone") != std::string::npos);

    const auto adapter = error_about(r.errors, "member.PAIC.branch.adapter");
    CHECK(starts_with(adapter, at("carrier_pigeon")));

    const auto url = error_about(r.errors, "member.CPIC.branch.url");
    CHECK(starts_with(url, at("http://cpic")));
    CHECK(url.find("https://") != std::string::npos);

    const auto secret = error_about(r.errors, "member.LNRB.branch.secret");
    CHECK(starts_with(secret, at("short")));
    CHECK(secret.find("at least 16") != std::string::npos);
}

TEST_CASE("a json_webhook branch with an https url and a long secret is accepted", "[config]") {
    temp_config_dir dir;
    const std::string text = tls_part + zone_part + R"(
[[member]]
code = "PICC"
branch = [{ region = "621200", adapter = "json_webhook", url = "https://picc.example/hook", secret = "0123456789abcdef", ca = "receiver-ca.crt" }]
)";
    const auto r = load(dir.write("crossclaim.toml", text), {});
    INFO(all(r.errors));
    REQUIRE(r.value);
    const auto& d = r.value->delivery.at("PICC-621200");
    CHECK(d.adapter == "json_webhook");
    CHECK(d.url == "https://picc.example/hook");
    CHECK(d.secret == "0123456789abcdef");
    CHECK(d.ca == (dir.path() / "receiver-ca.crt").lexically_normal().string());
}

TEST_CASE("a TOML syntax error is reported with file and line", "[config]") {
    temp_config_dir dir;
    const std::string text = minimal + "\n[server\nlisten = \"127.0.0.1:8443\"\n";
    const auto path = dir.write("crossclaim.toml", text);
    const auto r = load(path, {});
    CHECK_FALSE(r.value);
    INFO(all(r.errors));
    REQUIRE(r.errors.size() == 1);
    CHECK(starts_with(r.errors[0], path + ":" + std::to_string(line_of(text, "[server")) + ":"));
}

TEST_CASE("a TOML syntax error in the situation table names that file and line", "[config]") {
    temp_config_dir dir;
    dir.write("situations.toml", "version = \"x\"\n[[situation]]\ncode = = 1\n");
    const auto r = load(dir.write("crossclaim.toml", minimal), {});
    CHECK_FALSE(r.value);
    INFO(all(r.errors));
    REQUIRE(r.errors.size() == 1);
    CHECK(starts_with(r.errors[0], (dir.path() / "situations.toml").string() + ":3:"));
}

TEST_CASE("a situation code out of range is reported once, not also as missing", "[config]") {
    temp_config_dir dir;
    const std::string situations =
        "version = \"x\"\n[[situation]]\ncode = 100\nzh = \"z\"\nen = \"e\"\n";
    const auto situations_path = dir.write("situations.toml", situations);
    const auto r = load(dir.write("crossclaim.toml", minimal), {});
    CHECK_FALSE(r.value);
    INFO(all(r.errors));
    REQUIRE(r.errors.size() == 1);
    CHECK(starts_with(r.errors[0], situations_path + ":3:"));
    CHECK(r.errors[0].find("situation.code: must be an integer from 1 to 99") != std::string::npos);
}

TEST_CASE("a situation without a code is reported as missing", "[config]") {
    temp_config_dir dir;
    dir.write("situations.toml", "version = \"x\"\n[[situation]]\nzh = \"z\"\nen = \"e\"\n");
    const auto r = load(dir.write("crossclaim.toml", minimal), {});
    CHECK_FALSE(r.value);
    INFO(all(r.errors));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].find("situation.code: missing") != std::string::npos);
}

TEST_CASE("a config file that does not exist is reported, not thrown", "[config]") {
    temp_config_dir dir;
    const auto path = (dir.path() / "absent.toml").string();
    const auto r = load(path, {});
    CHECK_FALSE(r.value);
    REQUIRE(r.errors.size() == 1);
    CHECK(starts_with(r.errors[0], path));
}

TEST_CASE("environment variables override the file", "[config]") {
    temp_config_dir dir;
    const std::string text = minimal + R"(
[server]
listen = "127.0.0.1:8443"

[database]
url = "postgresql://file@localhost/file"
)";
    const auto path = dir.write("crossclaim.toml", text);
    const environment env{{"CROSSCLAIM_DB_URL", "postgresql://env@localhost/env"},
                          {"CROSSCLAIM_LISTEN", "0.0.0.0:9443"},
                          {"CROSSCLAIM_TLS_CERT", "/etc/crossclaim/server.crt"},
                          {"CROSSCLAIM_TLS_KEY", "/etc/crossclaim/server.key"},
                          {"CROSSCLAIM_TLS_CA", "/etc/crossclaim/ca.crt"}};
    const auto r = load(path, env);
    INFO(all(r.errors));
    REQUIRE(r.value);
    CHECK(r.value->database.url == "postgresql://env@localhost/env");
    CHECK(r.value->server.api.host == "0.0.0.0");
    CHECK(r.value->server.api.port == 9443);
    CHECK(r.value->tls.cert == "/etc/crossclaim/server.crt");
    CHECK(r.value->tls.key == "/etc/crossclaim/server.key");
    CHECK(r.value->tls.ca == "/etc/crossclaim/ca.crt");

    // Without the environment the file's values stand.
    const auto plain = load(path, {});
    REQUIRE(plain.value);
    CHECK(plain.value->database.url == "postgresql://file@localhost/file");
    CHECK(plain.value->server.api.port == 8443);
}

TEST_CASE("a CROSSCLAIM_LISTEN that is not host:port is reported", "[config]") {
    temp_config_dir dir;
    const auto path = dir.write("crossclaim.toml", minimal);
    for (const char* bad :
         {"localhost", "127.0.0.1:", ":8443", "127.0.0.1:70000", "127.0.0.1:84a3"}) {
        INFO(bad);
        const auto r = load(path, {{"CROSSCLAIM_LISTEN", bad}});
        CHECK_FALSE(r.value);
        REQUIRE(r.errors.size() == 1);
        CHECK(starts_with(r.errors[0], "CROSSCLAIM_LISTEN:"));
        CHECK(r.errors[0].find(bad) != std::string::npos);
    }
}

TEST_CASE("relative paths in [tls] resolve against the config file's folder", "[config]") {
    temp_config_dir dir;
    const std::string text = R"([tls]
cert = "pki/server.crt"
key = "../keys/server.key"
ca = "/etc/crossclaim/ca.crt"
)" + zone_part + member_part;
    const auto r = load(dir.write("crossclaim.toml", text), {});
    INFO(all(r.errors));
    REQUIRE(r.value);
    CHECK(r.value->tls.cert == (dir.path() / "pki" / "server.crt").string());
    CHECK(r.value->tls.key == (dir.path().parent_path() / "keys" / "server.key").string());
    CHECK(r.value->tls.ca == "/etc/crossclaim/ca.crt");
}

TEST_CASE("the shipped config's [tls] paths point into var/pki of the source tree", "[config]") {
    const auto r = load(config::default_path(), {});
    REQUIRE(r.value);
    const auto pki = (fs::path(CROSSCLAIM_SOURCE_DIR) / "var" / "pki").lexically_normal();
    CHECK(r.value->tls.cert == (pki / "server.crt").string());
    CHECK(r.value->tls.key == (pki / "server.key").string());
    CHECK(r.value->tls.ca == (pki / "ca.crt").string());
}

TEST_CASE("parse_endpoint reads host:port and refuses anything else", "[config]") {
    const auto e = config::parse_endpoint("127.0.0.1:8443");
    REQUIRE(e);
    CHECK(e->host == "127.0.0.1");
    CHECK(e->port == 8443);
    const auto any = config::parse_endpoint("localhost:0");
    REQUIRE(any);
    CHECK(any->port == 0);
    CHECK_FALSE(config::parse_endpoint("127.0.0.1"));
    CHECK_FALSE(config::parse_endpoint(":8443"));
    CHECK_FALSE(config::parse_endpoint("127.0.0.1:65536"));
    CHECK_FALSE(config::parse_endpoint("127.0.0.1:-1"));
}

TEST_CASE("a region's counties must be county codes inside it", "[config]") {
    temp_config_dir dir;
    std::string text = minimal;
    const std::string from = R"(counties = ["620502"])";
    text.replace(text.find(from), from.size(), R"(counties = ["620502", "621202", "620500"])");
    const auto r = load(dir.write("crossclaim.toml", text), {});
    CHECK_FALSE(r.value);
    INFO(all(r.errors));
    REQUIRE(r.errors.size() == 2);  // 621202 is Longnan's, 620500 the prefecture itself
    for (const auto& e : r.errors)
        CHECK(e.find("counties: must hold county codes of region 620500") != std::string::npos);
}

TEST_CASE("the demo zone lists the real counties of Longnan and Tianshui", "[config]") {
    const auto r = load(config::default_path(), {});
    REQUIRE(r.value);
    const auto& z = r.value->zone;
    CHECK(z.has_county("621200", "621202"));
    CHECK(z.has_county("620500", "620525"));
    for (const char* missing : {"621201", "621299", "620599", "620501"}) {
        INFO(missing);
        CHECK_FALSE(z.has_county(missing[3] == '2' ? "621200" : "620500", missing));
    }
    CHECK_FALSE(z.has_county("620500", "621202"));  // Longnan's county in Tianshui
}

TEST_CASE("rate limits are read per member, and a limit for no configured member is refused",
          "[config][rate_limit]") {
    temp_config_dir dir;
    const std::string good = minimal + R"(
[rate_limit]
per_second = 20
burst = 40

[[rate_limit.member]]
code = "PICC"
per_second = 200
)";
    const auto r = load(dir.write("crossclaim.toml", good), {});
    INFO(all(r.errors));
    REQUIRE(r.value);
    CHECK(r.value->rate_limits.standard.per_second == 20);
    CHECK(r.value->rate_limits.standard.burst == 40);
    CHECK(r.value->rate_limits.by_member.at("PICC").per_second == 200);
    CHECK(r.value->rate_limits.by_member.at("PICC").burst == 40);  // the standard burst

    const std::string bad = minimal + R"(
[rate_limit]
per_second = 0

[[rate_limit.member]]
code = "ABCD"
)";
    const auto path = dir.write("bad.toml", bad);
    const auto b = load(path, {});
    CHECK_FALSE(b.value);
    CHECK(starts_with(error_about(b.errors, "rate_limit.per_second"),
                      path + ":" + std::to_string(line_of(bad, "per_second = 0")) + ":"));
    CHECK(error_about(b.errors, "rate_limit.member.code").find("ABCD is not a configured member") !=
          std::string::npos);
}

TEST_CASE("claims are kept for ever unless a retention at least the fraud pool's is set",
          "[config]") {
    temp_config_dir dir;
    CHECK(load(dir.write("crossclaim.toml", minimal), {}).value->claims.retention_years == 0);
    CHECK(load(dir.write("crossclaim.toml", minimal + "\n[fraud]\nretention_years = 3\n"
                                                      "\n[claims]\nretention_years = 3\n"),
               {})
              .value->claims.retention_years == 3);

    const std::string text = minimal + "\n[claims]\nretention_years = 2\n";  // the pool keeps 5
    const auto path = dir.write("crossclaim.toml", text);
    const auto r = load(path, {});
    CHECK_FALSE(r.value);
    const auto e = error_about(r.errors, "claims.retention_years");
    CHECK(starts_with(e, path + ":" + std::to_string(line_of(text, "retention_years = 2")) + ":"));
    CHECK(e.find("at least fraud.retention_years (5)") != std::string::npos);
}
