#!/usr/bin/env bash
# Runs every test: lint and import boundaries, type checks, unit and server tests on SQLite and on PostgreSQL,
# both app builds and the compiled server, the build checks and the browser tests. Ends with one
# "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
out=test/artifacts/results
rm -rf "$out" && mkdir -p "$out"
failed_steps=()

step() { # step NAME COMMAND...
  local name=$1; shift
  echo "== $name"
  if ! "$@"; then failed_steps+=("$name"); fi
}

ensure_postgres() {
  pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && return 0
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start 2>/dev/null
  for _ in $(seq 1 20); do pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && return 0; sleep 0.5; done
  echo "PostgreSQL is not reachable at 127.0.0.1:5432" >&2
  return 1
}

jest_run() { # jest_run RESULT_NAME PATHS...
  local name=$1; shift
  npx jest --ci --json --outputFile="$out/$name.json" "$@"
}

step "lint + import boundaries" npm run --silent lint
step typecheck npm run --silent typecheck
step "unit + server tests (SQLite)" jest_run sqlite test/unit test/integration
if ensure_postgres; then
  TEST_DB=postgres step "server tests (PostgreSQL)" jest_run postgres test/integration
else
  failed_steps+=("PostgreSQL unavailable")
fi
step "weapp build" env FZ_ALLOW_HTTP_API=1 npm run --silent build:weapp  # a local test build: http API base allowed
step "h5 build" npm run --silent build:h5
step "server build" npm run --silent build:server
step "build checks (weapp, compiled server) + browser tests" jest_run e2e --runInBand test/build test/e2e

node test/summarise-results.js "$out" "${failed_steps[@]+"${failed_steps[@]}"}"
