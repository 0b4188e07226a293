#!/usr/bin/env bash
# Intake benchmark (called by bench/run): ROOT BASE_URL
#
# POST /v1/claims, the whole path (mutual TLS, JSON, validation, routing, fast-settle, pool
# identifiers, the one-statement write), closed loop at 8 and 32 keep-alive connections,
# against pgbench running that same statement with one generated claim's values as
# literals (fresh ids, accident times and identifier hashes each time, as the load's bodies
# have): the intake's writes in one round trip, the most the database can take.
# Alternately, 3 rounds of each, medians. The gateway gets as many database connections as
# the load has, and screens nothing meanwhile (screening_workers = 0: the screenings stay
# queued); the screening benchmark measures that cost and the two together. Then the latency
# at 50% and 80% of the gateway's measured maximum, open loop (a fixed rate, latency from
# each request's planned start).
set -euo pipefail
root=$1 base=$2
. "$root/bench/lib.sh"

# The baseline script: storage/claims_store.cpp's claims.insert with $1..$20 replaced by the
# stored values of one two-party claim, and its ids made fresh by gen_random_uuid() (the
# claim's with this month's prefix, as intake's), its times and hashes as below.
baseline_script() {  # DB_URL -> path of the pgbench script
  local out=bench/var/intake_baseline.sql stmt
  stmt=$(sed -n '/"claims.insert", R"sql(/,/)sql"};/p' storage/claims_store.cpp |
    sed -e '1d' -e 's/)sql"};$//' -e "s/(e.v ->> 'event_id')::uuid/gen_random_uuid()/")
  psql "$1" -qAt -v stmt="$stmt" >"$out" <<'SQL'
-- Text values as base64 decoded by the server: pgbench would take the colons in JSON for
-- its own variables.
CREATE FUNCTION pg_temp.lit(t text) RETURNS text LANGUAGE sql AS $$
  SELECT format('convert_from(decode(%L, ''base64''), ''UTF8'')',
                translate(encode(convert_to(t, 'UTF8'), 'base64'), E'\n', ''))
$$;
WITH t AS (SELECT claim_id FROM claim_parties GROUP BY claim_id HAVING count(*) = 2
           ORDER BY claim_id LIMIT 1),
     v AS (
  SELECT ARRAY[
    -- A claim id of this month, as intake makes them (support/ids.hpp).
    $$overlay(gen_random_uuid()::text placing 'cc' || to_char(now() AT TIME ZONE 'UTC', 'YYYYMM') from 1 for 8)::uuid$$,
    pg_temp.lit(c.submitter), 'gen_random_uuid()::text',
    pg_temp.lit(c.body_sha256), pg_temp.lit(c.accident_region),
    -- Times as the load's: an accident some time in the day before the copied one's (the
    -- same for the claim and its pool rows: a function of the new claim's id, which the
    -- statement's rows name as k and c), reported now. One accident time for every
    -- transaction piled equal keys into the indexes by accident time, and each foreign-key
    -- check against pool_claims then read the whole pile: pgbench slowed down round after
    -- round (318, 163, 98 tx/s at 8 connections).
    '(' || extract(epoch FROM c.occurred_at)::bigint || ' - abs(hashtext(k.claim_id::text)) % 86400)',
    'extract(epoch FROM clock_timestamp())::bigint',
    pg_temp.lit(c.tier), pg_temp.lit(c.document::text), pg_temp.lit(c.decision::text),
    pg_temp.lit(c.response),
    pg_temp.lit((SELECT json_agg(json_build_object(
        'party', party, 'insurer', insurer, 'underwriting_region', underwriting_region,
        'handling_branch', handling_branch, 'notified_branch', notified_branch,
        'out_of_area', out_of_area, 'flags', flags))
      FROM claim_parties WHERE claim_id = c.claim_id)::text),
    pg_temp.lit((SELECT json_agg(json_build_object(
        'party', party, 'tier', tier, 'stage', stage, 'basis', basis,
        'due', extract(epoch FROM due)::bigint) ORDER BY id)
      FROM sla_deadlines WHERE claim_id = c.claim_id)::text),
    pg_temp.lit(coalesce((SELECT json_agg(json_build_object(
        'creditor', creditor, 'debtor', debtor, 'amount_fen', amount_fen,
        'entry_date', entry_date))
      FROM clearing_entries WHERE claim_id = c.claim_id), '[]')::text),
    pg_temp.lit(p.member), pg_temp.lit(p.region),
    '(' || extract(epoch FROM p.occurred_at)::bigint || ' - abs(hashtext(c.claim_id::text)) % 86400)',
    pg_temp.lit(p.facts::text),
    -- Each transaction's identifiers hashed anew, as the load's unique bodies are.
    '(SELECT jsonb_agg(e || jsonb_build_object(''hash'', left(encode(sha256(' ||
      'random()::text::bytea), ''hex'') || md5(random()::text), length(e ->> ''hash'')))) ' ||
      'FROM jsonb_array_elements(' || pg_temp.lit((SELECT json_agg(json_build_object(
        'party', party, 'kind', kind, 'hash', hash, 'vehicle', vehicle, 'driver', driver,
        'phone', phone, 'masked', masked, 'sealed', sealed))
      FROM pool_entries WHERE claim_id = c.claim_id)::text) || '::jsonb) e)',
    pg_temp.lit((SELECT json_agg(json_build_object(
        'event_id', event_id, 'branch', branch, 'type', type,
        'occurred_at', extract(epoch FROM occurred_at)::bigint, 'envelope', envelope)
        ORDER BY seq)
      FROM outbox WHERE claim_id = c.claim_id)::text)] AS p
  FROM t JOIN claims c USING (claim_id) JOIN pool_claims p USING (claim_id))
SELECT (WITH RECURSIVE r(i, s) AS (
          SELECT 20, :'stmt'::text
          UNION ALL SELECT i - 1, replace(s, '$' || i, v.p[i]) FROM r WHERE i > 0)
        SELECT s FROM r WHERE i = 0) || ';'
FROM v;
SQL
  echo "$out"
}

pgbench_rate() {  # DB_URL CONNECTIONS SCRIPT -> transactions per second
  pgbench -n -M prepared -c "$2" -j 2 -T "$seconds" -f "$3" "$1" 2>/dev/null |
    sed -n 's/^tps = \([0-9.]*\) .*/\1/p' | cut -d. -f1
}

echo "## Intake: POST /v1/claims against the database's one-round-trip limit"
echo
echo "Closed loop, keep-alive, ${seconds} s a run, median of 3 alternating runs; durable commits;"
echo "screening deferred (queued, not run) during the runs."
echo
echo "| connections | pgbench, the intake statement (tx/s) | CrossClaim (claims/s) | ratio |"
echo "|---|---|---|---|"
declare -A max_rate
for c in 8 32; do
  db=$(fresh_db bench_intake)
  config=$(bench_config "$c")
  sed -i "s/^screening_workers = .*/screening_workers = 0/" "$config"
  start_gateway "$db" "$config"
  # Some claims first, so that there is one to copy and the tables are not empty.
  run_load --mode intake --connections 4 --duration 3 --bodies 20000 >/dev/null
  script=$(baseline_script "$db")
  base_runs=() gw_runs=()
  for _ in 1 2 3; do
    base_runs+=("$(pgbench_rate "$db" "$c" "$script")")
    gw_runs+=("$(intake_rate "$c")")
  done
  stop_gateway
  b=$(median3 "${base_runs[@]}") g=$(median3 "${gw_runs[@]}")
  max_rate[$c]=$g
  echo "| $c | $b (${base_runs[*]}) | $g (${gw_runs[*]}) | $(ratio "$g" "$b") |"
  echo "intake at $c connections: $g/s vs pgbench $b/s" >&2
done
echo

echo "## Intake: latency under a fixed load (open loop, 8 connections)"
echo
echo "| load | rate (claims/s) | achieved (claims/s) | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |"
echo "|---|---|---|---|---|---|---|---|"
db=$(fresh_db bench_intake)
config=$(bench_config 8)
sed -i "s/^screening_workers = .*/screening_workers = 0/" "$config"
start_gateway "$db" "$config"
for share in 50 80; do
  rate=$((max_rate[8] * share / 100))
  run_load --mode intake --connections 8 --duration "$seconds" --rate "$rate" \
    --bodies $((seconds * 4000)) --seed $((RANDOM + 10)) |
    jq -r --arg share "$share%" --arg rate "$rate" \
      '"| \($share) | \($rate) | \(.ok_per_s | floor) | \(.latency_ms.p50) | \(.latency_ms.p90) | \(.latency_ms.p99) | \(.latency_ms.p99_9) | \(.latency_ms.max) |"'
done
stop_gateway
drop_db bench_intake
echo
