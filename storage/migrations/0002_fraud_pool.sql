-- The fraud pool: keyed hashes of every claim's identifiers (readable values only sealed),
-- the screening queue, leads and the investigators' audit trail.

-- Data keys, wrapped under the key derived from CROSSCLAIM_POOL_KEY. One is active.
CREATE TABLE pool_keys (
    key_id     text PRIMARY KEY,
    wrapped    text NOT NULL,
    active     boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    retired_at timestamptz
);
CREATE UNIQUE INDEX pool_keys_one_active ON pool_keys (active) WHERE active;

-- One row per claim: the facts the rules need, as keyed hashes and numbers (no readable
-- identifier), written by intake in the claim's own transaction.
CREATE TABLE pool_claims (
    claim_id    uuid PRIMARY KEY REFERENCES claims,
    member      text NOT NULL,
    region      text NOT NULL,
    occurred_at timestamptz NOT NULL,
    facts       jsonb NOT NULL,
    screened_at timestamptz,
    pooled_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pool_claims_occurred ON pool_claims (occurred_at);

-- One row per identifier of a claim's party. Candidate lookups are range scans on
-- (kind, hash, occurred_at); the party's vehicle, driver and phone come along so that the
-- rules need no second read.
CREATE TABLE pool_entries (
    id          bigserial PRIMARY KEY,
    claim_id    uuid NOT NULL REFERENCES pool_claims ON DELETE CASCADE,
    party       text NOT NULL,
    kind        text NOT NULL,
    hash        text NOT NULL,
    occurred_at timestamptz NOT NULL,
    member      text NOT NULL,
    vehicle     text NOT NULL,
    driver      text NOT NULL,
    phone       text NOT NULL,
    masked      text NOT NULL,
    sealed      text NOT NULL     -- "<key id>:<AES-256-GCM>"
);
CREATE INDEX pool_entries_lookup ON pool_entries (kind, hash, occurred_at);
CREATE INDEX pool_entries_claim ON pool_entries (claim_id);
CREATE INDEX pool_entries_key ON pool_entries ((split_part(sealed, ':', 1)));

-- Maintained counts, so no rule scans the pool per claim.
CREATE TABLE pool_phone_people (
    phone   text NOT NULL,
    person  text NOT NULL,
    seen_at timestamptz NOT NULL DEFAULT now(),   -- for the retention purge
    PRIMARY KEY (phone, person)
);
CREATE TABLE pool_shop_flags (
    shop     text NOT NULL,
    claim_id uuid NOT NULL,
    seen_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shop, claim_id)
);
-- Losses per situation in 1 %-wide logarithmic buckets: the median is read from at most a
-- few thousand rows whatever the pool's size.
CREATE TABLE pool_loss_buckets (
    situation int NOT NULL,
    bucket    int NOT NULL,
    samples   bigint NOT NULL,
    PRIMARY KEY (situation, bucket)
);

-- Work queue: a row per claim to screen, taken with SKIP LOCKED by any instance.
CREATE TABLE screening_queue (
    claim_id    uuid PRIMARY KEY REFERENCES pool_claims ON DELETE CASCADE,
    enqueued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    attempts    int NOT NULL DEFAULT 0,
    next_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    last_error  text
);
CREATE INDEX screening_queue_next ON screening_queue (next_at);

CREATE TABLE leads (
    lead_id              uuid PRIMARY KEY,
    status               text NOT NULL DEFAULT 'NEW'
                         CHECK (status IN ('NEW', 'ASSIGNED', 'INVESTIGATING', 'CONFIRMED',
                                           'DISMISSED', 'MERGED')),
    score                int NOT NULL DEFAULT 0,
    region               text NOT NULL,
    rule_set_version     text NOT NULL,
    assignee             text,
    confirmed_amount_fen bigint,
    reward_fen           bigint,
    merged_into          uuid REFERENCES leads,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX leads_queue ON leads (status, score DESC, created_at);

CREATE TABLE lead_claims (
    lead_id  uuid NOT NULL REFERENCES leads,
    claim_id uuid NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (lead_id, claim_id)
);
CREATE INDEX lead_claims_claim ON lead_claims (claim_id);

-- The identifiers through which a lead's claims hit (or that an adjuster reported).
CREATE TABLE lead_entities (
    lead_id uuid NOT NULL REFERENCES leads,
    kind    text NOT NULL,
    hash    text NOT NULL,
    masked  text NOT NULL,
    sealed  text NOT NULL,
    PRIMARY KEY (lead_id, kind, hash)
);
CREATE INDEX lead_entities_hash ON lead_entities (kind, hash);

CREATE TABLE rule_hits (
    id               bigserial PRIMARY KEY,
    lead_id          uuid NOT NULL REFERENCES leads,
    claim_id         uuid NOT NULL,
    rule_code        text NOT NULL,
    weight           int NOT NULL,
    rule_set_version text NOT NULL,
    claims           uuid[] NOT NULL,
    evidence         jsonb NOT NULL,    -- [{claim_id, kind, hash, occurred_at}]
    explanation      text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rule_hits_lead ON rule_hits (lead_id);
CREATE INDEX rule_hits_rule ON rule_hits (rule_code, created_at);

-- An adjuster's report from the scene, kept for the reward.
CREATE TABLE fraud_reports (
    id          bigserial PRIMARY KEY,
    lead_id     uuid NOT NULL REFERENCES leads,
    member      text NOT NULL,
    adjuster_id text NOT NULL,
    claim_id    uuid,
    note        text NOT NULL,
    evidence    jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fraud_reports_lead ON fraud_reports (lead_id);

CREATE TABLE lead_history (
    id       bigserial PRIMARY KEY,
    lead_id  uuid NOT NULL REFERENCES leads,
    at       timestamptz NOT NULL DEFAULT now(),
    actor    text NOT NULL,
    change   text NOT NULL,     -- "status NEW -> ASSIGNED", "merged into …", "note"
    note     text
);
CREATE INDEX lead_history_lead ON lead_history (lead_id, id);

-- Who saw what: every reveal, entity search, referral export and purge. Rows can only be
-- added: a trigger refuses UPDATE, DELETE and TRUNCATE whoever asks, and the privileges to
-- do them are revoked.
CREATE TABLE audit_log (
    id           bigserial PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    actor        text NOT NULL,
    organisation text NOT NULL,
    action       text NOT NULL CHECK (action IN ('reveal', 'entity_search', 'referral', 'purge')),
    id_kind      text,
    lead_id      uuid,
    claims       uuid[] NOT NULL DEFAULT '{}',
    reason       text NOT NULL
);
CREATE INDEX audit_log_lead ON audit_log (lead_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
DO $$ BEGIN
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM %I', current_user);
END $$;
