#!/usr/bin/env bash
# Set-up and run in one command, on a fresh machine or an old one:
#   bash scripts/portal.sh start   # Node 24 if needed, dependencies, build if needed, then `npm start`
#   bash scripts/portal.sh test    # the same plus Debian's Chromium and PostgreSQL, then `npm test`
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../.ci/node-env.sh
source .ci/node-env.sh
export ASTRO_TELEMETRY_DISABLED=1

install_dependencies() {
  # Reinstall when the lock file changed or node_modules was built for another Node (native addons).
  local stamp=node_modules/.installed-with
  local want; want="$(node --version) $(sha1sum package-lock.json | cut -d' ' -f1)"
  if [ "${CI:-}" = "true" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    npm ci --no-audit --no-fund
    echo "$want" > "$stamp"
  fi
}

install_chromium() {
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then return; fi
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
}

install_postgresql() {
  # The test suite runs its two-engine suites on a throwaway cluster of Debian's PostgreSQL.
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null; then return; fi
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql
}

case "${1:-}" in
  start) install_dependencies; exec npm start ;;
  test) install_dependencies; install_chromium; install_postgresql; npm test ;;
  *) echo "usage: bash scripts/portal.sh start|test" >&2; exit 2 ;;
esac
