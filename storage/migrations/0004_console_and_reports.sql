-- The console's users and sessions, and what the association's reports read by.

-- A person who logs in to the console. The password is kept only as an Argon2id hash
-- (libsodium's crypto_pwhash_str format, which carries its own salt and cost).
CREATE TABLE console_users (
    name            text PRIMARY KEY,
    role            text NOT NULL CHECK (role IN ('association', 'investigator')),
    organisation    text NOT NULL,
    password_hash   text NOT NULL,
    failed_logins   int NOT NULL DEFAULT 0,      -- since the last good login
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    password_set_at timestamptz NOT NULL DEFAULT now()
);

-- A logged-in browser. Only the SHA-256 of the cookie's token is stored, so a copy of the
-- table does not let anyone in. Any gateway instance serves any session.
CREATE TABLE console_sessions (
    token_sha256 text PRIMARY KEY,
    user_name    text NOT NULL REFERENCES console_users ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX console_sessions_seen ON console_sessions (last_seen_at);

-- Reports select by period.
CREATE INDEX claims_reported ON claims (reported_at);
CREATE INDEX sla_deadlines_due ON sla_deadlines (due);
CREATE INDEX sla_escalations_at ON sla_escalations (escalated_at);
CREATE INDEX leads_created ON leads (created_at);
CREATE INDEX claim_history_status ON claim_history (status, claim_id);

-- A share as the reports print it: four decimals, null when there is nothing to divide.
CREATE FUNCTION cc_share(part bigint, whole bigint) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT round(part::numeric / nullif(whole, 0), 4)
$$;

