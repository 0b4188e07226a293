-- Daily rollups of the summary and SLA reports, so that a month of a million-claim zone is
-- summed from a few thousand rows instead of classified row by row from 170,000 facts and
-- as many deadlines. A background job (jobs/report_jobs.cpp) rolls up each day whose rows
-- changed; a report uses a day's rollup only while the day is still as it was rolled up
-- (compared by counts, below) and reads the day's own rows otherwise.

-- The Asia/Shanghai days from the one holding `since` to the one before the day of `until`
-- (report periods run from midnight to midnight there). Reports and rollups count a
-- period's rows day by day, one index range each, rather than converting every row's time.
CREATE FUNCTION cc_days(since timestamptz, until timestamptz) RETURNS TABLE (day date)
LANGUAGE sql IMMUTABLE AS $$
    SELECT d::date
    FROM generate_series((since AT TIME ZONE 'Asia/Shanghai')::date::timestamp,
                         (until AT TIME ZONE 'Asia/Shanghai')::date::timestamp - interval '1 day',
                         interval '1 day') d
$$;

-- The summary, by the Asia/Shanghai day a claim was reported. Facts are never deleted and
-- the columns counted here never change after intake, so a day holding as many facts as
-- its rollup counted holds the same facts.
CREATE TABLE summary_days (
    day       date PRIMARY KEY,
    facts     bigint NOT NULL,  -- claim_facts rows of the day when rolled up
    rolled_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE summary_day_counts (
    day                 date NOT NULL REFERENCES summary_days ON DELETE CASCADE,
    accident_region     text NOT NULL,
    underwriting_region text NOT NULL,
    insurer             text NOT NULL,
    tier                text NOT NULL,
    party_claims        bigint NOT NULL,
    claims              bigint NOT NULL,  -- first parties
    out_of_area         bigint NOT NULL,
    fast_settle         bigint NOT NULL,  -- first parties eligible
    mutual_self_settle  bigint NOT NULL,  -- first parties eligible
    PRIMARY KEY (day, accident_region, underwriting_region, insurer, tier)
);

CREATE TABLE summary_day_reasons (
    day    date NOT NULL REFERENCES summary_days ON DELETE CASCADE,
    reason text NOT NULL,
    claims bigint NOT NULL,
    PRIMARY KEY (day, reason)
);

-- The SLA report, by the Asia/Shanghai day a deadline falls due. Deadlines are never
-- deleted, and each is met or cancelled at most once and never unset: a day with as many
-- deadlines, met ones and cancelled ones as when it was rolled up holds the same deadlines
-- in the same states. Once the day has ended, its open deadlines are all overdue.
CREATE TABLE sla_days (
    day       date PRIMARY KEY,
    deadlines bigint NOT NULL,  -- every deadline due on the day, cancelled ones included
    met       bigint NOT NULL,
    cancelled bigint NOT NULL,
    rolled_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sla_day_counts (
    day         date NOT NULL REFERENCES sla_days ON DELETE CASCADE,
    insurer     text NOT NULL,
    tier        text NOT NULL,
    stage       text NOT NULL,
    deadlines   bigint NOT NULL,  -- not cancelled
    met_on_time bigint NOT NULL,
    met_late    bigint NOT NULL,
    open        bigint NOT NULL,  -- neither met nor cancelled when rolled up
    PRIMARY KEY (day, insurer, tier, stage)
);

-- Counting a period's deadlines by day and state reads the index alone.
DROP INDEX sla_deadlines_due;
CREATE INDEX sla_deadlines_due ON sla_deadlines (due) INCLUDE (met_at, cancelled_at);
-- The SLA report's overdue list: open deadlines in due order.
CREATE INDEX sla_deadlines_due_open ON sla_deadlines (due)
    WHERE met_at IS NULL AND cancelled_at IS NULL;
-- The SLA report's times: only the facts of claims assessed or paid.
CREATE INDEX claim_facts_reached ON claim_facts (reported_at) INCLUDE (assessed_at, paid_at)
    WHERE assessed_at IS NOT NULL OR paid_at IS NOT NULL;
