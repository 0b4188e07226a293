-- Claims intake, per-party lifecycle, SLA clocks, outbound events, clearing and assists.

-- One reported accident. (submitter, external_ref) is the idempotency key.
CREATE TABLE claims (
    claim_id        uuid PRIMARY KEY,
    submitter       text NOT NULL,
    external_ref    text NOT NULL,
    body_sha256     text NOT NULL,      -- of the normalised request body
    accident_region text NOT NULL,
    occurred_at     timestamptz NOT NULL,
    reported_at     timestamptz NOT NULL,
    tier            text NOT NULL,
    -- json, not jsonb: key order is kept, so a replay answers the very same bytes.
    document        json NOT NULL,      -- the validated report as submitted
    decision        json NOT NULL,      -- fast_settle, mutual_self_settle, sla as answered
    response        text NOT NULL,      -- the 201 body, answered again on a replay
    UNIQUE (submitter, external_ref)
);

-- Each party's claim: where it is routed and where it stands.
CREATE TABLE claim_parties (
    claim_id            uuid NOT NULL REFERENCES claims,
    party               text NOT NULL,
    insurer             text NOT NULL,
    underwriting_region text NOT NULL,
    handling_branch     text NOT NULL,
    notified_branch     text,
    out_of_area         boolean NOT NULL,
    flags               text[] NOT NULL DEFAULT '{}',
    status              text NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (claim_id, party)
);
CREATE INDEX claim_parties_insurer ON claim_parties (insurer);

-- Every status a party's claim went through.
CREATE TABLE claim_history (
    id          bigserial PRIMARY KEY,
    claim_id    uuid NOT NULL,
    party       text NOT NULL,
    status      text NOT NULL,
    at          timestamptz NOT NULL,
    amount_fen  bigint,
    method      text,
    reason      text,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (claim_id, party) REFERENCES claim_parties
);
CREATE INDEX claim_history_claim ON claim_history (claim_id, id);

-- Stage deadlines per party. A stage is met when the party reaches its status.
CREATE TABLE sla_deadlines (
    id                 bigserial PRIMARY KEY,
    claim_id           uuid NOT NULL,
    party              text NOT NULL,
    tier               text NOT NULL,
    stage              text NOT NULL,
    basis              text NOT NULL,
    due                timestamptz NOT NULL,
    met_at             timestamptz,
    cancelled_at       timestamptz,
    escalation_level   int NOT NULL DEFAULT 0,
    next_escalation_at timestamptz NOT NULL,   -- when the next level is due
    FOREIGN KEY (claim_id, party) REFERENCES claim_parties
);
CREATE INDEX sla_deadlines_open ON sla_deadlines (next_escalation_at)
    WHERE met_at IS NULL AND cancelled_at IS NULL AND escalation_level < 3;
CREATE INDEX sla_deadlines_claim ON sla_deadlines (claim_id);

-- One row per level reached: the primary key makes each escalation happen once.
CREATE TABLE sla_escalations (
    deadline_id  bigint NOT NULL REFERENCES sla_deadlines,
    level        int NOT NULL,
    target       text NOT NULL,
    escalated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (deadline_id, level)
);

-- Outbound events, one row per receiving branch, written in the same transaction as the
-- change they announce. seq is the order per claim; the inbox order is numbered apart (see
-- 0003_outbox_without_lock.sql).
CREATE TABLE outbox (
    seq             bigserial PRIMARY KEY,
    event_id        uuid NOT NULL UNIQUE,
    branch          text NOT NULL,
    claim_id        uuid NOT NULL,
    type            text NOT NULL,
    occurred_at     timestamptz NOT NULL,
    envelope        json NOT NULL,      -- json keeps the key order of the contract
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    delivered_at    timestamptz
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_branch ON outbox (branch, seq);
CREATE INDEX outbox_branch_claim ON outbox (branch, claim_id, seq);

-- How far each member has acknowledged its inbox (pull delivery).
CREATE TABLE inbox_acks (
    member     text PRIMARY KEY,
    up_to      bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- What one insurer owes another (no-fault proxy payments; later recoveries).
CREATE TABLE clearing_entries (
    id         bigserial PRIMARY KEY,
    claim_id   uuid NOT NULL REFERENCES claims,
    creditor   text NOT NULL,
    debtor     text NOT NULL,
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    entry_date date NOT NULL      -- Asia/Shanghai date of the report
);
CREATE INDEX clearing_entries_date ON clearing_entries (entry_date);

-- An adjuster's help at a scene insured elsewhere (遇事必停).
CREATE TABLE assists (
    id          bigserial PRIMARY KEY,
    member      text NOT NULL,
    adjuster_id text NOT NULL,
    claim_id    uuid NOT NULL,
    services    text[] NOT NULL,
    at          timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assists_at ON assists (at);

-- Output conventions of API.md, for views built in SQL: times in +08:00, money as "0.00".
CREATE FUNCTION cc_time(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(t AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"')
$$;
CREATE FUNCTION cc_money(fen bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN fen IS NULL THEN NULL
                ELSE (CASE WHEN fen < 0 THEN '-' ELSE '' END) || (abs(fen) / 100)::text || '.' ||
                     lpad((abs(fen) % 100)::text, 2, '0') END
$$;
