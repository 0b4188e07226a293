#include "bench/load/options.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "bench/load/workload.hpp"
#include "domain/validation.hpp"

namespace crossclaim::bench::load {
namespace {

using given_map = std::map<std::string, std::string>;
using problem = std::optional<std::string>;

const std::set<std::string> flag_names = {"new-connection", "json", "help"};
const std::set<std::string> value_names = {
    "host",   "port",        "cert",   "key",  "ca",     "connections", "duration",
    "warmup", "threads",     "rate",   "mode", "path",   "member",      "ref-prefix",
    "bodies", "read-claims", "config", "seed", "timeout"};

std::optional<long long> to_whole(const std::string& text) {
    long long n = 0;
    const auto end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, n);
    if (ec != std::errc{} || ptr != end) return std::nullopt;
    return n;
}

std::optional<double> to_number(const std::string& text) {
    double x = 0;
    const auto end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, x);
    if (ec != std::errc{} || ptr != end || !std::isfinite(x)) return std::nullopt;
    return x;
}

template <typename number>
problem whole_option(const given_map& given, const std::string& name, long long min, long long max,
                     number& out) {
    const auto it = given.find(name);
    if (it == given.end()) return std::nullopt;
    const auto n = to_whole(it->second);
    if (!n || *n < min || *n > max)
        return "--" + name + " must be a whole number from " + std::to_string(min) + " to " +
               std::to_string(max) + ", not '" + it->second + "'";
    out = static_cast<number>(*n);
    return std::nullopt;
}

// Seconds, fractions allowed, in [min, max] (or (0, max] when min is 0 and zero is refused).
problem seconds_option(const given_map& given, const std::string& name, bool zero_allowed,
                       double max, std::chrono::milliseconds& out) {
    const auto it = given.find(name);
    if (it == given.end()) return std::nullopt;
    const auto x = to_number(it->second);
    if (!x || *x < 0 || (*x == 0 && !zero_allowed) || *x > max)
        return "--" + name + " must be a number of seconds " +
               (zero_allowed ? "from 0" : "above 0") + " to " +
               std::to_string(static_cast<int>(max)) + ", not '" + it->second + "'";
    out = std::chrono::milliseconds(std::llround(*x * 1000));
    return std::nullopt;
}

bool visible_ascii(const std::string& text) {
    for (const unsigned char c : text)
        if (c < 0x21 || c > 0x7e) return false;
    return true;
}

