// crossclaim-load: the benchmarks' load generator. HTTPS with a client certificate against a
// gateway on the loopback, closed or open loop, keep-alive or a handshake per request; a
// summary or one JSON object on stdout. Never part of the test suite.

#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <sstream>

#include "bench/load/client.hpp"
#include "bench/load/options.hpp"
#include "bench/load/workload.hpp"
#include "config/config.hpp"

using namespace crossclaim;
using namespace crossclaim::bench::load;

namespace {

constexpr const char* me = "crossclaim-load";

double ms(std::uint64_t us) { return static_cast<double>(us) / 1000.0; }

// Figures for JSON, to the microsecond (or thousandth): no false digits in the output.
double thousandths(double x) { return std::round(x * 1000) / 1000; }

std::string fixed(double x, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, x);
    return text;
}

// The zone the gateway runs with, loaded as `crossclaim` loads it.
std::optional<domain::zone> load_zone(const options& o) {
    const std::string path = o.config.empty() ? config::default_path() : o.config;
    auto loaded = config::load(path, config::process_environment());
    for (const auto& e : loaded.errors) std::cerr << e << '\n';
    if (!loaded.value) {
        std::cerr << me << ": --config " << path << " could not be loaded\n";
        return std::nullopt;
    }
    return std::move(loaded.value->zone);
}

std::optional<std::vector<std::string>> make_bodies(const options& o, std::size_t count) {
    const auto zone = load_zone(o);
    if (!zone) return std::nullopt;
    bool member = false;
    for (const auto& m : zone->members) member = member || m.code == o.member;
    if (!member) {
        std::cerr << me << ": --member " << o.member << " is not a member of the zone\n";
        return std::nullopt;
    }
    body_plan plan;
    plan.seed = o.seed;
    plan.member = o.member;
    plan.ref_prefix = o.ref_prefix.empty() ? default_ref_prefix() : o.ref_prefix;
    plan.count = count;
    plan.today = domain::shanghai_day(
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    const auto started = std::chrono::steady_clock::now();
    auto bodies = claim_bodies(plan, *zone);
    std::cerr
        << me << ": " << bodies.size() << " claim bodies of " << o.member << " (external_ref "
        << plan.ref_prefix << "-…) made in "
        << fixed(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                 1)
        << " s\n";
    if (bodies.size() < count)
        std::cerr << me << ": warning: the generator gave only " << bodies.size() << " of " << count
                  << '\n';
    if (bodies.empty()) return std::nullopt;
    return bodies;
}

std::string statuses_text(const tally& t) {
    std::string out;
    for (const auto& [status, count] : t.statuses)
        out += (out.empty() ? "" : ", ") + std::to_string(status) + ": " + std::to_string(count);
    return out.empty() ? "none" : out;
}

// " (connect: 3, timeout: 1)", or "" without transport errors.
std::string kinds_text(const tally& t) {
    std::string out;
    for (const auto& [kind, count] : t.transport_errors)
        out += (out.empty() ? " (" : ", ") + kind + ": " + std::to_string(count);
    return out.empty() ? out : out + ")";
}

// Posts the read mode's claims (not timed) and returns their ids; nullopt unless all are 201.
std::optional<std::vector<std::string>> post_read_claims(const options& o,
                                                         boost::asio::ssl::context& tls) {
    auto bodies = make_bodies(o, o.read_claims);
    if (!bodies) return std::nullopt;
    const std::size_t wanted = bodies->size();
    std::mutex mutex;
    std::vector<std::string> ids;
    run_plan setup = o.plan;
    setup.warmup = std::chrono::milliseconds(0);
    setup.duration = std::chrono::minutes(10);
    setup.rate.reset();
    setup.new_connection = false;
    setup.on_answer = [&](int status, const std::string& body) {
        if (status != 201) return;
        auto id = claim_id_of(body);
        std::lock_guard lock(mutex);
        if (!id.empty()) ids.push_back(std::move(id));
    };
    auto work = claim_posts(std::move(*bodies));
    std::cerr << me << ": posting " << wanted << " claims for the read mode\n";
    const auto r = run(setup, tls, *work);
    if (ids.size() != wanted) {
        std::cerr << me << ": only " << ids.size() << " of " << wanted
                  << " claims were created (statuses " << statuses_text(r.counted)
                  << "; transport errors " << r.counted.transport_error_count() << ")\n";
        for (const auto& [kind, text] : r.counted.error_examples)
            std::cerr << "  " << kind << ": " << text << '\n';
        return std::nullopt;
    }
    std::vector<std::string> targets;
    for (const auto& id : ids) targets.push_back("/v1/claims/" + id);
    return targets;
}

std::string describe(const options& o) {
    std::ostringstream out;
    out << o.mode << (o.mode == "get" ? " " + o.path : "") << ", " << o.plan.connections
        << (o.plan.connections == 1 ? " connection, " : " connections, ")
        << (o.plan.rate ? "open loop at " + fixed(*o.plan.rate, 1) + " requests/s"
                        : std::string("closed loop"))
        << ", " << (o.plan.new_connection ? "a new connection per request" : "keep-alive") << ", "
        << o.plan.threads << (o.plan.threads == 1 ? " thread" : " threads") << ", "
        << fixed(static_cast<double>(o.plan.duration.count()) / 1000, 1) << " s after "
        << fixed(static_cast<double>(o.plan.warmup.count()) / 1000, 1) << " s warm-up";
    return out.str();
}

void print_text(const options& o, const run_result& r) {
    const auto& t = r.counted;
    const auto& h = t.latency;
    std::cout << me << ": " << describe(o) << '\n';
    if (r.ran_out)
        std::cout << "stopped early: every body was used after " << fixed(r.measured_seconds, 2)
                  << " s of the measured time\n";
    std::cout << "requests          " << t.requests << '\n'
              << "ok                " << t.ok << " ("
              << fixed(
                     r.measured_seconds > 0 ? static_cast<double>(t.ok) / r.measured_seconds : 0.0,
                     1)
              << " ok/s over " << fixed(r.measured_seconds, 2) << " s)\n"
              << "statuses          " << statuses_text(t) << '\n'
              << "transport errors  " << t.transport_error_count() << kinds_text(t) << '\n'
              << "latency ms        p50 " << fixed(ms(h.percentile(50)), 3) << "  p90 "
              << fixed(ms(h.percentile(90)), 3) << "  p99 " << fixed(ms(h.percentile(99)), 3)
              << "  p99.9 " << fixed(ms(h.percentile(99.9)), 3) << "  max " << fixed(ms(h.max()), 3)
              << "  (of ok answers" << (o.plan.rate ? ", from the intended start" : "") << ")\n";
    if (o.plan.rate)
        std::cout << "send lag ms       max " << fixed(ms(t.max_send_lag.count()), 3)
                  << " (latest send after its scheduled time)\n";
}

void print_json(const options& o, const run_result& r) {
    const auto& t = r.counted;
    const auto& h = t.latency;
    boost::json::object statuses, kinds;
    for (const auto& [status, count] : t.statuses) statuses[std::to_string(status)] = count;
    for (const auto& [kind, count] : t.transport_errors) kinds[kind] = count;
    const double ok_per_s =
        r.measured_seconds > 0 ? static_cast<double>(t.ok) / r.measured_seconds : 0.0;
    boost::json::object out{
        {"mode", o.mode},
        {"connections", o.plan.connections},
        {"rate", o.plan.rate ? boost::json::value(*o.plan.rate) : boost::json::value(nullptr)},
        {"new_connection", o.plan.new_connection},
        {"threads", o.plan.threads},
        {"warmup_s", static_cast<double>(o.plan.warmup.count()) / 1000},
        {"duration_s", thousandths(r.measured_seconds)},
        {"stopped_early", r.ran_out},
        {"requests", t.requests},
        {"ok", t.ok},
        {"ok_per_s", thousandths(ok_per_s)},
        {"statuses", statuses},
        {"transport_errors", t.transport_error_count()},
        {"transport_error_kinds", kinds},
        {"latency_ms",
         {{"p50", ms(h.percentile(50))},
          {"p90", ms(h.percentile(90))},
          {"p99", ms(h.percentile(99))},
          {"p99_9", ms(h.percentile(99.9))},
          {"max", ms(h.max())},
          {"mean", thousandths(h.mean() / 1000.0)}}}};
    if (o.mode == "get") out["path"] = o.path;
    if (o.plan.rate) out["max_send_lag_ms"] = ms(t.max_send_lag.count());
    std::cout << boost::json::serialize(out) << '\n';
}

}  // namespace

