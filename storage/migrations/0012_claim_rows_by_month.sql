-- A claim's own rows by its month, as the claim is (0008_claims_by_month.sql): its parties,
-- report facts, SLA deadlines and escalations, and clearing entries. With them, a month of
-- claims can be dropped whole (claims_drop_months, below) when the zone keeps claims for a
-- limited time (`[claims] retention_years`; by default it keeps them for ever).
--
-- Every table takes the claims' partitions with the same bounds and the same suffixes
-- (claims_2026_12 → claim_parties_2026_12, …; _v4_low, _v4_high, _other), so a claim's rows
-- always lie in partitions of one suffix. Their foreign keys join those partitions, not the
-- partitioned tables: PostgreSQL checks a key that points at a partitioned table, when a
-- partition is detached, by joining every referencing row against it (about half a second
-- for a million claims, with every intake table locked), while a key between partitions goes
-- with the referencing partition when it is dropped first.
--
-- The keys of claim_keys and pool_claims towards claims go for the same reason. Intake writes
-- a claim, its key and its pooled row in one statement (storage/claims_store.cpp), and the
-- drop deletes a month's keys and pooled rows before its claims.

-- Every table intake writes (and the inbox and escalations), in the order intake's statement
-- takes them.
CREATE OR REPLACE FUNCTION months_lock() RETURNS void LANGUAGE sql AS $$
    LOCK TABLE claim_keys, claims, claim_parties, claim_history, claim_facts, sla_deadlines,
               sla_escalations, clearing_entries, pool_claims, screening_queue, pool_entries,
               outbox, inbox_positions IN ACCESS EXCLUSIVE MODE
$$;

ALTER TABLE claim_keys DROP CONSTRAINT claim_keys_claim_id_fkey;
ALTER TABLE pool_claims DROP CONSTRAINT pool_claims_claim_id_fkey;

-- The tables step aside; their rows are copied below, and the keys that point at them go
-- with them (DROP … CASCADE).
ALTER TABLE claim_parties RENAME TO claim_parties_unpartitioned;
ALTER TABLE claim_facts RENAME TO claim_facts_unpartitioned;
ALTER TABLE sla_deadlines RENAME TO sla_deadlines_unpartitioned;
ALTER TABLE sla_escalations RENAME TO sla_escalations_unpartitioned;
ALTER TABLE clearing_entries RENAME TO clearing_entries_unpartitioned;
ALTER SEQUENCE sla_deadlines_id_seq OWNED BY NONE;
ALTER SEQUENCE clearing_entries_id_seq OWNED BY NONE;
ALTER TABLE claim_history DROP CONSTRAINT claim_history_claim_id_party_fkey;

-- The same columns, defaults and checks; the keys and indexes are made below.
CREATE TABLE claim_parties (LIKE claim_parties_unpartitioned INCLUDING DEFAULTS,
                            PRIMARY KEY (claim_id, party))
    PARTITION BY RANGE (claim_id);
CREATE TABLE claim_facts (LIKE claim_facts_unpartitioned INCLUDING DEFAULTS,
                          PRIMARY KEY (claim_id, party))
    PARTITION BY RANGE (claim_id);
CREATE TABLE sla_deadlines (LIKE sla_deadlines_unpartitioned INCLUDING DEFAULTS,
                            PRIMARY KEY (claim_id, id))
    PARTITION BY RANGE (claim_id);
CREATE TABLE clearing_entries (LIKE clearing_entries_unpartitioned INCLUDING DEFAULTS
                               INCLUDING CONSTRAINTS, PRIMARY KEY (claim_id, id))
    PARTITION BY RANGE (claim_id);

-- An escalation names its deadline's claim, so that it lies in the claim's month.
CREATE TABLE sla_escalations (
    claim_id     uuid NOT NULL,
    deadline_id  bigint NOT NULL,
    level        int NOT NULL,
    target       text NOT NULL,
    escalated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (claim_id, deadline_id, level)
) PARTITION BY RANGE (claim_id);

-- The tables partitioned by a claim's month, in the order their keys need them.
CREATE FUNCTION claim_month_tables() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT '{claims,claim_parties,claim_history,claim_facts,sla_deadlines,sla_escalations,clearing_entries}'::text[]
$$;

