-- Claims, their history and the outbox by month, as the pool is (0007_pool_by_month.sql).
--
-- claims and claim_history are partitioned on the claim id. From this migration on a claim's
-- id names the UTC month it was received in (support/ids.hpp: cc202612-xxxx-8xxx-…), so
-- a month is a range of ids and a read by id goes to one month. The random (version 4) ids
-- issued before stay where they fall:
--   claims_v4_low / claims_v4_high  every id below "cc200001-…" or from "cc299913-…" on,
--   claims_other (default)          ids between months (their "cc……" is not a month), and a
--                                   month's claims if its partition was not made in time;
--   claims_YYYY_MM                  a month; one is also made here for each month whose
--                                   range already holds an old id (a handful per million).
-- The outbox is partitioned on seq, which now carries the month of the event's insert:
-- YYYYMM × 10¹² + the sequence (202612000000004711), so seq keeps its order.
--
-- The idempotency key (submitter, external_ref) cannot be unique across a partitioned table
-- that is not partitioned by it, so it has its own table, claim_keys, written first by intake.
-- outbox.event_id is no longer unique by constraint, for the same reason; its ids are random
-- UUIDs and nothing looks them up but the replay of dead events.
--
-- Each month is made by claims_add_month (here this month and the next, then by the
-- retention job with the pool's months). Claims have no retention period, so nothing drops
-- a month of claims or events. (Detaching one would first need the rows that refer to its
-- claims, in claim_parties and the tables after it, partitioned the same way.)

-- The idempotency key of every claim.
CREATE TABLE claim_keys (
    submitter    text NOT NULL,
    external_ref text NOT NULL,
    claim_id     uuid NOT NULL,
    PRIMARY KEY (submitter, external_ref)
);

-- Locks every table intake writes (and the inbox), in the order intake's statement takes
-- them (storage/claims_store.cpp), so intake waits for a change of months and never
-- deadlocks with it. The pool's month functions take the same set.
CREATE FUNCTION months_lock() RETURNS void LANGUAGE sql AS $$
    LOCK TABLE claim_keys, claims, claim_parties, claim_history, clearing_entries, pool_claims,
               screening_queue, pool_entries, outbox, inbox_positions IN ACCESS EXCLUSIVE MODE
$$;

-- The first claim id of the month holding `m` (a UTC month), and the first seq of its events.
CREATE FUNCTION cc_month_claim_id(m timestamptz) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
    SELECT ('cc' || to_char(m AT TIME ZONE 'UTC', 'YYYYMM') || '-0000-0000-0000-000000000000')::uuid
$$;
CREATE FUNCTION cc_month_seq(m timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(m AT TIME ZONE 'UTC', 'YYYYMM')::bigint * 1000000000000
$$;

-- An event's seq: its month and the sequence. The clock at the insert, not the transaction's
-- start: the next event of a claim is inserted after this one's transaction has committed, so
-- it never has an earlier month.
CREATE FUNCTION outbox_next_seq() RETURNS bigint LANGUAGE sql VOLATILE AS $$
    SELECT cc_month_seq(clock_timestamp()) + nextval('outbox_seq_seq')
$$;

-- The unpartitioned tables step aside; their rows are copied below.
ALTER TABLE claim_parties DROP CONSTRAINT claim_parties_claim_id_fkey;
ALTER TABLE clearing_entries DROP CONSTRAINT clearing_entries_claim_id_fkey;
ALTER TABLE pool_claims DROP CONSTRAINT pool_claims_claim_id_fkey;
ALTER TABLE inbox_positions DROP CONSTRAINT inbox_positions_seq_fkey;
ALTER TABLE claims RENAME TO claims_unpartitioned;
ALTER TABLE claim_history RENAME TO claim_history_unpartitioned;
ALTER TABLE outbox RENAME TO outbox_unpartitioned;
ALTER SEQUENCE claim_history_id_seq OWNED BY NONE;
ALTER SEQUENCE outbox_seq_seq OWNED BY NONE;

CREATE TABLE claims (
    claim_id        uuid NOT NULL,
    submitter       text NOT NULL,
    external_ref    text NOT NULL,
    body_sha256     text NOT NULL,
    accident_region text NOT NULL,
    occurred_at     timestamptz NOT NULL,
    reported_at     timestamptz NOT NULL,
    tier            text NOT NULL,
    document        json NOT NULL,
    decision        json NOT NULL,
    response        text NOT NULL
) PARTITION BY RANGE (claim_id);

CREATE TABLE claim_history (
    id          bigint NOT NULL DEFAULT nextval('claim_history_id_seq'),
    claim_id    uuid NOT NULL,
    party       text NOT NULL,
    status      text NOT NULL,
    at          timestamptz NOT NULL,
    amount_fen  bigint,
    method      text,
    reason      text,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (claim_id);

CREATE TABLE outbox (
    seq             bigint NOT NULL DEFAULT outbox_next_seq(),
    event_id        uuid NOT NULL,
    branch          text NOT NULL,
    claim_id        uuid NOT NULL,
    type            text NOT NULL,
    occurred_at     timestamptz NOT NULL,
    envelope        json NOT NULL,
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    delivered_at    timestamptz,
    xid             xid8 NOT NULL DEFAULT pg_current_xact_id()
) PARTITION BY RANGE (seq);

CREATE TABLE claims_v4_low PARTITION OF claims
    FOR VALUES FROM (MINVALUE) TO ('cc200001-0000-0000-0000-000000000000');
CREATE TABLE claims_v4_high PARTITION OF claims
    FOR VALUES FROM ('cc299913-0000-0000-0000-000000000000') TO (MAXVALUE);
CREATE TABLE claims_other PARTITION OF claims DEFAULT;
CREATE TABLE claim_history_v4_low PARTITION OF claim_history
    FOR VALUES FROM (MINVALUE) TO ('cc200001-0000-0000-0000-000000000000');
CREATE TABLE claim_history_v4_high PARTITION OF claim_history
    FOR VALUES FROM ('cc299913-0000-0000-0000-000000000000') TO (MAXVALUE);
CREATE TABLE claim_history_other PARTITION OF claim_history DEFAULT;
CREATE TABLE outbox_before PARTITION OF outbox FOR VALUES FROM (MINVALUE) TO (200001000000000000);
CREATE TABLE outbox_other PARTITION OF outbox DEFAULT;

-- Makes the month holding `t` (a UTC month) for claims, their history and the outbox.
-- Returns false when it exists already, when another instance is changing months right now
-- (the pool's advisory key, "CRSP"), or when a default partition holds rows of that month
-- (they stay there; that month's rows keep going there).
CREATE FUNCTION claims_add_month(t timestamptz) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    month    text := to_char(t AT TIME ZONE 'UTC', 'YYYY_MM');
    next     timestamptz := (date_trunc('month', t AT TIME ZONE 'UTC') + interval '1 month')
                            AT TIME ZONE 'UTC';
    first_id uuid := cc_month_claim_id(t);
    -- The month's ids are exactly those starting "ccYYYYMM"; the next month's first id may be
    -- a year away (cc202612 → cc202701), and the ids between are no month's.
    end_id   uuid := ('cc' || (to_char(t AT TIME ZONE 'UTC', 'YYYYMM')::int + 1)::text ||
                      '-0000-0000-0000-000000000000')::uuid;
BEGIN
    IF extract(year FROM t AT TIME ZONE 'UTC') NOT BETWEEN 2000 AND 2999 THEN RETURN false; END IF;
    IF to_regclass('claims_' || month) IS NOT NULL THEN RETURN false; END IF;
    IF NOT pg_try_advisory_xact_lock(1129468752) THEN RETURN false; END IF;
    IF to_regclass('claims_' || month) IS NOT NULL THEN RETURN false; END IF;
    PERFORM months_lock();
    IF EXISTS (SELECT 1 FROM claims_other WHERE claim_id >= first_id AND claim_id < end_id)
       OR EXISTS (SELECT 1 FROM outbox_other WHERE seq >= cc_month_seq(t) AND seq < cc_month_seq(next))
    THEN RETURN false; END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF claims FOR VALUES FROM (%L) TO (%L)',
                   'claims_' || month, first_id, end_id);
    EXECUTE format('CREATE TABLE %I PARTITION OF claim_history FOR VALUES FROM (%L) TO (%L)',
                   'claim_history_' || month, first_id, end_id);
    EXECUTE format('CREATE TABLE %I PARTITION OF outbox FOR VALUES FROM (%s) TO (%s)',
                   'outbox_' || month, cc_month_seq(t), cc_month_seq(next));
    RETURN true;
END $$;

-- The pool's month functions take every table's lock, in the same order.
CREATE OR REPLACE FUNCTION pool_lock_months() RETURNS void LANGUAGE sql AS $$
    SELECT months_lock()
$$;

-- This month and the next, and each month whose range holds an id issued before (its
-- "cc……" happens to read as a month).
SELECT claims_add_month(m) FROM (
    SELECT now() AS m UNION SELECT now() + interval '1 month'
    UNION SELECT to_date(substr(claim_id::text, 3, 6), 'YYYYMM')::timestamp AT TIME ZONE 'UTC'
    FROM claims_unpartitioned
    WHERE claim_id::text ~ '^cc2[0-9]{3}(0[1-9]|1[0-2])-') months ORDER BY m;

INSERT INTO claim_keys SELECT submitter, external_ref, claim_id FROM claims_unpartitioned;
INSERT INTO claims SELECT * FROM claims_unpartitioned;
INSERT INTO claim_history SELECT * FROM claim_history_unpartitioned;
INSERT INTO outbox SELECT * FROM outbox_unpartitioned;
DROP TABLE claims_unpartitioned, claim_history_unpartitioned, outbox_unpartitioned;
ALTER SEQUENCE claim_history_id_seq OWNED BY claim_history.id;
ALTER SEQUENCE outbox_seq_seq OWNED BY outbox.seq;

ALTER TABLE claims ADD PRIMARY KEY (claim_id);
CREATE INDEX claims_reported ON claims (reported_at);
ALTER TABLE claim_history ADD PRIMARY KEY (claim_id, id),
    ADD FOREIGN KEY (claim_id, party) REFERENCES claim_parties;
CREATE INDEX claim_history_status ON claim_history (status, claim_id);
ALTER TABLE outbox ADD PRIMARY KEY (seq);
CREATE INDEX outbox_event ON outbox (event_id);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_branch_claim ON outbox (branch, claim_id, seq);
CREATE INDEX outbox_xid ON outbox (xid, seq);

ALTER TABLE claim_keys ADD FOREIGN KEY (claim_id) REFERENCES claims;
ALTER TABLE claim_parties ADD FOREIGN KEY (claim_id) REFERENCES claims;
ALTER TABLE clearing_entries ADD FOREIGN KEY (claim_id) REFERENCES claims;
ALTER TABLE pool_claims ADD FOREIGN KEY (claim_id) REFERENCES claims;
ALTER TABLE inbox_positions ADD FOREIGN KEY (seq) REFERENCES outbox;
