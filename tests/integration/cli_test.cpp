// The administration commands, run as a user would run them.

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "harness.hpp"

using namespace crossclaim::testing;

namespace {}  // namespace

TEST_CASE("check-config accepts the shipped demo zone", "[integration][cli]") {
    temp_dir dir;
    const auto log = dir.path() + "/out";
    CHECK(run({binary_path(), "check-config", "--config", source_dir() + "/config/crossclaim.toml"},
              log) == 0);
    CHECK(read_file(log).find("2 regions, 4 members, 7 branches") != std::string::npos);
}

TEST_CASE("check-config prints every problem with its line and exits non-zero",
          "[integration][cli]") {
    temp_dir dir;
    const auto cfg = dir.path() + "/bad.toml";
    std::ofstream(cfg) << "[server]\nlisten = \"nowhere\"\nio_threads = 0\n"
                       << "[tls]\ncert = \"a\"\nkey = \"b\"\nca = \"c\"\n"
                       << "[zone]\nsituations = \"" << source_dir()
                       << "/config/situations.toml\"\ncalendar = \"" << source_dir()
                       << "/config/calendar.toml\"\nthreshold = \"1.001\"\n"
                       << "compulsory_at_fault = \"2000\"\ncompulsory_no_fault = \"100\"\n"
                       << "mutual_each_vehicle_max = \"2000\"\ncolour = \"red\"\n"
                       << "[[zone.region]]\ncode = \"621200\"\n";
    const auto log = dir.path() + "/out";
    CHECK(run({binary_path(), "check-config", "--config", cfg}, log) != 0);
    const auto out = read_file(log);
    INFO(out);
    CHECK(out.find(cfg + ":2:") != std::string::npos);  // listen
    CHECK(out.find("server.io_threads") != std::string::npos);
    CHECK(out.find("zone.threshold") != std::string::npos);
    CHECK(out.find("zone.colour: unknown key") != std::string::npos);
    CHECK(out.find("member") != std::string::npos);  // no members at all
}

TEST_CASE("pki issue refuses an unknown role with a clear message", "[integration][cli]") {
    test_pki pki;
    const auto log = pki.dir() + "/issue.log";
    CHECK(run({binary_path(), "pki", "issue", "--dir", pki.dir(), "--org", "PICC", "--role",
               "admin", "--cn", "x", "--out", pki.dir() + "/x"},
              log) != 0);
    CHECK(read_file(log).find("--role must be insurer, investigator or association") !=
          std::string::npos);
}

TEST_CASE("serve without a database URL says how to give one and exits non-zero",
          "[integration][cli]") {
    temp_dir dir;
    const auto log = dir.path() + "/out";
    // run() inherits the environment; make sure no URL leaks in from it.
    unsetenv("CROSSCLAIM_DB_URL");
    CHECK(run({binary_path(), "migrate"}, log) != 0);
    CHECK(read_file(log).find("CROSSCLAIM_DB_URL") != std::string::npos);
}

TEST_CASE("serve refuses to start without a pool key of at least 32 bytes", "[integration][cli]") {
    test_database db;
    temp_dir dir;
    setenv("CROSSCLAIM_DB_URL", db.url().c_str(), 1);
    const auto log = dir.path() + "/out";
    unsetenv("CROSSCLAIM_POOL_KEY");
    CHECK(run({binary_path(), "serve"}, log) == 2);
    CHECK(read_file(log).find("CROSSCLAIM_POOL_KEY") != std::string::npos);
    setenv("CROSSCLAIM_POOL_KEY", std::string(31, 'k').c_str(), 1);
    CHECK(run({binary_path(), "serve"}, log) == 2);
    CHECK(read_file(log).find("at least 32 bytes") != std::string::npos);
}
