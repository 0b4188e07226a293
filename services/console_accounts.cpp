#include "services/console_accounts.hpp"

#include "support/ids.hpp"
#include "support/password.hpp"

namespace crossclaim::services {

std::optional<std::string> check_new_user(const domain::zone& zone, const std::string& name,
                                          const std::string& role, std::string& organisation,
                                          std::string_view password) {
    if (name.empty() || name.size() > 64) return "the user name must be 1 to 64 characters";
    for (unsigned char c : name)
        if (c < 0x21 || c == 0x7f) return "the user name must not contain spaces or control characters";
    if (role != "association" && role != "investigator")
        return "--role must be association or investigator";
    if (organisation.empty())
        for (const auto& o : zone.organisations)
            if (o.role == role) {
                organisation = o.code;
                break;
            }
    if (organisation.empty())
        return "the zone configures no organisation with the role " + role + " ([[organisation]])";
    if (!zone.has_organisation(organisation, role))
        return "the organisation " + organisation + " is not configured with the role " + role;
    if (password.size() < min_password_length)
        return "the password must have at least " + std::to_string(min_password_length) +
               " characters";
    return std::nullopt;
}

bool add_user(storage::session& db, const std::string& name, const std::string& role,
              const std::string& organisation, std::string_view password) {
    return storage::put_console_user(db, name, role, organisation, support::hash_password(password));
}

login_result log_in(storage::session& db, const config::console_settings& c,
                    const std::string& name, std::string_view password) {
    login_result out;
    const auto user = storage::find_console_user(db, name);
    if (!user) {
        support::verify_nothing(password);
        return out;
    }
    if (user->locked_until) {
        out.result = login_result::outcome::locked;
        out.locked_until = user->locked_until;
        return out;
    }
    if (!support::verify_password(user->password_hash, password)) {
        storage::record_failed_login(db, name, c.max_failed_logins, c.lockout);
        return out;
    }
    out.token = support::random_hex(32);
    out.session = {user->name, user->role, user->organisation, support::random_hex(32)};
    storage::start_console_session(db, name, support::sha256_hex(out.token), out.session.csrf_token,
                                   c.idle_timeout);
    out.result = login_result::outcome::ok;
    return out;
}

std::optional<storage::console_session> session_of(storage::session& db,
                                                   const config::console_settings& c,
                                                   std::string_view token) {
    if (token.size() != 64) return std::nullopt;
    return storage::touch_console_session(db, support::sha256_hex(token), c.idle_timeout);
}

void log_out(storage::session& db, std::string_view token) {
    storage::end_console_session(db, support::sha256_hex(token));
}

}  // namespace crossclaim::services