int main(int argc, char** argv) {
    const auto parsed = parse_options(std::vector<std::string>(argv + 1, argv + argc));
    if (!parsed.value) {
        std::cerr << me << ": " << parsed.error << " (see " << me << " --help)\n";
        return 2;
    }
    const options& o = *parsed.value;
    if (o.help) {
        std::cout << usage();
        return 0;
    }
    auto tls = client_tls(o.cert, o.key, o.ca);
    if (!tls.context) {
        std::cerr << me << ": " << tls.error << '\n';
        return 2;
    }
    if (o.mode != "get") {
        const auto org = certificate_organisation(o.cert);
        if (org != o.member)
            std::cerr << me << ": warning: --cert is of organisation '" << org
                      << "' but --member is " << o.member
                      << "; the gateway refuses claims its caller does not insure\n";
    }

    std::unique_ptr<workload> work;
    try {
        if (o.mode == "get") {
            work = fixed_get(o.path);
        } else if (o.mode == "intake") {
            auto bodies = make_bodies(o, o.bodies);
            if (!bodies) return 1;
            work = claim_posts(std::move(*bodies));
        } else {
            auto targets = post_read_claims(o, *tls.context);
            if (!targets) return 1;
            work = cycling_gets(std::move(*targets));
        }
    } catch (const std::exception& e) {
        std::cerr << me << ": preparing the requests failed: " << e.what() << '\n';
        return 1;
    }

    std::cerr << me << ": " << describe(o) << " against " << o.plan.host << ':' << o.plan.port
              << '\n';
    const auto r = run(o.plan, *tls.context, *work);
    for (const auto& [kind, text] : r.counted.error_examples)
        std::cerr << me << ": " << kind << " errors, e.g. " << text << '\n';
    if (r.ran_out)
        std::cerr << me << ": warning: all " << o.bodies << " bodies were used after "
                  << fixed(r.measured_seconds, 2)
                  << " s of the measured time; the run stopped early (raise --bodies)\n";
    if (o.json)
        print_json(o, r);
    else
        print_text(o, r);
    return 0;
}