// Every check after the words are split into names and values; the first problem wins.
problem check(const given_map& given, options& o) {
    auto text = [&](const std::string& name, std::string& out) {
        if (const auto it = given.find(name); it != given.end()) out = it->second;
    };
    text("mode", o.mode);
    text("host", o.plan.host);
    text("cert", o.cert);
    text("key", o.key);
    text("ca", o.ca);
    text("path", o.path);
    text("member", o.member);
    text("ref-prefix", o.ref_prefix);
    text("config", o.config);
    o.json = given.count("json") > 0;
    o.plan.new_connection = given.count("new-connection") > 0;

    if (o.mode != "get" && o.mode != "intake" && o.mode != "read")
        return "--mode must be get, intake or read, not '" + o.mode + "'";
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(o.plan.host, ec);
    if (ec || !address.is_loopback())
        return "--host must be a loopback address such as 127.0.0.1 or ::1 (this tool loads "
               "only its own machine), not '" +
               o.plan.host + "'";
    if (!given.count("port")) return "--port is required (the gateway's API port)";
    for (const char* name : {"cert", "key", "ca"})
        if (!given.count(name) || given.at(name).empty())
            return std::string("--") + name + " is required (PEM file)";
    if (auto p = whole_option(given, "port", 1, 65'535, o.plan.port)) return p;
    if (auto p = whole_option(given, "connections", 1, 10'000, o.plan.connections)) return p;
    if (auto p = whole_option(given, "threads", 1, 64, o.plan.threads)) return p;
    if (auto p = seconds_option(given, "duration", false, 3'600, o.plan.duration)) return p;
    if (auto p = seconds_option(given, "warmup", true, 600, o.plan.warmup)) return p;
    if (auto p = seconds_option(given, "timeout", false, 600, o.plan.timeout)) return p;
    if (const auto it = given.find("rate"); it != given.end()) {
        const auto r = to_number(it->second);
        if (!r || *r <= 0 || *r > 1'000'000)
            return "--rate must be a number of requests per second above 0 to 1000000, not '" +
                   it->second + "'";
        o.plan.rate = *r;
    }
    if (auto p = whole_option(given, "bodies", 1, 10'000'000, o.bodies)) return p;
    if (auto p = whole_option(given, "read-claims", 1, 1'000'000, o.read_claims)) return p;
    if (auto p = whole_option(given, "seed", 0, 999'999'990, o.seed)) return p;

    if (given.count("path") && o.mode != "get") return "--path is for --mode get only";
    if (o.path.empty() || o.path.front() != '/' || !visible_ascii(o.path))
        return "--path must start with / and hold no spaces, not '" + o.path + "'";
    if (given.count("bodies") && o.mode != "intake") return "--bodies is for --mode intake only";
    if (given.count("read-claims") && o.mode != "read")
        return "--read-claims is for --mode read only";
    if (o.mode == "get")
        for (const char* name : {"member", "ref-prefix", "config", "seed"})
            if (given.count(name))
                return std::string("--") + name + " is for --mode intake and read only";
    if (!domain::valid_member_code(o.member))
        return "--member must be a member code such as PICC, not '" + o.member + "'";
    if (given.count("ref-prefix") &&
        (o.ref_prefix.empty() || o.ref_prefix.size() > max_ref_prefix ||
         !visible_ascii(o.ref_prefix)))
        return "--ref-prefix must be 1 to " + std::to_string(max_ref_prefix) +
               " printable ASCII characters without spaces, not '" + o.ref_prefix + "'";
    return std::nullopt;
}

}  // namespace

parsed_options parse_options(const std::vector<std::string>& words) {
    given_map given;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string word = words[i] == "-h" ? "--help" : words[i];
        if (word.rfind("--", 0) != 0)
            return {std::nullopt, "unexpected argument '" + word + "' (options start with --)"};
        std::string name = word.substr(2), value;
        bool has_value = false;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
            has_value = true;
        }
        if (flag_names.count(name)) {
            if (has_value) return {std::nullopt, "--" + name + " takes no value"};
        } else if (!value_names.count(name)) {
            return {std::nullopt, "unknown option --" + name};
        } else if (!has_value) {
            if (i + 1 >= words.size()) return {std::nullopt, "--" + name + " needs a value"};
            value = words[++i];
        }
        if (!given.emplace(name, value).second)
            return {std::nullopt, "--" + name + " is given twice"};
    }
    options o;
    if (given.count("help")) {
        o.help = true;
        return {o, {}};
    }
    if (auto p = check(given, o)) return {std::nullopt, *p};
    return {o, {}};
}

std::string usage() {
    return R"(crossclaim-load: HTTPS load against a CrossClaim gateway on this machine's loopback.

  crossclaim-load --port N --cert FILE --key FILE --ca FILE [options]

Target and identity
  --host ADDR          loopback address of the gateway (default 127.0.0.1; nothing else)
  --port N             its API port
  --cert, --key FILE   client certificate and key (PEM); its O is the submitting member
  --ca FILE            CA that signed the gateway's certificate (PEM)

Load
  --connections N      concurrent connections (default 8)
  --duration S         measured seconds (default 10)
  --warmup S           seconds before that, not counted (default 1)
  --threads T          I/O threads (default 1)
  --rate R             open loop: R requests/s in all, evenly spread over the connections,
                       latency measured from each request's intended start; without it,
                       closed loop: each connection sends when its answer arrives
  --new-connection     a new TCP connection and full TLS handshake for every request
  --timeout S          per request, connecting included (default 10)

What to send (--mode)
  get                  GET --path (default /healthz)
  intake               POST /v1/claims of generated claims that --member submits, each once;
                       --bodies N made before the run (default 60000)
  read                 POST --read-claims N claims first (default 2000, not timed, each must
                       be 201), then GET /v1/claims/{id} over them in turn
  --member CODE        the certificate's organisation (default PICC)
  --ref-prefix TEXT    put before every external_ref (default: L + the UTC time to the
                       millisecond, so that runs against the same database never replay)
  --seed N             generator seed (default 1); the same seed makes the same people and
                       vehicles again, which the fraud screening of a reused database sees
  --config FILE        the gateway's config, for its zone (default: the built-in one)

Output
  a summary on stdout, or with --json one JSON object; progress on stderr.
  Exit 0 when the run took place (errors included), 1 when it could not, 2 on bad options.
  The run ends by itself: warm-up + duration, then up to 5 s for answers still on the way
  (after that they count as timeouts; with --rate, requests of the window not yet sent by
  then count as unsent). Both are transport errors.
)";
}

}  // namespace crossclaim::bench::load
