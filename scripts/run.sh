#!/usr/bin/env bash
# Runs the service on http://localhost:5080: SQLite file created and migrated at start, demo accounts seeded,
# e-mail written to files. Installs the document font first if it is missing. Extra arguments go to `dotnet run`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_document_fonts
ensure_npm
# Ten demo cases over the last three months, so the statistics, records and decisions have something to show.
export Odr__Demo__SeedCases="${Odr__Demo__SeedCases:-true}"
exec dotnet run --project src/Odr.Web "$@"
