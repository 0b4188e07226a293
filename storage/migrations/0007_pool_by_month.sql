-- The fraud pool by month: pool_claims and pool_entries are partitioned on the accident's
-- time (occurred_at, whole UTC months), so the retention purge detaches and drops a month
-- past retention whole instead of deleting it row by row. A row whose month has no
-- partition (an accident older than the zone's first month, or a month not yet made) lands
-- in the `_other` default partition and is purged row by row as before.
--
-- Each month is made by pool_add_month (here for the months that hold rows, and by the
-- retention job for last month, this month and the next) and dropped by pool_drop_months.

-- The unpartitioned tables step aside; their rows are copied below.
ALTER TABLE screening_queue DROP CONSTRAINT screening_queue_claim_id_fkey;
ALTER TABLE pool_entries RENAME TO pool_entries_unpartitioned;
ALTER TABLE pool_claims RENAME TO pool_claims_unpartitioned;
ALTER SEQUENCE pool_entries_id_seq OWNED BY NONE;

CREATE TABLE pool_claims (
    claim_id    uuid NOT NULL,
    member      text NOT NULL,
    region      text NOT NULL,
    occurred_at timestamptz NOT NULL,
    facts       jsonb NOT NULL,
    screened_at timestamptz,
    pooled_at   timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (occurred_at);
CREATE TABLE pool_claims_other PARTITION OF pool_claims DEFAULT;

CREATE TABLE pool_entries (
    id          bigint NOT NULL DEFAULT nextval('pool_entries_id_seq'),
    claim_id    uuid NOT NULL,
    party       text NOT NULL,
    kind        text NOT NULL,
    hash        text NOT NULL,
    occurred_at timestamptz NOT NULL,   -- the claim's, so an entry is in its claim's month
    member      text NOT NULL,
    vehicle     text NOT NULL,
    driver      text NOT NULL,
    phone       text NOT NULL,
    masked      text NOT NULL,
    sealed      text NOT NULL
) PARTITION BY RANGE (occurred_at);
CREATE TABLE pool_entries_other PARTITION OF pool_entries DEFAULT;

-- Making or dropping a month locks the parents, and dropping also the claims (the foreign
-- keys' triggers go with the month): taken at once, in the order intake takes them
-- (storage/claims_store.cpp), so intake waits for a month's change and never deadlocks with it.
CREATE FUNCTION pool_lock_months() RETURNS void LANGUAGE sql AS $$
    LOCK TABLE claims, pool_claims, screening_queue, pool_entries IN ACCESS EXCLUSIVE MODE
$$;

-- Makes the month holding `t` (a UTC month) for both tables. Returns false when it exists
-- already, when another instance is changing the months right now, or when the default
-- partitions hold rows of that month (they stay there and are purged row by row; moving them
-- would cascade through the foreign keys). The advisory key is "CRSP" in ASCII.
CREATE FUNCTION pool_add_month(t timestamptz) RETURNS boolean LANGUAGE plpgsql AS $$
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
    EXECUTE format('CREATE TABLE %I PARTITION OF pool_entries FOR VALUES FROM (%L) TO (%L)',
                   'pool_entries_' || month, first, next);
    RETURN true;
END $$;

-- Detaches and drops every month that ends at or before `horizon`, its entries first (they
-- reference its claims) and its claims' screening-queue rows. Returns each month dropped and
-- the pooled claims it held. Drops nothing while another instance is changing the months.
CREATE FUNCTION pool_drop_months(horizon timestamptz)
RETURNS TABLE (month text, claims bigint) LANGUAGE plpgsql AS $$
DECLARE
    part text;
BEGIN
    IF NOT pg_try_advisory_xact_lock(1129468752) THEN RETURN; END IF;
    FOR part IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'pool_claims'::regclass AND c.relname ~ '^pool_claims_\d{4}_\d{2}$'
        ORDER BY c.relname
    LOOP
        month := substring(part FROM '\d{4}_\d{2}$');
        EXIT WHEN (to_date(month, 'YYYY_MM') + interval '1 month') AT TIME ZONE 'UTC' > horizon;
        PERFORM pool_lock_months();
        EXECUTE format('SELECT count(*) FROM %I', part) INTO claims;
        EXECUTE format('DELETE FROM screening_queue q USING %I c WHERE q.claim_id = c.claim_id',
                       part);
        EXECUTE format('ALTER TABLE pool_entries DETACH PARTITION %I', 'pool_entries_' || month);
        EXECUTE format('DROP TABLE %I', 'pool_entries_' || month);
        EXECUTE format('ALTER TABLE pool_claims DETACH PARTITION %I', part);
        EXECUTE format('DROP TABLE %I', part);
        RETURN NEXT;
    END LOOP;
END $$;

-- A month for every month that holds rows (back to ten years; older rows go to the default
-- partition), and for last month, this month and the next.
SELECT pool_add_month(m) FROM (
    SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS m
    FROM pool_claims_unpartitioned WHERE occurred_at >= now() - interval '10 years'
    UNION SELECT now() - interval '1 month' UNION SELECT now()
    UNION SELECT now() + interval '1 month') months ORDER BY m;

INSERT INTO pool_claims SELECT * FROM pool_claims_unpartitioned;
INSERT INTO pool_entries SELECT * FROM pool_entries_unpartitioned;
DROP TABLE pool_entries_unpartitioned;
DROP TABLE pool_claims_unpartitioned;
ALTER SEQUENCE pool_entries_id_seq OWNED BY pool_entries.id;

-- Keys include the partition key, so the foreign keys carry occurred_at too.
ALTER TABLE pool_claims ADD PRIMARY KEY (claim_id, occurred_at),
    ADD FOREIGN KEY (claim_id) REFERENCES claims;
CREATE INDEX pool_claims_occurred ON pool_claims (occurred_at);
ALTER TABLE pool_entries ADD PRIMARY KEY (id, occurred_at),
    ADD FOREIGN KEY (claim_id, occurred_at) REFERENCES pool_claims ON DELETE CASCADE;
CREATE INDEX pool_entries_lookup ON pool_entries (kind, hash, occurred_at);
CREATE INDEX pool_entries_claim ON pool_entries (claim_id);
CREATE INDEX pool_entries_key ON pool_entries ((split_part(sealed, ':', 1)));

ALTER TABLE screening_queue ADD COLUMN occurred_at timestamptz;
UPDATE screening_queue q SET occurred_at = c.occurred_at
FROM pool_claims c WHERE c.claim_id = q.claim_id;
ALTER TABLE screening_queue ALTER COLUMN occurred_at SET NOT NULL,
    ADD FOREIGN KEY (claim_id, occurred_at) REFERENCES pool_claims ON DELETE CASCADE;
