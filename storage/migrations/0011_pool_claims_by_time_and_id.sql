-- pool_claims' index by accident time names the claim too. pool_entries and screening_queue
-- refer to pool_claims by (claim_id, occurred_at), and PostgreSQL plans each such foreign-key
-- check for the values at hand. For an accident time that its statistics have not seen yet
-- (today's "10:00", when many accidents are reported at a round hour) both indexes looked
-- equally good, and it took the smaller one, by time alone: each check then read every
-- claim of that accident time and kept one. A claim writes about thirteen pool entries, so
-- the cost grew with the pile until the next ANALYZE (the intake benchmark's baseline, which
-- gave every claim one accident time, fell by two thirds in thirty seconds). With the claim
-- id in the index, a check reads one entry whichever index it takes, and the backtest's
-- pages, ordered by (occurred_at, claim_id), read it in order.
DROP INDEX pool_claims_occurred;
CREATE INDEX pool_claims_occurred ON pool_claims (occurred_at, claim_id);
