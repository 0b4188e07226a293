#include "claims_api.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>

#include "../unit/gateway/claim_samples.hpp"

namespace crossclaim::testing {

namespace bj = boost::json;

std::string claim_body(const std::string& external_ref, const std::string& insurer_a,
                       const std::string& insurer_b, const std::string& loss_a,
                       const std::string& loss_b) {
    auto s = crossclaim::test_samples::valid_claim_body();
    s = replace_all(s, "PICC-TS-2026-000123", external_ref);
    // Through placeholders, so that swapping PICC and PAIC does not undo itself.
    s = replace_all(s, R"("insurer": "PICC")", R"("insurer": "@A@")");
    s = replace_all(s, R"("insurer": "PAIC")", R"("insurer": "@B@")");
    s = replace_all(s, "@A@", insurer_a);
    s = replace_all(s, "@B@", insurer_b);
    s = replace_all(s, R"("estimated_loss": "500.00")", R"("estimated_loss": ")" + loss_a + "\"");
    s = replace_all(s, R"("estimated_loss": "1800.00")", R"("estimated_loss": ")" + loss_b + "\"");
    return s;
}

std::string post_claim(int port, const client_cert& cert, const test_pki& pki,
                       const std::string& external_ref, const std::string& body) {
    const auto r = https(port, "POST", "/v1/claims", cert, pki.ca(),
                         body.empty() ? claim_body(external_ref) : body);
    INFO(r.body);
    REQUIRE(r.status == 201);
    return std::string(bj::parse(r.body).at("claim_id").as_string());
}

intake_load::intake_load(int port, const client_cert& cert, const test_pki& pki,
                         const std::string& prefix, int clients, std::chrono::milliseconds pause) {
    for (int c = 0; c < clients; ++c)
        clients_.emplace_back([this, port, cert, &pki, prefix, c, pause] {
            for (int i = 0; !stop_; ++i) {
                const auto ref = prefix + "-" + std::to_string(c) + "-" + std::to_string(i);
                bool ok = false;
                const auto sent = clock::now();
                try {
                    ok =
                        https(port, "POST", "/v1/claims", cert, pki.ca(), claim_body(ref)).status ==
                        201;
                } catch (const std::exception&) {
                }
                {
                    std::lock_guard lock(m_);
                    (ok ? acknowledged_ : unanswered_).insert(ref);
                    if (ok)
                        acknowledged_at_.push_back(clock::now());
                    else
                        unanswered_sent_at_.push_back(sent);
                }
                if (!ok) std::this_thread::sleep_for(pause);
            }
        });
}

intake_load::~intake_load() { stop(); }

void intake_load::stop() {
    stop_ = true;
    for (auto& t : clients_)
        if (t.joinable()) t.join();
}

std::size_t intake_load::acknowledged_count() const {
    std::lock_guard lock(m_);
    return acknowledged_.size();
}

std::optional<intake_load::clock::time_point> intake_load::first_acknowledged_after(
    clock::time_point t) const {
    std::lock_guard lock(m_);
    for (const auto at : acknowledged_at_)
        if (at > t) return at;
    return std::nullopt;
}

std::set<std::string> intake_load::acknowledged() const {
    std::lock_guard lock(m_);
    return acknowledged_;
}

std::set<std::string> intake_load::unanswered() const {
    std::lock_guard lock(m_);
    return unanswered_;
}

std::size_t intake_load::unanswered_sent_after(clock::time_point t) const {
    std::lock_guard lock(m_);
    return static_cast<std::size_t>(std::count_if(unanswered_sent_at_.begin(),
                                                  unanswered_sent_at_.end(),
                                                  [&](clock::time_point at) { return at > t; }));
}

std::string now_rfc3339() {
    using namespace std::chrono_literals;
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + 8h);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
    return out;
}

void post_status(int port, const client_cert& cert, const test_pki& pki,
                 const std::string& claim_id, const std::string& party, const std::string& status,
                 const std::string& amount) {
    bj::object body{{"party", party}, {"status", status}, {"at", now_rfc3339()}};
    if (!amount.empty()) body["amount"] = amount;
    const auto r = https(port, "POST", "/v1/claims/" + claim_id + "/events", cert, pki.ca(),
                         bj::serialize(body));
    INFO(r.body);
    REQUIRE(r.status == 200);
}

}  // namespace crossclaim::testing
