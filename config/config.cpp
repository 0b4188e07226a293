#include "config/config.hpp"

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

#include "adapters/adapter.hpp"
#include "config/fraud_config.hpp"
#include "support/ids.hpp"

extern char** environ;

namespace crossclaim::config {
namespace {

namespace fs = std::filesystem;
using detail::parse_file;
using detail::reader;
using detail::resolve;

void load_situations(const std::string& path, fast_settle::situation_table& out,
                     std::vector<std::string>& errors) {
    std::string contents;
    const auto doc = parse_file(path, errors, &contents);
    if (!doc) return;
    reader r(path, errors);
    r.only_keys(*doc, "", {"version", "situation"});
    r.string(*doc, "", "version", out.version, true);
    out.sha256 = support::sha256_hex(contents);
    const auto* arr = r.array(*doc, "", "situation", true);
    if (!arr) return;
    std::set<int> seen;
    for (const auto& n : *arr) {
        const auto* t = n.as_table();
        if (!t) {
            r.error(n.source(), "situation", "must be a table");
            continue;
        }
        r.only_keys(*t, "situation", {"code", "listed", "zh", "en"});
        fast_settle::situation s{};
        s.code = -1;
        r.integer(*t, "situation", "code", s.code, 1, 99);
        r.boolean(*t, "situation", "listed", s.listed);
        r.string(*t, "situation", "zh", s.zh, true);
        r.string(*t, "situation", "en", s.en, true);
        if (s.code < 0) {
            // A code that is present but invalid was reported by `integer` already.
            if (!t->get("code")) r.error(t->source(), "situation.code", "missing");
            continue;
        }
        if (!seen.insert(s.code).second)
            r.error(t->source(), "situation.code", "duplicate code " + std::to_string(s.code));
        out.entries.push_back(std::move(s));
    }
}

void load_calendar(const std::string& path, domain::work_calendar& out,
                   std::vector<std::string>& errors) {
    const auto doc = parse_file(path, errors);
    if (!doc) return;
    reader r(path, errors);
    r.only_keys(*doc, "", {"time_zone", "holidays", "make_up_working_days"});
    std::string tz;
    r.string(*doc, "", "time_zone", tz, true);
    if (!tz.empty() && tz != "Asia/Shanghai")
        r.error(doc->get("time_zone")->source(), "time_zone",
                "only Asia/Shanghai is supported (the scheme's clock)");
    out.holidays = r.dates(*doc, "", "holidays");
    out.make_up_working_days = r.dates(*doc, "", "make_up_working_days");
}

void load_server(reader& r, const toml::table& t, server_settings& s) {
    const std::string p = "server";
    r.only_keys(
        t, p,
        {"listen", "console_listen", "io_threads", "handshake_timeout_ms", "read_timeout_ms",
         "write_timeout_ms", "drain_timeout_ms", "header_limit_bytes", "body_limit_bytes",
         "proxy_protocol"});
    r.endpoint_value(t, p, "listen", s.api);
    r.endpoint_value(t, p, "console_listen", s.console);
    r.integer(t, p, "io_threads", s.io_threads, 1, 64);
    r.millis(t, p, "handshake_timeout_ms", s.handshake_timeout, 100, 600'000);
    r.millis(t, p, "read_timeout_ms", s.read_timeout, 100, 3'600'000);
    r.millis(t, p, "write_timeout_ms", s.write_timeout, 100, 3'600'000);
    r.millis(t, p, "drain_timeout_ms", s.drain_timeout, 0, 600'000);
    r.integer(t, p, "header_limit_bytes", s.header_limit, 1024, 1 << 20);
    r.integer(t, p, "body_limit_bytes", s.body_limit, 1024, 64 << 20);
    r.boolean(t, p, "proxy_protocol", s.proxy_protocol);
}

void load_database(reader& r, const toml::table& t, database_settings& d) {
    const std::string p = "database";
    r.only_keys(
        t, p,
        {"url", "replica_url", "pool_size", "queue_limit", "connect_timeout_seconds",
         "retry_after_seconds"});
    r.string(t, p, "url", d.url);
    r.string(t, p, "replica_url", d.replica_url);
    r.integer(t, p, "pool_size", d.pool_size, 1, 256);
    r.integer(t, p, "queue_limit", d.queue_limit, 1, 1'000'000);
    r.integer(t, p, "connect_timeout_seconds", d.connect_timeout_seconds, 1, 600);
    r.integer(t, p, "retry_after_seconds", d.retry_after_seconds, 1, 3600);
}

void load_delivery_tuning(reader& r, const toml::table& t, delivery_tuning& d) {
    const std::string p = "delivery";
    r.only_keys(t, p,
                {"workers", "max_attempts", "first_backoff_ms", "max_backoff_ms",
                 "request_timeout_ms", "poll_interval_ms", "outbox_retention_months"});
    r.integer(t, p, "workers", d.workers, 1, 64);
    r.integer(t, p, "max_attempts", d.max_attempts, 1, 100);
    r.millis(t, p, "first_backoff_ms", d.first_backoff, 1, 3'600'000);
    r.millis(t, p, "max_backoff_ms", d.max_backoff, 1, 86'400'000);
    r.millis(t, p, "request_timeout_ms", d.request_timeout, 100, 600'000);
    r.millis(t, p, "poll_interval_ms", d.poll_interval, 10, 60'000);
    r.integer(t, p, "outbox_retention_months", d.outbox_retention_months, 1, 1200);
}

// After [fraud]: a claim must leave the pool before its month of claims is dropped.
void load_claims(reader& r, const toml::table& t, settings& s) {
    r.only_keys(t, "claims", {"retention_years"});
    r.integer(t, "claims", "retention_years", s.claims.retention_years, 0, 100);
    const int years = s.claims.retention_years;
    if (years > 0 && years < s.fraud.retention_years)
        r.error(t["retention_years"].node()->source(), "claims.retention_years",
                "must be 0 (kept for ever) or at least fraud.retention_years (" +
                    std::to_string(s.fraud.retention_years) +
                    "): a claim leaves the fraud pool before its month of claims is dropped");
}

void load_members(reader& r, const toml::table& doc, const fs::path& dir, settings& s) {
    const auto* members = r.array(doc, "", "member", true);
    if (!members) return;
    for (const auto& n : *members) {
        const auto* t = n.as_table();
        if (!t) {
            r.error(n.source(), "member", "must be a table");
            continue;
        }
        r.only_keys(*t, "member", {"code", "name", "branch"});
        domain::member m;
        r.string(*t, "member", "code", m.code, true);
        r.string(*t, "member", "name", m.name);
        if (!m.code.empty() && s.zone.is_member(m.code))
            r.error(t->source(), "member.code", "duplicate member " + m.code);
        const auto* branches = r.array(*t, "member", "branch", false);
        if (branches) {
            for (const auto& bn : *branches) {
                const auto* bt = bn.as_table();
                if (!bt) {
                    r.error(bn.source(), "member.branch", "must be a table");
                    continue;
                }
                const std::string p = "member." + m.code + ".branch";
                r.only_keys(
                    *bt, p,
                    {"region", "adapter", "url", "secret", "client_cert", "client_key", "ca"});
                domain::branch b;
                b.member = m.code;
                r.string(*bt, p, "region", b.region, true);
                b.code = m.code + "-" + b.region;
                if (!b.region.empty() && !s.zone.is_member_region(b.region))
                    r.error(bt->source(), p + ".region", b.region + " is not a region of the zone");
                delivery_settings d;
                r.string(*bt, p, "adapter", d.adapter);
                const adapters::adapter* kind = adapters::find(d.adapter);
                if (!kind) {
                    std::string known;
                    for (auto n : adapters::names())
                        known += (known.empty() ? "" : ", ") + std::string(n);
                    r.error(bt->source(), p + ".adapter", "must be one of " + known);
                }
                r.string(*bt, p, "url", d.url);
                r.string(*bt, p, "secret", d.secret);
                r.string(*bt, p, "client_cert", d.client_cert);
                r.string(*bt, p, "client_key", d.client_key);
                r.string(*bt, p, "ca", d.ca);
                d.client_cert = resolve(dir, d.client_cert);
                d.client_key = resolve(dir, d.client_key);
                d.ca = resolve(dir, d.ca);
                if (kind && kind->pushes()) {
                    if (d.url.rfind("https://", 0) != 0)
                        r.error(bt->source(), p + ".url", "must be an https:// URL");
                    if (d.secret.size() < 16)
                        r.error(bt->source(), p + ".secret",
                                "must be at least 16 characters (it keys the signature)");
                }
                if (s.zone.find_branch(b.code))
                    r.error(bt->source(), p, "duplicate branch " + b.code);
                s.delivery[b.code] = d;
                s.zone.branches.push_back(std::move(b));
            }
        }
        s.zone.members.push_back(std::move(m));
    }
}

void load_zone(reader& r, const toml::table& t, const fs::path& dir, settings& s,
               std::vector<std::string>& errors) {
    const std::string p = "zone";
    r.only_keys(
        t, p,
        {"name", "situations", "calendar", "mobile_segments", "threshold", "compulsory_at_fault",
         "compulsory_no_fault", "mutual_each_vehicle_max", "region"});
    r.string(t, p, "name", s.zone.name);
    auto& lim = s.rulebook.limits;
    r.money(t, p, "threshold", lim.threshold);
    r.money(t, p, "compulsory_at_fault", lim.compulsory_at_fault);
    r.money(t, p, "compulsory_no_fault", lim.compulsory_no_fault);
    r.money(t, p, "mutual_each_vehicle_max", lim.mutual_each_vehicle_max);
    if (const auto* regions = r.array(t, p, "region", true)) {
        for (const auto& n : *regions) {
            const auto* rt = n.as_table();
            if (!rt) {
                r.error(n.source(), "zone.region", "must be a table");
                continue;
            }
            r.only_keys(*rt, "zone.region", {"code", "name", "counties"});
            domain::region reg;
            r.string(*rt, "zone.region", "code", reg.code, true);
            r.string(*rt, "zone.region", "name", reg.name);
            if (const auto* counties = r.array(*rt, "zone.region", "counties", true))
                for (const auto& c : *counties) {
                    const auto code = c.value<std::string>();
                    if (!c.is_string() || !code || !domain::county_in_region(*code, reg.code))
                        r.error(c.source(), "zone.region.counties",
                                "must hold county codes of region " + reg.code + " such as \"" +
                                    reg.code.substr(0, 4) + "02\"");
                    else
                        reg.counties.push_back(*code);
                }
            if (!domain::is_prefecture_code(reg.code))
                r.error(rt->source(), "zone.region.code",
                        "\"" + reg.code + "\" is not a 6-digit prefecture code ending in 00");
            else if (s.zone.is_member_region(reg.code))
                r.error(rt->source(), "zone.region.code", "duplicate region " + reg.code);
            s.zone.regions.push_back(std::move(reg));
        }
    }
    std::string situations, calendar, mobile;
    r.string(t, p, "situations", situations, true);
    r.string(t, p, "calendar", calendar, true);
    r.string(t, p, "mobile_segments", mobile, true);
    if (!situations.empty()) load_situations(resolve(dir, situations), s.rulebook.table, errors);
    if (!calendar.empty()) load_calendar(resolve(dir, calendar), s.calendar, errors);
    if (!mobile.empty()) detail::load_mobile_segments(resolve(dir, mobile), s.zone.mobile, errors);
}

void apply_environment(const environment& env, settings& s, std::vector<std::string>& errors) {
    auto get = [&](const char* name) -> const std::string* {
        const auto it = env.find(name);
        return it == env.end() ? nullptr : &it->second;
    };
    if (auto v = get("CROSSCLAIM_DB_URL")) s.database.url = *v;
    if (auto v = get("CROSSCLAIM_DB_REPLICA_URL")) s.database.replica_url = *v;
    if (auto v = get("CROSSCLAIM_TLS_CERT")) s.tls.cert = *v;
    if (auto v = get("CROSSCLAIM_TLS_KEY")) s.tls.key = *v;
    if (auto v = get("CROSSCLAIM_TLS_CA")) s.tls.ca = *v;
    if (auto v = get("CROSSCLAIM_TLS_CRL")) s.tls.crl = *v;
    if (auto v = get("CROSSCLAIM_POOL_KEY")) s.pool_key = *v;
    if (auto v = get("CROSSCLAIM_LISTEN")) {
        if (auto e = parse_endpoint(*v))
            s.server.api = *e;
        else
            errors.push_back("CROSSCLAIM_LISTEN: \"" + *v + "\" is not host:port");
    }
    if (auto v = get("CROSSCLAIM_CONSOLE_LISTEN")) {
        if (auto e = parse_endpoint(*v))
            s.server.console = *e;
        else
            errors.push_back("CROSSCLAIM_CONSOLE_LISTEN: \"" + *v + "\" is not host:port");
    }
}

}  // namespace

std::optional<endpoint> parse_endpoint(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    const auto port_text = text.substr(colon + 1);
    if (port_text.empty() || port_text.size() > 5) return std::nullopt;
    unsigned port = 0;
    for (char c : port_text) {
        if (c < '0' || c > '9') return std::nullopt;
        port = port * 10 + static_cast<unsigned>(c - '0');
    }
    if (port > 65535) return std::nullopt;
    return endpoint{std::string(text.substr(0, colon)), static_cast<std::uint16_t>(port)};
}

environment process_environment() {
    environment env;
    for (char** e = environ; e && *e; ++e) {
        const std::string_view kv{*e};
        const auto eq = kv.find('=');
        if (eq != std::string_view::npos && kv.rfind("CROSSCLAIM_", 0) == 0)
            env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
    return env;
}

std::string default_path() {
    return std::string(CROSSCLAIM_SOURCE_DIR) + "/config/crossclaim.toml";
}

load_result load(const std::string& path, const environment& env) {
    load_result result;
    auto& errors = result.errors;
    const auto doc = parse_file(path, errors);
    if (!doc) return result;
    const fs::path dir = fs::absolute(fs::path(path)).parent_path();
    reader r(path, errors);
    settings s;
    s.source = path;
    r.only_keys(
        *doc, "",
        {"server", "tls", "database", "pool", "fraud", "delivery", "claims", "sla", "reports",
         "console", "zone", "member", "organisation", "rate_limit"});
    if (const auto* t = r.table(*doc, "", "server", false)) load_server(r, *t, s.server);
    if (const auto* t = r.table(*doc, "", "tls", true)) {
        r.only_keys(*t, "tls", {"cert", "key", "ca", "crl"});
        r.string(*t, "tls", "cert", s.tls.cert, true);
        r.string(*t, "tls", "key", s.tls.key, true);
        r.string(*t, "tls", "ca", s.tls.ca, true);
        r.string(*t, "tls", "crl", s.tls.crl);
        s.tls = {resolve(dir, s.tls.cert), resolve(dir, s.tls.key), resolve(dir, s.tls.ca),
                 resolve(dir, s.tls.crl)};
    }
    if (const auto* t = r.table(*doc, "", "database", false)) load_database(r, *t, s.database);
    if (const auto* t = r.table(*doc, "", "pool", false)) {
        r.only_keys(*t, "pool", {"key"});
        r.string(*t, "pool", "key", s.pool_key);
    }
    if (const auto* t = r.table(*doc, "", "delivery", false))
        load_delivery_tuning(r, *t, s.delivery_tuning);
    if (const auto* t = r.table(*doc, "", "sla", false)) {
        r.only_keys(*t, "sla", {"scan_interval_ms"});
        r.millis(*t, "sla", "scan_interval_ms", s.sla.scan_interval, 10, 3'600'000);
    }
    if (const auto* t = r.table(*doc, "", "reports", false)) {
        r.only_keys(*t, "reports", {"rollup_interval_ms"});
        r.millis(*t, "reports", "rollup_interval_ms", s.reports.rollup_interval, 10, 86'400'000);
    }
    if (const auto* t = r.table(*doc, "", "fraud", false))
        detail::load_fraud(r, *t, dir, s.fraud, errors);
    if (const auto* t = r.table(*doc, "", "console", false))
        detail::load_console(r, *t, dir, s.console);
    if (const auto* t = r.table(*doc, "", "claims", false)) load_claims(r, *t, s);
    // Regions come before members: a branch's region is checked against them.
    if (const auto* t = r.table(*doc, "", "zone", true)) load_zone(r, *t, dir, s, errors);
    load_members(r, *doc, dir, s);
    detail::load_organisations(r, *doc, s.zone);
    if (const auto* t = r.table(*doc, "", "rate_limit", false))
        detail::load_rate_limits(r, *t, s.zone, s.rate_limits);
    if (s.zone.regions.empty()) errors.push_back(path + ": zone: at least one region is needed");
    apply_environment(env, s, errors);
    if (errors.empty()) result.value = std::move(s);
    return result;
}

}  // namespace crossclaim::config
