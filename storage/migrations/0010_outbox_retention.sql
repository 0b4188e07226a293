-- The outbox's old months go. The outbox is a delivery queue, not a record: a claim and its
-- history stay in `claims` and `claim_history`, and an event that every receiver has had is
-- not needed again. A month of events (0008_claims_by_month.sql) is detached and dropped
-- whole once it ended before `horizon` and nothing in it is still owed to anyone:
--   - an event for a branch that is pushed to (`pushing`) is owed until it is delivered (a
--     dead letter is owed too: an operator may replay it);
--   - an event for a branch that pulls (`pulling`, read by the member `pulled_by` at the same
--     index) is owed until that member has acknowledged its inbox position;
--   - an event for a branch in neither list (one no longer configured) stays owed.
-- Returns each month that ended before the horizon, with its events and how many are owed
-- (0: it was dropped).
--
-- Owing only ever decreases (delivered is final, acknowledgements only move forward, and no
-- event is written into a month that has ended), so the count is taken before the locks; the
-- detach then takes every table intake writes, in intake's order (months_lock), until the
-- commit: for a month of 250k events (320 MB) on the benchmark machine about 12 ms for the
-- detach and the drop and 0.12-0.14 s for the commit, which removes the month's files. The
-- month's inbox positions (small rows of another, unpartitioned table) are deleted in the
-- same transaction, before the locks.
CREATE FUNCTION outbox_drop_months(horizon timestamptz, pushing text[], pulling text[],
                                   pulled_by text[])
RETURNS TABLE (month text, events bigint, owed bigint) LANGUAGE plpgsql AS $$
DECLARE
    part  text;
    first timestamptz;
    next  timestamptz;
BEGIN
    IF cardinality(pulling) <> cardinality(pulled_by) THEN
        RAISE EXCEPTION 'outbox_drop_months: % pulling branches but % members',
            cardinality(pulling), cardinality(pulled_by);
    END IF;
    IF NOT pg_try_advisory_xact_lock(1129468752) THEN RETURN; END IF;
    FOR part IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'outbox'::regclass AND c.relname ~ '^outbox_\d{4}_\d{2}$'
        ORDER BY c.relname
    LOOP
        month := substring(part FROM '\d{4}_\d{2}$');
        first := to_date(month, 'YYYY_MM')::timestamp AT TIME ZONE 'UTC';
        next := (to_date(month, 'YYYY_MM') + interval '1 month')::timestamp AT TIME ZONE 'UTC';
        EXIT WHEN next > horizon;
        EXECUTE format($q$
            SELECT count(*),
                   count(*) FILTER (WHERE CASE WHEN o.branch = ANY($1) THEN o.status <> 'delivered'
                                               ELSE a.up_to IS NULL OR p.position IS NULL
                                                    OR p.position > a.up_to END)
            FROM %I o
            LEFT JOIN inbox_positions p ON p.seq = o.seq
            LEFT JOIN unnest($2::text[], $3::text[]) AS m(branch, member) ON m.branch = o.branch
            LEFT JOIN inbox_acks a ON a.member = m.member$q$, part)
        INTO events, owed USING pushing, pulling, pulled_by;
        IF owed = 0 THEN
            DELETE FROM inbox_positions
            WHERE seq >= cc_month_seq(first) AND seq < cc_month_seq(next);
            PERFORM months_lock();
            EXECUTE format('ALTER TABLE outbox DETACH PARTITION %I', part);
            EXECUTE format('DROP TABLE %I', part);
        END IF;
        RETURN NEXT;
    END LOOP;
END $$;
