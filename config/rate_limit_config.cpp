// The [rate_limit] table of the main config file.

#include "config/fraud_config.hpp"

namespace crossclaim::config::detail {
namespace {

void load_bucket(reader& r, const toml::table& t, const std::string& path, rate_limit& out) {
    r.integer(t, path, "per_second", out.per_second, 1, 1'000'000);
    r.integer(t, path, "burst", out.burst, 1, 10'000'000);
}

}  // namespace

void load_rate_limits(reader& r, const toml::table& t, const domain::zone& zone,
                      rate_limit_settings& out) {
    r.only_keys(t, "rate_limit", {"per_second", "burst", "member"});
    load_bucket(r, t, "rate_limit", out.standard);
    const auto* list = r.array(t, "rate_limit", "member", false);
    if (!list) return;
    for (const auto& n : *list) {
        const auto* m = n.as_table();
        if (!m) {
            r.error(n.source(), "rate_limit.member", "must be a table");
            continue;
        }
        r.only_keys(*m, "rate_limit.member", {"code", "per_second", "burst"});
        std::string code;
        r.string(*m, "rate_limit.member", "code", code, true);
        if (code.empty()) continue;
        if (!zone.knows(code)) {
            r.error(m->source(), "rate_limit.member.code",
                    code + " is not a configured member or organisation");
            continue;
        }
        if (out.by_member.contains(code)) {
            r.error(m->source(), "rate_limit.member.code", "duplicate code " + code);
            continue;
        }
        rate_limit limit = out.standard;
        load_bucket(r, *m, "rate_limit.member", limit);
        out.by_member.emplace(code, limit);
    }
}

}  // namespace crossclaim::config::detail
