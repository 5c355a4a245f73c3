#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine with only the .NET 10 SDK.
# It first installs whatever the tests need and the machine lacks (each later step adds its own prerequisites
# here), then builds once and runs all test projects. It ends with one summary line: "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/prerequisites.sh
ensure_document_fonts
ensure_poppler
ensure_smtp_server

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build Odr.sln --nologo -v quiet
# Test projects run in parallel; each test class uses its own SQLite file in a temporary folder.
set +e
dotnet test Odr.sln --no-build --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for every runner: the sums of the per-assembly lines dotnet test prints.
awk '
  /(Passed|Failed)! +- +Failed:/ {
    gsub(/,/, "");
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  failed  += $(i + 1);
      if ($i == "Passed:")  passed  += $(i + 1);
      if ($i == "Skipped:") skipped += $(i + 1);
    }
    assemblies++
  }
  END {
    if (assemblies == 0) { print "tests: no test assembly reported a result"; exit 1 }
    printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped
  }' "$log" || status=1
exit "$status"
