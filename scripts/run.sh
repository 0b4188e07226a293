#!/usr/bin/env bash
# Command 1: install what is missing, build, start the private PostgreSQL cluster and the
# development PKI if absent, and run the gateway with the demo zone. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

echo "==> checking Debian packages"
scripts/deps.sh
scripts/npm.sh

echo "==> building (first time: a few minutes)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target crossclaim

if [ -z "${CROSSCLAIM_DB_URL:-}" ]; then
  echo "==> starting the private PostgreSQL cluster in var/pg (port 15432)"
  CROSSCLAIM_DB_URL=$(scripts/pg.sh start var/pg 15432)
  export CROSSCLAIM_DB_URL
fi

if [ -z "${CROSSCLAIM_POOL_KEY:-}" ]; then
  # The demo zone's fraud-pool secret, made once; a real zone sets its own.
  if [ ! -s var/pool.key ]; then
    mkdir -p var && (umask 077 && openssl rand -hex 32 >var/pool.key)
    echo "==> made the demo pool key in var/pool.key"
  fi
  CROSSCLAIM_POOL_KEY=$(cat var/pool.key)
  export CROSSCLAIM_POOL_KEY
fi

pki=var/pki
echo "==> development PKI in $pki"
./build/crossclaim pki init --dir "$pki" >/dev/null
# One demo certificate per member system, one investigator, one association operator.
issue() { # org role cn file
  [ -f "$pki/clients/$4.crt" ] ||
    ./build/crossclaim pki issue --dir "$pki" --org "$1" --role "$2" --cn "$3" --out "$pki/clients/$4" >/dev/null
}
issue PICC insurer picc-claims-core picc
issue PAIC insurer paic-claims-core paic
issue CPIC insurer cpic-claims-core cpic
issue LNRB insurer lnrb-claims-core lnrb
issue AFC investigator investigator-1 investigator
issue LNIA association association-operator association

# What the database holds already ("" when the table is not there yet).
count() { # table
  psql "$CROSSCLAIM_DB_URL" -tAc "SELECT count(*) FROM $1" 2>/dev/null || true
}

# Console logins for the demo zone, made once with random passwords.
logins=var/console-logins.txt
if [ ! -s "$logins" ] || [ "$(count console_users)" = "0" ] || [ -z "$(count console_users)" ]; then
  echo "==> adding the demo console users"
  : >"$logins.tmp"
  for u in "association lnia-demo LNIA" "association tsia-demo TSIA" "investigator afc-demo AFC"; do
    set -- $u
    pw=$(openssl rand -base64 15)
    printf '%s\n' "$pw" | ./build/crossclaim user add --config config/crossclaim.toml --role "$1" --org "$3" "$2" >/dev/null
    printf '  %-13s %-14s password %s\n' "$1" "$2" "$pw" >>"$logins.tmp"
  done
  (umask 077 && mv "$logins.tmp" "$logins")
fi

# Six months of demo activity, once: claims through intake and screening, their lifecycle,
# assists and leads in every state. The gateway escalates the overdue stages once it runs.
if [ "$(count claims)" = "0" ] || [ -z "$(count claims)" ]; then
  echo "==> loading six months of demo activity (once; about a minute)"
  ./build/crossclaim demo load --config config/crossclaim.toml --claims 5000 --days 180 >/dev/null
fi
# A demo database from before identifiers were encrypted at rest gets them encrypted.
./build/crossclaim pool seal-claims --config config/crossclaim.toml >/dev/null

cat <<EOT

CrossClaim gateway, demo zone Longnan (621200) + Tianshui (620500)
  API      https://127.0.0.1:8443  (mutual TLS; client certificates in $pki/clients/)
  console  https://127.0.0.1:8444/console/  (development certificate: trust $pki/ca.crt or accept the warning)
  API reference  https://127.0.0.1:8444/docs/  (the OpenAPI document; also GET /v1/openapi.json)
  database $CROSSCLAIM_DB_URL

Console logins (also in $logins):
$(cat "$logins")

Try it (as PICC's claims system):
  curl --cacert $root/$pki/ca.crt --cert $root/$pki/clients/picc.crt --key $root/$pki/clients/picc.key https://127.0.0.1:8443/readyz
  curl --cacert $root/$pki/ca.crt --cert $root/$pki/clients/picc.crt --key $root/$pki/clients/picc.key -H 'Content-Type: application/json' --data-binary @$root/examples/claim.json https://127.0.0.1:8443/v1/claims

Ctrl-C stops the gateway; \`scripts/pg.sh stop var/pg\` stops the database.

EOT
exec ./build/crossclaim serve --config config/crossclaim.toml
