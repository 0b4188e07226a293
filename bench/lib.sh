# Shared by the bench/*.sh scripts, sourced with $root and $base set: databases, gateways,
# certificates and the load generator. Leaves the script in $root.

cd "$root"
bin=build/crossclaim
seconds=${BENCH_SECONDS:-10}
pki=bench/var/pki
loadgen=build/bench/crossclaim-load

fresh_db() {  # NAME [TEMPLATE] -> URL of an empty (or copied) database
  psql "$base/postgres" -qAtc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null
  psql "$base/postgres" -qAtc "CREATE DATABASE $1 ${2:+TEMPLATE $2 STRATEGY FILE_COPY}" >/dev/null
  echo "$base/$1"
}

drop_db() { psql "$base/postgres" -qAtc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null; }

bench_pki() {  # the server, PICC's core system (insurer) and an ops certificate
  $bin pki init --dir "$pki" >/dev/null
  [ -f "$pki/picc.crt" ] ||
    $bin pki issue --dir "$pki" --org PICC --role insurer --cn bench-picc --out "$pki/picc" >/dev/null
}

# The demo config with absolute paths, `pool_size` database connections, and rate limits
# out of the way (the load generator speaks for one member).
bench_config() {  # POOL_SIZE -> path of the config file
  local out=bench/var/crossclaim-pool$1.toml
  sed -e "s|^pool_size = .*|pool_size = $1|" \
      -e "s|^per_second = .*|per_second = 1000000|" -e "s|^burst = .*|burst = 1000000|" \
      -e "s|= \"\([a-z_]*\.toml\)\"|= \"$root/config/\1\"|" config/crossclaim.toml >"$out"
  echo "$out"
}

# Starts a gateway on DB with CONFIG; sets gw_pid and gw_port. Its log: bench/var/serve.log.
start_gateway() {  # DB_URL CONFIG
  local ready
  ready=$(mktemp -u)
  CROSSCLAIM_DB_URL=$1 CROSSCLAIM_LISTEN=127.0.0.1:0 CROSSCLAIM_CONSOLE_LISTEN=127.0.0.1:0 \
    CROSSCLAIM_TLS_CERT=$pki/server.crt CROSSCLAIM_TLS_KEY=$pki/server.key \
    CROSSCLAIM_TLS_CA=$pki/ca.crt CROSSCLAIM_TLS_CRL=$pki/crl.pem \
    $bin serve --config "$2" --ready-file "$ready" >>bench/var/serve.log 2>&1 &
  gw_pid=$!
  for _ in $(seq 200); do [ -s "$ready" ] && break; sleep 0.1; done
  [ -s "$ready" ] || { echo "the gateway did not start: see bench/var/serve.log" >&2; exit 1; }
  gw_port=$(head -1 "$ready" | cut -d: -f2)
  rm -f "$ready"
}

stop_gateway() {
  [ -n "${gw_pid:-}" ] || return 0
  kill "$gw_pid" 2>/dev/null || true
  wait "$gw_pid" 2>/dev/null || true
  gw_pid=""
}

# The load generator against the running gateway as PICC; prints its JSON summary.
run_load() {  # crossclaim-load options...
  $loadgen --host 127.0.0.1 --port "$gw_port" --cert "$pki/picc.crt" --key "$pki/picc.key" \
    --ca "$pki/ca.crt" --json "$@" 2>>bench/var/load.log
}

# Closed-loop intake against the running gateway ($gw_port) for $seconds, fresh bodies.
intake_rate() {  # CONNECTIONS -> claims per second (2xx)
  run_load --mode intake --connections "$1" --duration "$seconds" --bodies $((seconds * 4000)) \
    --seed $((RANDOM + 10)) |
    jq -r '.ok_per_s | floor'
}

median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }

ratio() { echo "scale=2; $1 / $2" | bc; }

bench_pki
