-- A month of claims can be dropped whole (claims_drop_months, below) when the zone keeps claims
-- for a limited time (`[claims] retention_years`; by default it keeps them for ever).
--
-- claim_parties takes the partitions of claims (0008_claims_by_month.sql), with the same bounds
-- and suffixes (claims_2026_12 → claim_parties_2026_12, …; _v4_low, _v4_high, _other), as
-- claim_history already does. Their foreign keys join those partitions, not the partitioned
-- tables: PostgreSQL checks a key that points at a partitioned table, when one of its
-- partitions is detached, by joining every referencing row against it (about half a second
-- for a million rows, with every intake table locked), while a key between partitions goes
-- with the referencing partition when that is dropped first.
--
-- The narrow rows that hang off a claim (report facts, deadlines and escalations, clearing
-- entries, its idempotency key and pooled row) stay in unpartitioned tables, and lose their
-- keys towards claims and claim_parties for the same reason. The association's reports read
-- them by day, not by claim: partitioned by the claim's month, the reports' plans grew with
-- every month kept (tried: at 132 months the SLA report's planning took 59 ms instead of 2,
-- and its execution 20 ms instead of 3). A dropped month's rows of them are deleted by its
-- claims' id range, before the locks that stop intake. Intake writes them in the claim's own
-- statement (storage/claims_store.cpp); deadlines added later and escalations read the
-- claim's parties first.

ALTER TABLE claim_keys DROP CONSTRAINT claim_keys_claim_id_fkey;
ALTER TABLE pool_claims DROP CONSTRAINT pool_claims_claim_id_fkey;
ALTER TABLE clearing_entries DROP CONSTRAINT clearing_entries_claim_id_fkey;
-- A dropped month's clearing entries are found by their claims' ids, as its facts (by their
-- key) and deadlines (sla_deadlines_claim) are.
CREATE INDEX clearing_entries_claim ON clearing_entries (claim_id);

-- claim_parties steps aside; its rows are copied below, and the keys that point at it (from
-- claim_history, claim_facts and sla_deadlines) go with it.
ALTER TABLE claim_parties RENAME TO claim_parties_unpartitioned;
CREATE TABLE claim_parties (LIKE claim_parties_unpartitioned INCLUDING DEFAULTS,
                            PRIMARY KEY (claim_id, party))
    PARTITION BY RANGE (claim_id);

-- Makes claim_parties_<suffix> with the bounds of claims_<suffix>.
CREATE FUNCTION claim_parties_add_partition(suffix text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TABLE %I PARTITION OF claim_parties %s', 'claim_parties_' || suffix,
                   (SELECT pg_get_expr(relpartbound, oid) FROM pg_class
                    WHERE oid = ('claims_' || suffix)::regclass));
END $$;

-- The keys between the partitions `suffix` of claims, claim_parties and claim_history.
CREATE FUNCTION claim_partitions_add_keys(suffix text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %I ADD FOREIGN KEY (claim_id) REFERENCES %I',
                   'claim_parties_' || suffix, 'claims_' || suffix);
    EXECUTE format('ALTER TABLE %I ADD FOREIGN KEY (claim_id, party) REFERENCES %I',
                   'claim_history_' || suffix, 'claim_parties_' || suffix);
END $$;

-- The rows are copied into partitions without keys; the keys are made after (a key checks
-- the rows already there when it is added).
SELECT claim_parties_add_partition(substring(c.relname FROM 8))
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = 'claims'::regclass;
INSERT INTO claim_parties SELECT * FROM claim_parties_unpartitioned;
DROP TABLE claim_parties_unpartitioned CASCADE;
SELECT claim_partitions_add_keys(substring(c.relname FROM 8))
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = 'claims'::regclass;
CREATE INDEX claim_parties_insurer ON claim_parties (insurer);

-- Makes the month holding `t` (a UTC month) for claims, their parties and history, and the
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
    EXECUTE format('CREATE TABLE %I PARTITION OF claim_history FOR VALUES FROM (%L) TO (%L)',
                   'claim_history_' || month, first_id, end_id);
    PERFORM claim_parties_add_partition(month);
    PERFORM claim_partitions_add_keys(month);
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

