#!/usr/bin/env bash
# Read benchmark (called by bench/run): ROOT BASE_URL
#
# GET /v1/claims/{id} as PICC over claims it insures, closed loop at 8 and 32 keep-alive
# connections, against pgbench running the gateway's statement (storage/claims_store.cpp,
# claims.view, which calls claim_view(): the claim as JSON if the member insures a party)
# over the same claims.
# Alternately, 3 rounds, medians. Screening is off (screening_workers = 0): the claims read
# here would otherwise be screened in the background during the runs, taking CPU from both.
set -euo pipefail
root=$1 base=$2
. "$root/bench/lib.sh"

read_config() {  # CONNECTIONS -> config path
  local config
  config=$(bench_config "$1")
  sed -i "s/^screening_workers = .*/screening_workers = 0/" "$config"
  echo "$config"
}

db=$(fresh_db bench_read)
start_gateway "$db" "$(read_config 8)"
trap stop_gateway EXIT
# Claims to read: PICC's, numbered for pgbench to pick at random.
run_load --mode intake --connections 4 --duration 5 --bodies 20000 >/dev/null
psql "$db" -qAtc "CREATE TABLE bench_ids AS
    SELECT row_number() OVER () AS n, claim_id FROM claims WHERE submitter = 'PICC';
    ALTER TABLE bench_ids ADD PRIMARY KEY (n); ANALYZE" >/dev/null
count=$(psql "$db" -qAtc "SELECT count(*) FROM bench_ids")
script=bench/var/read_baseline.sql
{
  echo "\\set n random(1, $count)"
  sed -n 's/.*"claims.view", "\(.*\)"};$/\1;/p' storage/claims_store.cpp |
    sed -e 's/\$1/(SELECT claim_id FROM bench_ids WHERE n = :n)/g' -e "s/\\\$2/'PICC'/g"
} >"$script"

echo "## Read: GET /v1/claims/{id} against pgbench running the same statement"
echo
echo "Over $count claims; ${seconds} s a run, median of 3 alternating runs."
echo
echo "| connections | pgbench (tx/s) | CrossClaim (requests/s) | ratio |"
echo "|---|---|---|---|"
for c in 8 32; do
  stop_gateway
  start_gateway "$db" "$(read_config "$c")"
  b_runs=() g_runs=()
  for _ in 1 2 3; do
    b_runs+=("$(pgbench -n -M prepared -c "$c" -j 2 -T "$seconds" -f "$script" "$db" 2>/dev/null |
      sed -n 's/^tps = \([0-9.]*\) .*/\1/p' | cut -d. -f1)")
    g_runs+=("$(run_load --mode read --read-claims 1000 --connections "$c" --duration "$seconds" \
      --seed $((RANDOM + 10)) | jq -r '.ok_per_s | floor')")
  done
  b=$(median3 "${b_runs[@]}") g=$(median3 "${g_runs[@]}")
  echo "| $c | $b (${b_runs[*]}) | $g (${g_runs[*]}) | $(ratio "$g" "$b") |"
  echo "read at $c connections: $g/s vs pgbench $b/s" >&2
done
echo
stop_gateway
drop_db bench_read
