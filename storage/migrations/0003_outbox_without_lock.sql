-- The outbox without a global lock. Transactions append events concurrently; seq is taken
-- at insert, so it is not commit order, but events of one claim are written one transaction
-- after the other, so seq is still their order (what push delivery needs).
--
-- The pull inbox needs one order across all events that never changes once read. Each row
-- records the transaction that wrote it (xid). When a reader numbers the inbox, every
-- transaction older than its snapshot's xmin has ended, so the rows with xid below that
-- horizon are all there is below it: they get the next positions, in (xid, seq) order, and a
-- reader that has seen position N never later finds a smaller one appear.
ALTER TABLE outbox ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX outbox_xid ON outbox (xid, seq);
DROP INDEX outbox_branch;

-- The inbox order: one position per outbox row, numbered by storage/outbox.cpp.
CREATE TABLE inbox_positions (
    position bigint PRIMARY KEY,
    seq      bigint NOT NULL UNIQUE REFERENCES outbox,
    branch   text NOT NULL
);
CREATE INDEX inbox_positions_branch ON inbox_positions (branch, position);

-- How far numbering has got: every row with xid below `horizon` has a position, and the
-- last position given is `last_position`.
CREATE TABLE inbox_numbering (
    one           boolean PRIMARY KEY DEFAULT true CHECK (one),
    horizon       xid8 NOT NULL,
    last_position bigint NOT NULL
);

-- Events written before this migration keep their seq as their position (their cursors stay
-- valid); they were all written by this transaction's predecessors or by the ALTER above.
INSERT INTO inbox_positions (position, seq, branch) SELECT seq, seq, branch FROM outbox;
INSERT INTO inbox_numbering (horizon, last_position)
SELECT (pg_current_xact_id()::text::bigint + 1)::text::xid8,
       coalesce((SELECT max(seq) FROM outbox), 0);
