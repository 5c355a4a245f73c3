#!/usr/bin/env bash
# Runs every test on a fresh machine with only the .NET 10 SDK: first it installs what the tests need and the machine
# lacks (fonts, poppler-utils, an SMTP server, npm, Chromium and the browser-test driver, PostgreSQL), then builds once
# and runs the .NET test projects and the browser tests twice: on SQLite (the default) and on a throwaway PostgreSQL
# cluster with a throwaway redis-server beside it (the several-node tests' SignalR backplane and shared chat rate limit),
# both started and deleted by this script. It ends with one summary line: "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/prerequisites.sh
ensure_document_fonts
ensure_poppler
ensure_smtp_server
ensure_npm
ensure_chromium
ensure_postgres
ensure_redis
(cd tests/e2e && npm ci --no-audit --no-fund --silent)

log=$(mktemp)
pg_dir=$(mktemp -d)
redis_dir=$(mktemp -d)
trap 'stop_throwaway_postgres "$pg_dir"; stop_throwaway_redis "$redis_dir"; rm -f "$log"' EXIT

dotnet build Odr.sln --nologo -v quiet
status=0
run_suite() {
  # Test projects run in parallel; each test class uses its own database (a SQLite file in a temporary folder, or a
  # database of its own in the PostgreSQL cluster).
  dotnet test Odr.sln --no-build --nologo 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  # Browser tests: real Chromium against the service started with the README's run command. What a browser shows does
  # not depend on the database, so the PostgreSQL pass walks one whole journey there ("$@": node's name filter) and
  # leaves the rest to the SQLite pass, which keeps the test command within CI's 25 minutes.
  node --test --test-reporter=tap "$@" tests/e2e/ 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
}

set +e
echo "== the suite on SQLite"
run_suite
echo "== the suite on PostgreSQL (and Redis)"
if ! ODR_TEST_POSTGRES=$(start_throwaway_postgres "$pg_dir"); then
  echo "The throwaway PostgreSQL cluster did not start:" >&2
  cat "$pg_dir"/*.log >&2
  status=1
elif ! ODR_TEST_REDIS=$(start_throwaway_redis "$redis_dir"); then
  echo "The throwaway redis-server did not start:" >&2
  cat "$redis_dir"/*.log >&2
  status=1
else
  export ODR_TEST_POSTGRES ODR_TEST_REDIS
  run_suite --test-name-pattern="the whole journey in the browser \\(en\\)"
  unset ODR_TEST_POSTGRES ODR_TEST_REDIS
fi
set -e

# One closing line for every runner: the sums of dotnet test's per-assembly lines and node's TAP totals.
awk '
  /(Passed|Failed)! +- +Failed:/ {
    gsub(/,/, "");
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  failed  += $(i + 1);
      if ($i == "Passed:")  passed  += $(i + 1);
      if ($i == "Skipped:") skipped += $(i + 1);
    }
    runs++
  }
  /^# pass [0-9]+$/ { passed += $3; runs++ }
  /^# fail [0-9]+$/ { failed += $3 }
  /^# skipped [0-9]+$/ { skipped += $3 }
  END {
    if (runs == 0) { print "tests: no test run reported a result"; exit 1 }
    printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped
  }' "$log" || status=1
exit "$status"
