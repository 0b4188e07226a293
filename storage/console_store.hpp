#pragma once
// Console users and their sessions (migration 0004).

#include <chrono>
#include <optional>
#include <string>

#include "domain/time.hpp"
#include "storage/db_pool.hpp"

namespace crossclaim::storage {

struct console_user {
    std::string name, role, organisation, password_hash;
    std::optional<domain::instant> locked_until;  ///< set while the login is locked
};

/// Adds the user, or gives an existing one a new password, role and organisation (and
/// unlocks it); true when the user is new. Sessions of a changed user end.
bool put_console_user(session& s, const std::string& name, const std::string& role,
                      const std::string& organisation, const std::string& password_hash);

/// The user, with `locked_until` only while the lock lasts; nullopt when unknown.
std::optional<console_user> find_console_user(session& s, const std::string& name);

/// Counts a wrong password; the `max_failures`-th in a row locks the login for `lockout`.
/// Returns when the lock ends if this one locked it.
std::optional<domain::instant> record_failed_login(session& s, const std::string& name,
                                                   int max_failures, std::chrono::minutes lockout);

/// A good login: forgets the failures and starts a session. Sessions idle longer than
/// `idle` (anyone's) are removed at the same time.
void start_console_session(session& s, const std::string& name, const std::string& token_sha256,
                           const std::string& csrf_token, std::chrono::minutes idle);

/// A session in use.
struct console_session {
    std::string user, role, organisation, csrf_token;
};

/// The session with that token hash if it was used within `idle`; marks it used now.
std::optional<console_session> touch_console_session(session& s, const std::string& token_sha256,
                                                     std::chrono::minutes idle);

/// Ends the session (logout).
void end_console_session(session& s, const std::string& token_sha256);

}  // namespace crossclaim::storage
