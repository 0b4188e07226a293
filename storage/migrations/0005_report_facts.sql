-- What the association's reports count, kept narrow so that a month of a million-claim zone
-- is read quickly. The claims rows are wide (the report as submitted, the decision and the
-- answer), and reading a month of them, parsing each decision and joining the parties grew
-- with the whole table.

-- One row per party's claim, written by the intake statement beside the claim. The claim's
-- own figures (tier, decisions, reasons) are counted on the first party's row only.
CREATE TABLE claim_facts (
    claim_id            uuid NOT NULL,
    party               text NOT NULL,
    reported_at         timestamptz NOT NULL,
    first_party         boolean NOT NULL,   -- the party named first in the report
    accident_region     text NOT NULL,
    underwriting_region text NOT NULL,
    insurer             text NOT NULL,
    out_of_area         boolean NOT NULL,
    tier                text NOT NULL,
    fast_settle         boolean NOT NULL,
    mutual_self_settle  boolean NOT NULL,
    reasons             text[] NOT NULL,    -- why not fast-settle; empty but on the first row
    assessed_at         timestamptz,        -- the earliest ASSESSED, set by a status change
    paid_at             timestamptz,        -- the earliest PAID
    PRIMARY KEY (claim_id, party),
    FOREIGN KEY (claim_id, party) REFERENCES claim_parties
);

-- The claims reported before this migration: each claim's document and decision are read
-- once (json is parsed again by every operator on it).
INSERT INTO claim_facts
WITH c AS MATERIALIZED (
    SELECT claim_id, reported_at, accident_region, tier,
           document -> 'parties' -> 0 ->> 'role' AS first_party, decision::jsonb AS d
    FROM claims),
reached AS (
    SELECT claim_id, party, min(at) FILTER (WHERE status = 'ASSESSED') AS assessed_at,
           min(at) FILTER (WHERE status = 'PAID') AS paid_at
    FROM claim_history WHERE status IN ('ASSESSED', 'PAID') GROUP BY 1, 2)
SELECT p.claim_id, p.party, c.reported_at, p.party = c.first_party AS first_party,
       c.accident_region, p.underwriting_region, p.insurer, p.out_of_area, c.tier,
       (c.d -> 'fast_settle' ->> 'eligible')::boolean AS fast_settle,
       (c.d -> 'mutual_self_settle' ->> 'eligible')::boolean AS mutual_self_settle,
       CASE WHEN p.party = c.first_party
            THEN ARRAY(SELECT jsonb_array_elements_text(c.d -> 'fast_settle' -> 'reasons'))
            ELSE '{}' END AS reasons,
       r.assessed_at, r.paid_at
FROM c JOIN claim_parties p USING (claim_id) LEFT JOIN reached r USING (claim_id, party);

CREATE INDEX claim_facts_reported ON claim_facts (reported_at);

-- The SLA report counts deadlines per insurer without joining every party's claim.
ALTER TABLE sla_deadlines ADD COLUMN insurer text;
UPDATE sla_deadlines d SET insurer = p.insurer
FROM claim_parties p WHERE p.claim_id = d.claim_id AND p.party = d.party;
ALTER TABLE sla_deadlines ALTER COLUMN insurer SET NOT NULL;

-- The claim_history_status index served the old SLA report only.
DROP INDEX claim_history_status;
