#!/usr/bin/env bash
# A private PostgreSQL 15 cluster in a folder of the project: loopback and a private socket
# directory only. PostgreSQL refuses to run as root, so as root the cluster runs as the
# `postgres` system user, which owns its files.
#
#   scripts/pg.sh start DIR [PORT]  initdb once, start if not running, print the URL
#   scripts/pg.sh stop DIR [MODE]   stop it (fast shutdown; `immediate` is as a crash)
#   scripts/pg.sh url DIR           print the libpq URL of the crossclaim database
#   scripts/pg.sh standby DIR PRIMARY_DIR [PORT]
#                                   a streaming replica of PRIMARY_DIR's running cluster,
#                                   made synchronous: the primary's commits wait until the
#                                   standby has them, so an acknowledged commit survives the
#                                   primary's loss. Prints the standby's URL.
#   scripts/pg.sh promote DIR       make a standby the primary (pg_ctl promote)
#
# Without PORT, a port is derived from DIR's path (so two checkouts do not collide) and the
# next ones are tried if it is taken. The port in use is kept in DIR/port.
#
# Serialised with flock, so several test processes may call `start` at once.
set -euo pipefail

cmd=${1:?usage: pg.sh start|stop|url|standby|promote DIR [PORT]}
dir=$(realpath -m "${2:?DIR missing}")
port=${3:-}
fixed_port=${3:+yes}
# For standby the third argument is the primary's folder, for stop the mode.
if [ "$cmd" = standby ] || [ "$cmd" = stop ]; then port=""; fixed_port=""; fi
if [ -z "$port" ]; then
  if [ -f "$dir/port" ]; then port=$(cat "$dir/port")
  else port=$(( 20000 + $(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 20000 )); fi
fi
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || { echo "pg.sh: PostgreSQL 15 is not installed (run scripts/deps.sh)" >&2; exit 1; }

as_owner() {
  # From /, so that the postgres user is not left in a folder it may not enter.
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

url() { echo "postgresql://crossclaim@127.0.0.1:$port/crossclaim"; }

case "$cmd" in
  url) url ;;
  start)
    if [ "$(id -u)" -eq 0 ] && [ ! -e "$dir" ]; then
      mkdir -p "$(dirname "$dir")"
      if ! runuser -u postgres -- test -x "$(dirname "$dir")"; then
        # The project lives where the postgres user cannot reach (under /root, say): keep
        # the cluster's files in a folder it can reach, and link it into place.
        real="/var/tmp/crossclaim-pg-$(echo "$dir" | sha256sum | cut -c1-16)"
        mkdir -p "$real"
        ln -sfn "$real" "$dir"
        echo "pg.sh: $dir links to $real (the postgres user cannot reach the project folder)" >&2
        dir=$real
      fi
    fi
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$(realpath "$dir")"
    exec 9>"$dir.lock"
    flock 9
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      if ! as_owner test -w "$dir"; then
        echo "pg.sh: the postgres user cannot write $dir; put the project where it can" >&2
        exit 1
      fi
      as_owner mkdir -p "$dir/socket"
      as_owner "$bin/initdb" -D "$dir/data" -U crossclaim --auth=trust -E UTF8 \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
      cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/socket'
max_connections = 200
CONF
      if [ -n "${PG_FAST_UNSAFE:-}" ]; then
        # Throwaway test clusters only: no durability needed, speed matters.
        printf "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n" >>"$dir/data/postgresql.conf"
      fi
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      for try in 1 2 3 4 5 6 7 8; do
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
             -o "-p $port" start </dev/null >/dev/null 9>&-; then
          break
        fi
        if [ -z "$fixed_port" ] && tail -20 "$dir/server.log" | grep -q "Address already in use"; then
          port=$((port + 1))   # taken by something else: try the next one
          continue
        fi
        tail -20 "$dir/server.log" >&2
        exit 1
      done
      as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 ||
        { echo "pg.sh: no free port found from $port down" >&2; exit 1; }
    fi
    # A running server knows its port best (line 4 of postmaster.pid).
    port=$(sed -n 4p "$dir/data/postmaster.pid")
    echo "$port" >"$dir/port"
    if ! as_owner "$bin/psql" -h "$dir/socket" -p "$port" -U crossclaim -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'crossclaim'" | grep -q 1; then
      as_owner "$bin/createdb" -h "$dir/socket" -p "$port" -U crossclaim crossclaim
    fi
    url
    ;;
  standby)
    primary=$(realpath "${3:?usage: pg.sh standby DIR PRIMARY_DIR [PORT]}")
    port=${4:-$(( $(cat "$primary/port") + 1 ))}
    pport=$(cat "$primary/port")
    name=standby_$(basename "$dir" | tr -c 'a-zA-Z0-9_\n' '_')
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$(realpath "$dir")"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner mkdir -p "$dir/socket"
      as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$pport" -U crossclaim -D "$dir/data" \
        -R -X stream --checkpoint=fast >"$dir/basebackup.log" 2>&1 ||
        { cat "$dir/basebackup.log" >&2; exit 1; }
      echo "unix_socket_directories = '$dir/socket'" >>"$dir/data/postgresql.conf"
      # After the line pg_basebackup -R wrote there, so that the primary knows it by name.
      echo "primary_conninfo = 'host=127.0.0.1 port=$pport user=crossclaim application_name=$name'" \
        >>"$dir/data/postgresql.auto.conf"
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "-p $port" start \
        </dev/null >/dev/null || { tail -20 "$dir/server.log" >&2; exit 1; }
    fi
    echo "$port" >"$dir/port"
    psql_primary() { as_owner "$bin/psql" -h 127.0.0.1 -p "$pport" -U crossclaim -d postgres -tAc "$1"; }
    psql_primary "ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 ($name)'" >/dev/null
    psql_primary "ALTER SYSTEM SET synchronous_commit = 'on'" >/dev/null
    psql_primary "SELECT pg_reload_conf()" >/dev/null
    for _ in $(seq 1 300); do
      [ "$(psql_primary "SELECT sync_state FROM pg_stat_replication WHERE application_name = '$name'")" = sync ] && break
      sleep 0.1
    done
    [ "$(psql_primary "SELECT sync_state FROM pg_stat_replication WHERE application_name = '$name'")" = sync ] ||
      { echo "pg.sh: $name did not become a synchronous standby" >&2; exit 1; }
    url
    ;;
  promote)
    as_owner "$bin/pg_ctl" -D "$dir/data" -w -t 60 promote >/dev/null
    ;;
  stop)
    if [ -f "$dir/data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m "${3:-fast}" -w stop >/dev/null
    fi
    ;;
  *) echo "pg.sh: unknown command $cmd" >&2; exit 2 ;;
esac