-- Makes the partitions `suffix` (a month "2026_12", or v4_low, v4_high, other) of every
-- table after claims that lacks it, with the bounds of claims_<suffix>.
CREATE FUNCTION claim_rows_add_partitions(suffix text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    bound text := (SELECT pg_get_expr(relpartbound, oid) FROM pg_class
                   WHERE oid = ('claims_' || suffix)::regclass);
    t     text;
BEGIN
    FOREACH t IN ARRAY (claim_month_tables())[2:] LOOP
        IF to_regclass(t || '_' || suffix) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF %I %s', t || '_' || suffix, t, bound);
        END IF;
    END LOOP;
END $$;

-- The keys between the partitions `suffix` of the tables.
CREATE FUNCTION claim_rows_add_keys(suffix text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY '{claim_parties,clearing_entries}'::text[] LOOP
        EXECUTE format('ALTER TABLE %I ADD FOREIGN KEY (claim_id) REFERENCES %I',
                       t || '_' || suffix, 'claims_' || suffix);
    END LOOP;
    FOREACH t IN ARRAY '{claim_history,claim_facts,sla_deadlines}'::text[] LOOP
        EXECUTE format('ALTER TABLE %I ADD FOREIGN KEY (claim_id, party) REFERENCES %I',
                       t || '_' || suffix, 'claim_parties_' || suffix);
    END LOOP;
    EXECUTE format('ALTER TABLE %I ADD FOREIGN KEY (claim_id, deadline_id) REFERENCES %I',
                   'sla_escalations_' || suffix, 'sla_deadlines_' || suffix);
END $$;

-- The rows are copied into partitions without keys; the keys are made after (a key checks
-- the rows already there when it is added).
SELECT claim_rows_add_partitions(substring(c.relname FROM 8))
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = 'claims'::regclass;
INSERT INTO claim_parties SELECT * FROM claim_parties_unpartitioned;
INSERT INTO claim_facts SELECT * FROM claim_facts_unpartitioned;
INSERT INTO sla_deadlines SELECT * FROM sla_deadlines_unpartitioned;
INSERT INTO sla_escalations (claim_id, deadline_id, level, target, escalated_at)
SELECT d.claim_id, e.deadline_id, e.level, e.target, e.escalated_at
FROM sla_escalations_unpartitioned e JOIN sla_deadlines_unpartitioned d ON d.id = e.deadline_id;
INSERT INTO clearing_entries SELECT * FROM clearing_entries_unpartitioned;
DROP TABLE claim_facts_unpartitioned, sla_escalations_unpartitioned,
           sla_deadlines_unpartitioned, clearing_entries_unpartitioned,
           claim_parties_unpartitioned CASCADE;
ALTER SEQUENCE sla_deadlines_id_seq OWNED BY sla_deadlines.id;
ALTER SEQUENCE clearing_entries_id_seq OWNED BY clearing_entries.id;
SELECT claim_rows_add_keys(substring(c.relname FROM 8))
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = 'claims'::regclass;

CREATE INDEX claim_parties_insurer ON claim_parties (insurer);
CREATE INDEX claim_facts_reported ON claim_facts (reported_at);
CREATE INDEX claim_facts_reached ON claim_facts (reported_at) INCLUDE (assessed_at, paid_at)
    WHERE assessed_at IS NOT NULL OR paid_at IS NOT NULL;
CREATE INDEX sla_deadlines_open ON sla_deadlines (next_escalation_at)
    WHERE met_at IS NULL AND cancelled_at IS NULL AND escalation_level < 3;
CREATE INDEX sla_deadlines_due ON sla_deadlines (due) INCLUDE (met_at, cancelled_at);
CREATE INDEX sla_deadlines_due_open ON sla_deadlines (due)
    WHERE met_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX sla_escalations_at ON sla_escalations (escalated_at);
CREATE INDEX clearing_entries_date ON clearing_entries (entry_date);

-- Makes the month holding `t` (a UTC month) for claims, every table of their rows and the
-- outbox; as in 0008, false when it exists, another instance is changing months, or a
-- default partition holds rows of that month.
CREATE OR REPLACE FUNCTION claims_add_month(t timestamptz) RETURNS boolean LANGUAGE plpgsql AS $$
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
    PERFORM claim_rows_add_partitions(month);
    PERFORM claim_rows_add_keys(month);
    EXECUTE format('CREATE TABLE %I PARTITION OF outbox FOR VALUES FROM (%s) TO (%s)',
                   'outbox_' || month, cc_month_seq(t), cc_month_seq(next));
    RETURN true;
END $$;

-- The months of claims dropped, and from which Asia/Shanghai day the reports count every
-- row again: the day after the last one on which a dropped row was counted (a claim's report
-- time, its deadlines' and escalations' times, its clearing entries' dates, assists at it).
CREATE TABLE claims_months_dropped (
    month        text PRIMARY KEY,   -- YYYY_MM, UTC, as the partitions' names
    claims       bigint NOT NULL,
    reports_from date NOT NULL,
    dropped_at   timestamptz NOT NULL DEFAULT now()
);

-- Drops every month of claims that ended at or before `horizon`, with every row of its
-- claims: their idempotency keys and pooled rows (deleted: those tables are not partitioned
-- by the claim), then each table's partition of the month. The outbox keeps its own months
-- (0010_outbox_retention.sql) and the leads their own retention. Returns each month dropped.
-- Drops nothing while another instance is changing months.
CREATE FUNCTION claims_drop_months(horizon timestamptz)
RETURNS TABLE (month text, claims bigint, reports_from date) LANGUAGE plpgsql AS $$
DECLARE
    part     text;
    t        text;
    first_id uuid;
    end_id   uuid;
BEGIN
    IF NOT pg_try_advisory_xact_lock(1129468752) THEN RETURN; END IF;
    FOR part IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'claims'::regclass AND c.relname ~ '^claims_\d{4}_\d{2}$'
        ORDER BY c.relname
    LOOP
        month := substring(part FROM '\d{4}_\d{2}$');
        EXIT WHEN (to_date(month, 'YYYY_MM') + interval '1 month') AT TIME ZONE 'UTC' > horizon;
        first_id := cc_month_claim_id(to_date(month, 'YYYY_MM')::timestamp AT TIME ZONE 'UTC');
        end_id := ('cc' || (replace(month, '_', '')::int + 1)::text ||
                   '-0000-0000-0000-000000000000')::uuid;
        -- Row by row, before the locks that stop intake: the keys are found by a scan of
        -- claim_keys (7 ms for a month of 8,400 claims among 100k), and the pooled rows left
        -- (none when the pool's retention has run first) cascade to their entries.
        DELETE FROM claim_keys WHERE claim_id >= first_id AND claim_id < end_id;
        DELETE FROM pool_claims WHERE claim_id >= first_id AND claim_id < end_id;
        PERFORM months_lock();
        EXECUTE format('SELECT count(*) FROM %I', part) INTO claims;
        EXECUTE format($q$
            SELECT (greatest((SELECT max(reported_at) FROM %I), (SELECT max(due) FROM %I),
                             (SELECT max(escalated_at) FROM %I),
                             (SELECT max(at) FROM assists WHERE claim_id >= $1 AND claim_id < $2),
                             $3) AT TIME ZONE 'Asia/Shanghai')::date + 1$q$,
                       'claim_facts_' || month, 'sla_deadlines_' || month,
                       'sla_escalations_' || month)
            INTO reports_from USING first_id, end_id,
                                    to_date(month, 'YYYY_MM')::timestamp AT TIME ZONE 'UTC';
        EXECUTE format('SELECT greatest($1, max(entry_date) + 1) FROM %I',
                       'clearing_entries_' || month)
            INTO reports_from USING reports_from;
        FOREACH t IN ARRAY (SELECT array_agg(x ORDER BY n DESC)
                            FROM unnest(claim_month_tables()) WITH ORDINALITY AS u(x, n)) LOOP
            EXECUTE format('DROP TABLE %I', t || '_' || month);
        END LOOP;
        INSERT INTO claims_months_dropped (month, claims, reports_from)
        VALUES (month, claims, reports_from);
        RETURN NEXT;
    END LOOP;
END $$;

-- GET /v1/claims/{id} (0009_claim_view.sql), with each deadline's escalations found by its claim
-- and id: the escalations' key starts with the claim, and names its month. And without JIT
-- compilation: the plan made once counts every month's partition of five tables in its
-- cost, which passes jit_above_cost after a few dozen months, and PostgreSQL then compiled
-- the plan's expressions at every call (15 ms, for a read that takes 0.2 ms).
CREATE OR REPLACE FUNCTION claim_view(uuid, text) RETURNS text LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan SET jit = off AS $$
BEGIN
    RETURN (
        SELECT json_build_object(
            'claim_id', c.claim_id,
            'external_ref', c.external_ref,
            'submitted_by', c.submitter,
            'reported_at', cc_time(c.reported_at),
            'accident', c.document -> 'accident',
            'parties', c.document -> 'parties',
            'routing', c.response::json -> 'routing',
            'fast_settle', c.decision -> 'fast_settle',
            'mutual_self_settle', c.decision -> 'mutual_self_settle',
            'sla', json_build_object('tier', c.tier, 'deadlines', coalesce((
                SELECT json_agg(json_build_object(
                    'party', d.party, 'stage', d.stage, 'basis', d.basis, 'due', cc_time(d.due),
                    'met_at', cc_time(d.met_at), 'cancelled_at', cc_time(d.cancelled_at),
                    'escalation_level', d.escalation_level,
                    'escalations', coalesce((
                        SELECT json_agg(json_build_object('level', e.level, 'target', e.target,
                                                            'at', cc_time(e.escalated_at))
                                         ORDER BY e.level)
                        FROM sla_escalations e
                        WHERE e.claim_id = $1 AND e.deadline_id = d.id), '[]'::json))
                    ORDER BY d.due, d.id)
                FROM sla_deadlines d WHERE d.claim_id = $1), '[]'::json)),
            'status', coalesce((
                SELECT json_agg(json_build_object(
                    'party', p.party, 'status', p.status, 'handling_branch', p.handling_branch,
                    'history', coalesce((
                        SELECT json_agg(json_strip_nulls(json_build_object(
                            'status', h.status, 'at', cc_time(h.at), 'amount', cc_money(h.amount_fen),
                            'method', h.method, 'reason', h.reason, 'recorded_by', h.recorded_by))
                            ORDER BY h.id)
                        FROM claim_history h
                        WHERE h.claim_id = $1 AND h.party = p.party), '[]'::json))
                    ORDER BY p.party)
                FROM claim_parties p WHERE p.claim_id = $1), '[]'::json)
        )::text
        FROM claims c
        WHERE c.claim_id = $1
          AND EXISTS (SELECT 1 FROM claim_parties WHERE claim_id = $1 AND insurer = $2)
    );
END $$;
