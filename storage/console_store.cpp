#include "storage/console_store.hpp"

#include "storage/sql_types.hpp"

namespace crossclaim::storage {
namespace {

const statement put_user{"console.put_user", R"sql(
    WITH gone AS (DELETE FROM console_sessions WHERE user_name = $1)
    INSERT INTO console_users (name, role, organisation, password_hash)
    VALUES ($1, $2, $3, $4)
    ON CONFLICT (name) DO UPDATE
        SET role = excluded.role, organisation = excluded.organisation,
            password_hash = excluded.password_hash, failed_logins = 0, locked_until = NULL,
            password_set_at = now()
    RETURNING (xmax = 0))sql"};

const statement find_user{"console.find_user", R"sql(
    SELECT name, role, organisation, password_hash,
           CASE WHEN locked_until > now() THEN extract(epoch FROM locked_until)::bigint END
    FROM console_users WHERE name = $1)sql"};

// The failure that reaches the limit locks the login and starts the count again.
const statement failed{"console.failed_login", R"sql(
    UPDATE console_users
    SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
        locked_until = CASE WHEN failed_logins + 1 >= $2
                            THEN now() + make_interval(mins => $3) ELSE locked_until END
    WHERE name = $1
    RETURNING CASE WHEN locked_until > now() THEN extract(epoch FROM locked_until)::bigint END)sql"};

const statement good{"console.good_login", R"sql(
    WITH u AS (UPDATE console_users SET failed_logins = 0, locked_until = NULL WHERE name = $1),
         stale AS (DELETE FROM console_sessions
                   WHERE last_seen_at < now() - make_interval(mins => $4))
    INSERT INTO console_sessions (token_sha256, user_name, csrf_token) VALUES ($2, $1, $3))sql"};

const statement touch{"console.touch", R"sql(
    UPDATE console_sessions s SET last_seen_at = now()
    FROM console_users u
    WHERE s.token_sha256 = $1 AND u.name = s.user_name
      AND s.last_seen_at >= now() - make_interval(mins => $2)
    RETURNING u.name, u.role, u.organisation, s.csrf_token)sql"};

const statement end{"console.end", R"sql(
    DELETE FROM console_sessions WHERE token_sha256 = $1)sql"};

pqxx::result run(session& s, const statement& st, auto&&... args) {
    s.prepare(st);
    pqxx::nontransaction tx(s.conn());
    return tx.exec_prepared(std::string(st.name), std::forward<decltype(args)>(args)...);
}

}  // namespace

bool put_console_user(session& s, const std::string& name, const std::string& role,
                      const std::string& organisation, const std::string& password_hash) {
    return run(s, put_user, name, role, organisation, password_hash)[0][0].as<bool>();
}

std::optional<console_user> find_console_user(session& s, const std::string& name) {
    const auto r = run(s, find_user, name);
    if (r.empty()) return std::nullopt;
    console_user u{r[0][0].as<std::string>(), r[0][1].as<std::string>(),
                   r[0][2].as<std::string>(), r[0][3].as<std::string>(), std::nullopt};
    if (!r[0][4].is_null()) u.locked_until = domain::instant{std::chrono::seconds{r[0][4].as<long long>()}};
    return u;
}

std::optional<domain::instant> record_failed_login(session& s, const std::string& name,
                                                   int max_failures, std::chrono::minutes lockout) {
    const auto r = run(s, failed, name, max_failures, static_cast<int>(lockout.count()));
    if (r.empty() || r[0][0].is_null()) return std::nullopt;
    return domain::instant{std::chrono::seconds{r[0][0].as<long long>()}};
}

void start_console_session(session& s, const std::string& name, const std::string& token_sha256,
                           const std::string& csrf_token, std::chrono::minutes idle) {
    run(s, good, name, token_sha256, csrf_token, static_cast<int>(idle.count()));
}

std::optional<console_session> touch_console_session(session& s, const std::string& token_sha256,
                                                     std::chrono::minutes idle) {
    const auto r = run(s, touch, token_sha256, static_cast<int>(idle.count()));
    if (r.empty()) return std::nullopt;
    return console_session{r[0][0].as<std::string>(), r[0][1].as<std::string>(),
                           r[0][2].as<std::string>(), r[0][3].as<std::string>()};
}

void end_console_session(session& s, const std::string& token_sha256) { run(s, end, token_sha256); }

}  // namespace crossclaim::storage
