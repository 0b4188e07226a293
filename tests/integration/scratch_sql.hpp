#pragma once
// One connection to a test database for a migration test's own SQL, outside any transaction.

#include <pqxx/pqxx>
#include <string>

#include "harness.hpp"

namespace crossclaim::testing {

struct scratch {
    pqxx::connection conn;
    pqxx::nontransaction n{conn};
    explicit scratch(const test_database& db) : conn(db.url()) {}
    std::string text(const std::string& query) { return n.exec1(query)[0].c_str(); }
    long long number(const std::string& query) { return n.exec1(query)[0].as<long long>(); }
};

}  // namespace crossclaim::testing
