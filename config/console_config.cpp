// The [console] table and the [[organisation]] tables of the main config file.

#include "config/fraud_config.hpp"

namespace crossclaim::config::detail {

void load_console(reader& r, const toml::table& t, const std::filesystem::path& dir,
                  console_settings& c) {
    r.only_keys(
        t, "console",
        {"static_dir", "echarts", "swagger_ui", "idle_timeout_minutes", "max_failed_logins",
         "lockout_minutes"});
    r.string(t, "console", "static_dir", c.static_dir);
    r.string(t, "console", "echarts", c.echarts);
    r.string(t, "console", "swagger_ui", c.swagger_ui);
    c.static_dir = resolve(dir, c.static_dir);
    c.echarts = resolve(dir, c.echarts);
    c.swagger_ui = resolve(dir, c.swagger_ui);
    int idle = static_cast<int>(c.idle_timeout.count());
    int lockout = static_cast<int>(c.lockout.count());
    r.integer(t, "console", "idle_timeout_minutes", idle, 1, 24 * 60);
    r.integer(t, "console", "max_failed_logins", c.max_failed_logins, 1, 100);
    r.integer(t, "console", "lockout_minutes", lockout, 1, 24 * 60);
    c.idle_timeout = std::chrono::minutes{idle};
    c.lockout = std::chrono::minutes{lockout};
}

void load_organisations(reader& r, const toml::table& doc, domain::zone& zone) {
    const auto* list = r.array(doc, "", "organisation", false);
    if (!list) return;
    for (const auto& n : *list) {
        const auto* t = n.as_table();
        if (!t) {
            r.error(n.source(), "organisation", "must be a table");
            continue;
        }
        r.only_keys(*t, "organisation", {"code", "name", "role"});
        domain::organisation o;
        r.string(*t, "organisation", "code", o.code, true);
        r.string(*t, "organisation", "name", o.name);
        r.string(*t, "organisation", "role", o.role, true);
        if (!o.role.empty() && o.role != "investigator" && o.role != "association")
            r.error(t->source(), "organisation.role",
                    "must be investigator or association (insurers are [[member]]s)");
        if (!o.code.empty() && zone.knows(o.code))
            r.error(t->source(), "organisation.code", "duplicate code " + o.code);
        zone.organisations.push_back(std::move(o));
    }
}

}  // namespace crossclaim::config::detail
