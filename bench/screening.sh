#!/usr/bin/env bash
# Screening benchmarks (called by bench/run): ROOT BASE_URL "SIZES"
#
# 1. Time per claim against a pool of N claims: N generated claims go in through the intake
#    service (`crossclaim demo generate`, two workers; loading only with synchronous_commit
#    off), then the last 2,000 are screened (`crossclaim demo screen`) against the other
#    N - 2,000. The earlier claims are pooled but not screened, so the maintained counts (loss
#    buckets, phone users) hold only what the 2,000 add: the figure is the candidate lookups'
#    cost. A loaded pool is kept in bench/var as database bench_pool_N_loaded (1M claims take
#    about 25 minutes and 17 GB); each run screens two fresh copies of it: one as copied
#    (cold), one with its lookup indexes read into memory first (warm).
# 2. Lag from intake to screened: a gateway screens while crossclaim-load submits claims over
#    HTTPS at a fixed share of what it sustains with screening on; the lag histogram comes
#    from its /metrics.
set -euo pipefail
root=$1 base=$2 sizes=$3
measured=2000
. "$root/bench/lib.sh"

# Makes bench_pool_N_loaded once: N claims pooled, the last $measured queued for screening.
# Its marker file holds the loading rate.
load_pool() {
  local n=$1 marker=bench/var/pool_$1.loaded
  if [ -f "$marker" ]; then  # kept from an earlier run: to this schema first, untimed
    CROSSCLAIM_DB_URL=$base/bench_pool_${n}_loaded $bin migrate >/dev/null
    return
  fi
  echo "loading $n claims into bench_pool_${n}_loaded (kept for later runs)" >&2
  local db start
  db=$(fresh_db "bench_pool_${n}_loaded")
  start=$(date +%s.%N)
  CROSSCLAIM_DB_URL=$db PGOPTIONS="-c synchronous_commit=off" \
    $bin demo generate --seed 1 --claims "$n" --days 365 --workers 2 >/dev/null
  echo "$n / ($(date +%s.%N) - $start)" | bc >"$marker.rate"
  psql "$db" -qAtc "DELETE FROM screening_queue WHERE claim_id NOT IN (
      SELECT claim_id FROM pool_claims ORDER BY occurred_at DESC LIMIT $measured)" >/dev/null
  psql "$db" -qAtc "VACUUM ANALYZE" >/dev/null
  mv "$marker.rate" "$marker"
}

# ms per claim screening the last $measured of a fresh copy of pool N; with "warm", the
# copy's lookup indexes are read into PostgreSQL's memory first (pg_prewarm), as they are in a
# gateway that has been running: a fresh copy starts with none of them there.
screen_copy() {  # N [warm]
  local db ms
  db=$(fresh_db "bench_pool_$1" "bench_pool_${1}_loaded")
  if [ "${2:-}" = warm ]; then
    psql "$db" -qAtc "CREATE EXTENSION IF NOT EXISTS pg_prewarm" \
      -c "SELECT pg_prewarm('pool_entries_lookup')" >/dev/null
  fi
  ms=$(CROSSCLAIM_DB_URL=$db $bin demo screen 2>/dev/null | sed -n 's/.*(\([0-9.]*\) ms per claim).*/\1/p')
  drop_db "bench_pool_$1"
  echo "$ms"
}

echo "## Screening: time per claim against the pool"
echo
echo "Last $measured claims of each pool, on a fresh copy (cold) and on a fresh copy whose"
echo "lookup indexes were read into memory first (warm)."
echo
echo "| claims pooled | loading (claims/s) | cold: ms per claim | ratio to the smallest pool | warm: ms per claim | ratio |"
echo "|---|---|---|---|---|---|"
first="" first_warm=""
for n in $sizes; do
  load_pool "$n"
  load_rate=$(cat "bench/var/pool_$n.loaded")
  ms=$(screen_copy "$n")
  warm=$(screen_copy "$n" warm)
  [ -z "$first" ] && first=$ms first_warm=$warm
  echo "| $n | $load_rate | $ms | $(echo "scale=2; $ms / $first" | bc) | $warm | $(echo "scale=2; $warm / $first_warm" | bc) |"
  echo "screening at $n pooled: $ms ms per claim cold, $warm warm" >&2
done
echo

echo "## Screening: lag from intake to screened under HTTP intake load"
echo
# The rates are shares of what the gateway sustains doing all of a claim's work: closed-loop
# intake at 8 connections with two screening workers running, and the claims screened by the
# end of it, per second. (Shares of bench/intake.sh's maximum, measured with screening
# deferred, ask more than the machine has: on 2 cores intake and screening together cost
# about 2.7 ms of CPU a claim.) Then open loop at 50% and 80% of it for 30 s, screened
# meanwhile by the same gateway, with 1 and 2 screening workers.
# The smallest bucket bound of the lag histogram in $metrics holding the share $1 of claims.
at_most() {
  echo "$metrics" | sed -n 's/^crossclaim_screening_lag_seconds_bucket{le="\([^"]*\)"} \(.*\)/\1 \2/p' |
    awk -v q="$1" -v t="$total" '$2 >= q * t { print $1; exit }'
}
lag_gateway() {  # WORKERS: a gateway on a fresh database bench_lag; sets db
  db=$(fresh_db bench_lag)
  config=$(bench_config 8)
  sed -i "s/^screening_workers = .*/screening_workers = $1/" "$config"
  start_gateway "$db" "$config"
}
lag_gateway 2
span=$(run_load --mode intake --connections 8 --duration 20 --bodies 80000 \
  --seed $((RANDOM + 10)) | jq -r '.warmup_s + .duration_s')
screened=$(psql "$db" -qAtc 'SELECT count(*) FROM pool_claims WHERE screened_at IS NOT NULL')
stop_gateway
max=$(echo "$screened / $span" | bc)
echo "Sustained with screening: $max claims/s ($screened claims taken and screened in $span s"
echo "of closed-loop intake at 8 connections, 2 screening workers)."
echo
echo "sustained with screening: $max claims/s" >&2
echo "| load | rate asked (claims/s) | rate achieved | screening workers | claims screened | still queued after 60 s | lag p50 at most (s) | p95 | p99 | max |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for share in 50 80; do
  for workers in 1 2; do
    lag_gateway "$workers"
    rate=$((max * share / 100))
    achieved=$(run_load --mode intake --connections 8 --duration 30 --rate "$rate" \
      --bodies $((rate * 32)) --seed $((RANDOM + 10)) | jq -r '.ok_per_s | round')
    for _ in $(seq 600); do
      [ "$(psql "$db" -qAtc 'SELECT count(*) FROM screening_queue')" = 0 ] && break; sleep 0.1
    done
    queued=$(psql "$db" -qAtc 'SELECT count(*) FROM screening_queue')
    metrics=$(curl -s --cacert $pki/ca.crt --cert $pki/picc.crt --key $pki/picc.key \
      "https://127.0.0.1:$gw_port/metrics")
    stop_gateway
    total=$(echo "$metrics" | sed -n 's/^crossclaim_screening_lag_seconds_count \(.*\)/\1/p')
    echo "| $share% | $rate | $achieved | $workers | $total | $queued | $(at_most 0.5) | $(at_most 0.95) | $(at_most 0.99) | $(at_most 1) |"
    echo "lag at $rate/s with $workers workers: p99 <= $(at_most 0.99) s" >&2
  done
done
drop_db bench_lag
echo
