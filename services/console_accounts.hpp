#pragma once
// Console accounts: adding users, logging in with lockout, and the sessions that follow.
// Passwords are Argon2id hashes; a session is a random token in an HttpOnly cookie, of which
// the database keeps only the SHA-256, and a CSRF token the page sends back on changes.

#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "storage/console_store.hpp"

namespace crossclaim::services {

/// Shortest password `user add` accepts.
inline constexpr std::size_t min_password_length = 12;

/// Why a user cannot be added as asked, or nullopt. `organisation` empty picks the zone's
/// first organisation with the role.
std::optional<std::string> check_new_user(const domain::zone& zone, const std::string& name,
                                          const std::string& role, std::string& organisation,
                                          std::string_view password);

/// Adds the user or sets a new password; true when new. Call check_new_user first.
bool add_user(storage::session& db, const std::string& name, const std::string& role,
              const std::string& organisation, std::string_view password);

struct login_result {
    enum class outcome { ok, wrong, locked } result = outcome::wrong;
    std::string token;                         ///< the session cookie's value (ok)
    storage::console_session session;          ///< who logged in (ok)
    std::optional<domain::instant> locked_until;  ///< (locked)
};

/// Checks the password. A locked login is refused whatever the password; a wrong one counts
/// towards the lock. Unknown names take as long as known ones.
login_result log_in(storage::session& db, const config::console_settings& c,
                    const std::string& name, std::string_view password);

/// The live session of a cookie's token, marked used now.
std::optional<storage::console_session> session_of(storage::session& db,
                                                   const config::console_settings& c,
                                                   std::string_view token);

/// Ends the session of that token.
void log_out(storage::session& db, std::string_view token);

}  // namespace crossclaim::services
