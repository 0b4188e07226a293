#include "fraud_api.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <pqxx/pqxx>

#include "../unit/gateway/claim_samples.hpp"
#include "support/ids.hpp"

namespace crossclaim::testing {
namespace {

namespace bj = boost::json;

char vin_check(const std::string& vin) {
    static const int weights[17] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
    static const std::string letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
    static const int values[] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
                                 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
    int sum = 0;
    for (int i = 0; i < 17; ++i) {
        const char c = vin[static_cast<std::size_t>(i)];
        const int v = c >= '0' && c <= '9' ? c - '0' : values[letters.find(c)];
        sum += v * weights[i];
    }
    const int r = sum % 11;
    return r == 10 ? 'X' : static_cast<char>('0' + r);
}

char id_check(const std::string& id17) {
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (id17[static_cast<std::size_t>(i)] - '0') * weights[i];
    return "10X98765432"[sum % 11];
}

std::string digits(int n, int width) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*d", width, n);
    return buf;
}

}  // namespace

identity identity_of(int n) {
    identity id;
    id.plate = "甘E" + digits(n % 100000, 5);
    std::string vin = "LSVAU2180N2" + digits(n % 1000000, 6);  // the 0 becomes the check digit
    vin[8] = vin_check(vin);
    id.vin = vin;
    const std::string id17 =
        "62050219900" + digits(1 + n % 9, 1) + digits(10 + n % 18, 2) + digits((n / 9) % 1000, 3);
    id.id_number = id17 + id_check(id17);
    id.phone = "138" + digits(n % 100000000, 8);
    return id;
}

std::string photo_of(int n) { return support::sha256_hex("photo-" + std::to_string(n)); }

std::string claim_body_of(const claim_spec& s) {
    auto v = bj::parse(test_samples::valid_claim_body());
    auto& o = v.as_object();
    o["external_ref"] = s.external_ref;
    o["accident"].as_object()["occurred_at"] = s.occurred_at;
    auto& parties = o["parties"].as_array();
    const identity* ids[2] = {&s.a, &s.b};
    const std::string* photos[2] = {&s.photo_a, &s.photo_b};
    const std::string* insurers[2] = {&s.insurer_a, &s.insurer_b};
    for (std::size_t i = 0; i < 2; ++i) {
        auto& p = parties[i].as_object();
        p["vehicle"].as_object()["plate"] = ids[i]->plate;
        p["vehicle"].as_object()["vin"] = ids[i]->vin;
        p["driver"].as_object()["id_number"] = ids[i]->id_number;
        p["driver"].as_object()["phone"] = ids[i]->phone;
        p["policy"].as_object()["insurer"] = *insurers[i];
        p["evidence"].as_array()[0].as_object()["sha256"] = *photos[i];
        p["evidence"].as_array()[0].as_object().erase("taken_at");
    }
    return bj::serialize(v);
}

pool_gateway::pool_gateway(std::vector<std::pair<std::string, std::string>> replace)
    : gw({.db_url = db.url(), .pki = &pki, .replace = std::move(replace)}),
      picc(pki.issue("PICC", "insurer", "picc-core")),
      paic(pki.issue("PAIC", "insurer", "paic-core")),
      investigator(pki.issue("AFC", "investigator", "investigator-1")) {}

std::string pool_gateway::post(const claim_spec& s, const client_cert& cert) {
    const auto r = https(gw.api_port(), "POST", "/v1/claims", cert, pki.ca(), claim_body_of(s));
    INFO(r.body);
    REQUIRE(r.status == 201);
    return std::string(bj::parse(r.body).at("claim_id").as_string());
}

void pool_gateway::screened() {
    REQUIRE(eventually([&] { return sql("SELECT count(*) FROM screening_queue") == "0"; },
                       std::chrono::seconds(20)));
}

bj::value pool_gateway::get(const std::string& target, int status) {
    const auto r = https(gw.api_port(), "GET", target, investigator, pki.ca());
    INFO(target << " -> " << r.body);
    REQUIRE(r.status == status);
    return bj::parse(r.body);
}

std::string pool_gateway::sql(const std::string& query) {
    pqxx::connection c(db.url());
    pqxx::nontransaction n(c);
    const auto r = n.exec(query);
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
}

std::vector<std::string> plant_frequent_vehicle(pool_gateway& g, int base) {
    std::vector<std::string> ids;
    for (int i = 0; i < 4; ++i) {
        claim_spec s{"FV-" + std::to_string(base + i), identity_of(base),
                     identity_of(base + 100 + i), photo_of(base * 10 + i),
                     photo_of(base * 10 + 5 + i)};
        s.occurred_at = "2026-0" + std::to_string(6 + i) + "-10T10:00:00+08:00";
        ids.push_back(g.post(s, i % 2 ? g.paic : g.picc));
    }
    return ids;
}

}  // namespace crossclaim::testing
