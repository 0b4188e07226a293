#!/usr/bin/env bash
# Reports benchmark (called by bench/run): ROOT BASE_URL "SIZES"
#
# For each pool size N, a copy of the pool that bench/screening.sh loads (N claims over a
# year, through the intake service; loaded here if it is not there yet) gets the current
# migrations and its daily rollups, and a gateway answers each association report for the
# busiest month that has ended, five times; the median is printed. The baseline, on the
# same copy, is the least a report of that month must do: count the month's claims and
# their parties (psql, median of five).
set -euo pipefail
root=$1 base=$2 sizes=$3
. "$root/bench/lib.sh"

[ -f "$pki/association.crt" ] ||
  $bin pki issue --dir "$pki" --org LNIA --role association --cn bench-reports --out "$pki/association" >/dev/null

now() { date +%s.%N; }
median5() { printf '%s\n' "$@" | sort -g | sed -n 3p; }
ms() { echo "($2 - $1) * 1000 / 1" | bc; }

echo "## Reports at the busiest month of the pool"
echo
echo "| claims | month (claims) | report | ms (median of 5) | baseline: count the month, ms | ratio |"
echo "|---|---|---|---|---|---|"
for n in $sizes; do
  template=bench_pool_${n}_loaded
  if [ ! -f "bench/var/pool_$n.loaded" ]; then
    echo "loading $n claims into $template (kept for later runs)" >&2
    db=$(fresh_db "$template")
    CROSSCLAIM_DB_URL=$db PGOPTIONS="-c synchronous_commit=off" \
      $bin demo generate --seed 1 --claims "$n" --days 365 --workers 2 >/dev/null
    # As bench/screening.sh leaves a pool: only the newest 2,000 claims queued for screening.
    psql "$db" -qAtc "DELETE FROM screening_queue WHERE claim_id NOT IN (
        SELECT claim_id FROM pool_claims ORDER BY occurred_at DESC LIMIT 2000)" >/dev/null
    psql "$db" -qAtc "VACUUM ANALYZE" >/dev/null
    echo "loaded by bench/reports.sh" >"bench/var/pool_$n.loaded"
  fi
  db=$(fresh_db bench_reports "$template")
  CROSSCLAIM_DB_URL=$db $bin migrate --config "$(bench_config 4)" >/dev/null
  psql "$db" -qAtc "DELETE FROM screening_queue; ANALYZE" >/dev/null
  # The busiest month that has ended (the generator also dates claims after today).
  read -r month claims < <(psql "$db" -qAtF' ' -c "
    SELECT to_char(reported_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), count(*) FROM claims
    WHERE reported_at < date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')
                        AT TIME ZONE 'Asia/Shanghai'
    GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
  # The daily rollups of every day of the copy, as a zone running for a while has them.
  t0=$(now)
  CROSSCLAIM_DB_URL=$db $bin reports rollup --config "$(bench_config 4)" >/dev/null
  echo "$n claims: every day rolled up in $(ms "$t0" "$(now)") ms (crossclaim reports rollup)" >&2
  start_gateway "$db" "$(bench_config 4)"
  baseline=()
  for _ in 1 2 3 4 5; do
    t0=$(now)
    psql "$db" -qAtc "SELECT count(*) FROM claims c JOIN claim_parties p USING (claim_id)
      WHERE c.reported_at >= '$month-01'::timestamp AT TIME ZONE 'Asia/Shanghai'
        AND c.reported_at < ('$month-01'::timestamp + interval '1 month') AT TIME ZONE 'Asia/Shanghai'" >/dev/null
    baseline+=("$(ms "$t0" "$(now)")")
  done
  b=$(median5 "${baseline[@]}")
  for report in summary sla assists clearing fraud monthly; do
    times=()
    for _ in 1 2 3 4 5; do
      t0=$(now)
      code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$pki/ca.crt" --cert "$pki/association.crt" \
        --key "$pki/association.key" "https://127.0.0.1:$gw_port/v1/reports/$report?month=$month")
      [ "$code" = 200 ] || { echo "$report answered $code" >&2; exit 1; }
      times+=("$(ms "$t0" "$(now)")")
    done
    t=$(median5 "${times[@]}")
    echo "| $n | $month ($claims) | $report | $t | $b | $(ratio "$t" "$((b > 0 ? b : 1))") |"
  done
  stop_gateway
  drop_db bench_reports
done
echo
