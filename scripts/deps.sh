#!/usr/bin/env bash
# Installs the Debian 12 packages CrossClaim needs, only those missing. Safe to re-run.
#   scripts/deps.sh          what building, running and testing need
#   scripts/deps.sh bench    and what bench/run needs besides (nginx as a baseline, jq)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git
  libboost1.81-dev libboost-json1.81-dev libssl-dev
  libpqxx-dev libspdlog-dev catch2 libtomlplusplus-dev libxml2-dev
  postgresql-15 postgresql-client-15
  curl openssl bc
  libsodium-dev
  chromium poppler-utils poppler-data fonts-wqy-microhei
  haproxy
  clang libclang-rt-14-dev lld
)

# Chromium (driven by playwright-core from npm) runs the console's end-to-end tests;
# pdftotext reads the monthly report's PDF back; the font draws Chinese in screenshots.
# HAProxy balances two gateways in the cluster test. clang compiles everything (faster than
# gcc here) and lld links it; with its runtimes it builds the sanitizer suite and the
# libFuzzer targets (scripts/sanitize.sh).
# Node.js runs the test oracles and the console's tests. Debian's nodejs and npm
# serve where the machine has no node of its own.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
[ "${1:-}" = bench ] && packages+=(nginx-light jq)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "==> installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