-- The Asia/Shanghai day after the last one on which the reports count a row of the claims with
-- ids from `first_id` to before `end_id`; no earlier than the day after `floor`'s, if given.
CREATE FUNCTION claim_rows_last_counted(first_id uuid, end_id uuid, floor timestamptz)
RETURNS date LANGUAGE sql STABLE AS $$
    SELECT greatest(
        (greatest(
            (SELECT max(f.reported_at) FROM claim_facts f
             WHERE f.claim_id >= first_id AND f.claim_id < end_id),
            (SELECT greatest(max(d.due), max(e.escalated_at))
             FROM sla_deadlines d LEFT JOIN sla_escalations e ON e.deadline_id = d.id
             WHERE d.claim_id >= first_id AND d.claim_id < end_id),
            (SELECT max(a.at) FROM assists a WHERE a.claim_id >= first_id AND a.claim_id < end_id),
            floor) AT TIME ZONE 'Asia/Shanghai')::date + 1,
        (SELECT max(c.entry_date) + 1 FROM clearing_entries c
         WHERE c.claim_id >= first_id AND c.claim_id < end_id))
$$;

-- The rows of the claims with ids from `first_id` to before `end_id` in the unpartitioned
-- tables, deleted. Escalations and deadlines can still be added to a claim until the months'
-- locks are held (a status change, the SLA scan), so claims_drop_months looks and deletes
-- again then.
CREATE FUNCTION claim_rows_delete(first_id uuid, end_id uuid) RETURNS void LANGUAGE sql AS $$
    DELETE FROM sla_escalations e USING sla_deadlines d
    WHERE d.id = e.deadline_id AND d.claim_id >= first_id AND d.claim_id < end_id;
    DELETE FROM sla_deadlines WHERE claim_id >= first_id AND claim_id < end_id;
    DELETE FROM claim_facts WHERE claim_id >= first_id AND claim_id < end_id;
    DELETE FROM clearing_entries WHERE claim_id >= first_id AND claim_id < end_id;
$$;

-- Drops every month of claims that ended at or before `horizon`, with every row of its
-- claims: first, without locks that stop intake, the rows in tables that are not partitioned
-- by the claim (report facts, deadlines, escalations, clearing entries, idempotency keys,
-- pooled rows with their entries), then, with every intake table locked in intake's order,
-- the month's partitions of claim_history, claim_parties and claims. The outbox keeps its own
-- months (0010_outbox_retention.sql) and the leads their own retention. Returns each month
-- dropped. Drops nothing while another instance is changing months.
CREATE FUNCTION claims_drop_months(horizon timestamptz)
RETURNS TABLE (month text, claims bigint, reports_from date) LANGUAGE plpgsql AS $$
DECLARE
    part     text;
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
        EXECUTE format('SELECT count(*) FROM %I', part) INTO claims;
        reports_from := claim_rows_last_counted(
            first_id, end_id, to_date(month, 'YYYY_MM')::timestamp AT TIME ZONE 'UTC');
        PERFORM claim_rows_delete(first_id, end_id);
        DELETE FROM claim_keys k WHERE k.claim_id >= first_id AND k.claim_id < end_id;
        DELETE FROM pool_claims p WHERE p.claim_id >= first_id AND p.claim_id < end_id;
        PERFORM months_lock();
        reports_from := greatest(reports_from,
                                 claim_rows_last_counted(first_id, end_id, NULL));
        PERFORM claim_rows_delete(first_id, end_id);
        EXECUTE format('DROP TABLE %I, %I, %I', 'claim_history_' || month,
                       'claim_parties_' || month, part);
        INSERT INTO claims_months_dropped VALUES (month, claims, reports_from);
        RETURN NEXT;
    END LOOP;
END $$;

-- GET /v1/claims/{id} (0009_claim_view.sql) without JIT compilation: the plan made once
-- counts every month's partition of its partitioned tables in its cost, which passes
-- jit_above_cost after enough months (tried with its rows partitioned, at 123 months), and
-- PostgreSQL then compiles the plan at every call (16 ms, for a read that takes 0.3 ms).
ALTER FUNCTION claim_view(uuid, text) SET jit = off;
