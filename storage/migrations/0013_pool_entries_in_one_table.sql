-- The pool's entries in one table again (0007 had put them in months beside their claims).
--
-- A candidate lookup reads an identifier's entries within a year either side of the accident:
-- with the entries by month that was about fourteen index scans for each identifier, one per
-- month, nearly all of them finding nothing. In one table it is one index scan. Measured on the
-- benchmark's pools (bench/results/2026-12-07.md), the lookups of 2,000 claims took 1.1 s at
-- 10k claims pooled and 1.9 s at 1M by month, 0.08 s and 0.12–0.19 s in one table.
--
-- pool_claims stays by month. Dropping a month past retention now deletes its claims' entries
-- first (through pool_entries_claim), then detaches and drops the month's claims as before.

-- Intake's tables locked first, in intake's order: a gateway of the previous version still
-- taking claims waits for the copy instead of deadlocking with it (intake locks pool_claims
-- before pool_entries; this migration needs both).
SELECT months_lock();

-- The partitioned table steps aside; its rows are copied below. The sequence stays.
ALTER SEQUENCE pool_entries_id_seq OWNED BY NONE;
ALTER TABLE pool_entries RENAME TO pool_entries_by_month;

CREATE TABLE pool_entries (
    id          bigint NOT NULL DEFAULT nextval('pool_entries_id_seq'),
    claim_id    uuid NOT NULL,
    party       text NOT NULL,
    kind        text NOT NULL,
    hash        text NOT NULL,
    occurred_at timestamptz NOT NULL,   -- the claim's, the foreign key's second half
    member      text NOT NULL,
    vehicle     text NOT NULL,
    driver      text NOT NULL,
    phone       text NOT NULL,
    masked      text NOT NULL,
    sealed      text NOT NULL
);
INSERT INTO pool_entries (id, claim_id, party, kind, hash, occurred_at, member, vehicle, driver,
                          phone, masked, sealed)
SELECT id, claim_id, party, kind, hash, occurred_at, member, vehicle, driver, phone, masked,
       sealed
FROM pool_entries_by_month;
DROP TABLE pool_entries_by_month;
ALTER SEQUENCE pool_entries_id_seq OWNED BY pool_entries.id;

ALTER TABLE pool_entries ADD PRIMARY KEY (id),
    ADD FOREIGN KEY (claim_id, occurred_at) REFERENCES pool_claims ON DELETE CASCADE;
CREATE INDEX pool_entries_lookup ON pool_entries (kind, hash, occurred_at);
CREATE INDEX pool_entries_claim ON pool_entries (claim_id);
CREATE INDEX pool_entries_key ON pool_entries ((split_part(sealed, ':', 1)));
ANALYZE pool_entries;

-- Makes the month holding `t` (a UTC month) of pool_claims; as in 0007, without the entries.
CREATE OR REPLACE FUNCTION pool_add_month(t timestamptz) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    first timestamptz := date_trunc('month', t AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    next  timestamptz := (date_trunc('month', t AT TIME ZONE 'UTC') + interval '1 month')
                         AT TIME ZONE 'UTC';
    month text := to_char(t AT TIME ZONE 'UTC', 'YYYY_MM');
BEGIN
    IF to_regclass('pool_claims_' || month) IS NOT NULL THEN RETURN false; END IF;
    IF NOT pg_try_advisory_xact_lock(1129468752) THEN RETURN false; END IF;
    IF to_regclass('pool_claims_' || month) IS NOT NULL THEN RETURN false; END IF;
    PERFORM pool_lock_months();
    IF EXISTS (SELECT 1 FROM pool_claims_other WHERE occurred_at >= first AND occurred_at < next)
    THEN RETURN false; END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF pool_claims FOR VALUES FROM (%L) TO (%L)',
                   'pool_claims_' || month, first, next);
    RETURN true;
END $$;

-- Drops every month that ends at or before `horizon`: its claims' entries and screening-queue
-- rows first (they reference its claims), then the month itself. Returns each month dropped
-- and the pooled claims it held; drops nothing while another instance is changing the months.
--
-- The entries are deleted before the locks are taken: a month of a million entries takes
-- seconds to delete, and intake would wait for the locks that long. Under the locks only the
-- entries written since are deleted (those with a newer id than any committed when the drop
-- began), and the month is detached: 0.7 s for a month of 83k claims on this machine, most of
-- it PostgreSQL checking that no entry refers to it; it grows with the month. An entry with
-- an older id committed during the first deletion (its transaction began before the drop)
-- makes the detach fail on its foreign key: the retention job's transaction is undone and
-- the job tries again at its next run.
CREATE OR REPLACE FUNCTION pool_drop_months(horizon timestamptz)
RETURNS TABLE (month text, claims bigint) LANGUAGE plpgsql AS $$
DECLARE
    parts text[];
    part text;
    last_id bigint;
BEGIN
    IF NOT pg_try_advisory_xact_lock(1129468752) THEN RETURN; END IF;
    SELECT coalesce(array_agg(c.relname ORDER BY c.relname), '{}') INTO parts
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'pool_claims'::regclass AND c.relname ~ '^pool_claims_\d{4}_\d{2}$'
      AND (to_date(substring(c.relname FROM '\d{4}_\d{2}$'), 'YYYY_MM') + interval '1 month')
          AT TIME ZONE 'UTC' <= horizon;
    SELECT coalesce(max(id), 0) INTO last_id FROM pool_entries;
    FOREACH part IN ARRAY parts LOOP
        EXECUTE format('DELETE FROM pool_entries e USING %I c '
                       'WHERE e.claim_id = c.claim_id AND e.occurred_at = c.occurred_at', part);
    END LOOP;
    FOREACH part IN ARRAY parts LOOP
        month := substring(part FROM '\d{4}_\d{2}$');
        PERFORM pool_lock_months();
        EXECUTE format('SELECT count(*) FROM %I', part) INTO claims;
        EXECUTE format('DELETE FROM screening_queue q USING %I c WHERE q.claim_id = c.claim_id',
                       part);
        EXECUTE format('DELETE FROM pool_entries e USING %I c WHERE e.id > %s '
                       'AND e.claim_id = c.claim_id AND e.occurred_at = c.occurred_at',
                       part, last_id);
        EXECUTE format('ALTER TABLE pool_claims DETACH PARTITION %I', part);
        EXECUTE format('DROP TABLE %I', part);
        RETURN NEXT;
    END LOOP;
END $$;
