#include "bench/load/workload.hpp"

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "gateway/json/claim_json.hpp"
#include "generator/claims.hpp"

namespace crossclaim::bench::load {
namespace {

class fixed_get_workload final : public workload {
  public:
    explicit fixed_get_workload(std::string path) : path_(std::move(path)) {}
    std::optional<request_spec> next() override { return request_spec{false, path_, {}}; }

  private:
    const std::string path_;
};

class claim_post_workload final : public workload {
  public:
    explicit claim_post_workload(std::vector<std::string> bodies) : bodies_(std::move(bodies)) {}
    std::optional<request_spec> next() override {
        // Each index goes to exactly one connection, so moving the body out is safe.
        const auto i = taken_.fetch_add(1, std::memory_order_relaxed);
        if (i >= bodies_.size()) return std::nullopt;
        return request_spec{true, "/v1/claims", std::move(bodies_[i])};
    }

  private:
    std::vector<std::string> bodies_;
    std::atomic<std::size_t> taken_{0};
};

class cycling_get_workload final : public workload {
  public:
    explicit cycling_get_workload(std::vector<std::string> targets)
        : targets_(std::move(targets)) {}
    std::optional<request_spec> next() override {
        if (targets_.empty()) return std::nullopt;
        const auto i = taken_.fetch_add(1, std::memory_order_relaxed);
        return request_spec{false, targets_[i % targets_.size()], {}};
    }

  private:
    const std::vector<std::string> targets_;
    std::atomic<std::size_t> taken_{0};
};

generator::options generator_options(const body_plan& plan, std::uint64_t seed, long long claims) {
    generator::options o;
    o.seed = seed;
    o.claims = claims;
    o.first_day = plan.today - std::chrono::days(recent_days);
    o.days = recent_days;  // [first_day, today): every accident lies before today
    return o;
}

// The share of generated claims that the member submits, from a sample of the stream.
double member_share(const body_plan& plan, const domain::zone& zone) {
    constexpr long long sample = 5'000;
    generator::claim_generator gen(generator_options(plan, plan.seed, sample), zone);
    long long mine = 0;
    while (auto g = gen.next()) mine += g->member == plan.member ? 1 : 0;
    return static_cast<double>(mine) / static_cast<double>(sample);
}

}  // namespace

std::unique_ptr<workload> fixed_get(std::string path) {
    return std::make_unique<fixed_get_workload>(std::move(path));
}

std::unique_ptr<workload> claim_posts(std::vector<std::string> bodies) {
    return std::make_unique<claim_post_workload>(std::move(bodies));
}

std::unique_ptr<workload> cycling_gets(std::vector<std::string> targets) {
    return std::make_unique<cycling_get_workload>(std::move(targets));
}

std::vector<std::string> claim_bodies(const body_plan& plan, const domain::zone& zone) {
    std::vector<std::string> bodies;
    bodies.reserve(plan.count);
    const double share = member_share(plan, zone);
    if (share <= 0) return bodies;
    // Ask the generator for about as many claims as give `count` of the member's, so that the
    // accidents spread over the whole period; another seed tops up when that fell short.
    const auto wanted = static_cast<long long>(plan.count);
    for (std::uint64_t seed = plan.seed; seed < plan.seed + 4 && bodies.size() < plan.count;
         ++seed) {
        const long long missing = wanted - static_cast<long long>(bodies.size());
        const auto claims =
            static_cast<long long>(std::ceil(static_cast<double>(missing) / share * 1.05)) + 200;
        generator::claim_generator gen(generator_options(plan, seed, claims), zone);
        while (bodies.size() < plan.count) {
            auto g = gen.next();
            if (!g) break;
            if (g->member != plan.member) continue;
            g->claim.external_ref = plan.ref_prefix + "-" + g->claim.external_ref;
            bodies.push_back(gateway::json::encode_claim(g->claim));
            if (bodies.size() % 10'000 == 0)
                std::cerr << "crossclaim-load: " << bodies.size() << " of " << plan.count
                          << " claim bodies made\n";
        }
    }
    return bodies;
}

std::string claim_id_of(std::string_view body) {
    boost::system::error_code ec;
    const auto value = boost::json::parse(body, ec);
    if (ec || !value.is_object()) return {};
    const auto* id = value.as_object().if_contains("claim_id");
    if (id == nullptr || !id->is_string()) return {};
    return std::string(id->as_string());
}

std::string default_ref_prefix() {
    // To the millisecond, so that runs started one after another never share a prefix.
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    const auto n = std::strftime(text, sizeof text, "L%Y%m%dT%H%M%S", &utc);
    std::snprintf(text + n, sizeof text - n, ".%03d", static_cast<int>(ms));
    return text;
}

}  // namespace crossclaim::bench::load
