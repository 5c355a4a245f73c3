#!/usr/bin/env bash
# Runs every benchmark scenario against the Release build of the service, started as a real process on loopback, and
# writes docs/performance.md (about 15 minutes on 2 cores). Options go to the benchmark program: --only filing,chat
# (a partial run prints its report instead of writing the file), --runs N, --quick (a short check of the harness),
# --keep-data. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_document_fonts
ensure_npm
dotnet build bench/Odr.Bench -c Release -v quiet -nologo
exec dotnet bench/Odr.Bench/bin/Release/net10.0/Odr.Bench.dll "$@"
