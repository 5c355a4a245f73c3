#!/usr/bin/env bash
# Runs every benchmark scenario against the Release build of the service, started as a real process on loopback, and
# writes docs/performance.md (about 55 minutes on 2 cores with --database both). Options go to the benchmark program: --only filing,chat
# (a partial run prints its report instead of writing the file), --runs N, --quick (a short check of the harness),
# --keep-data, --database sqlite|postgres|both (PostgreSQL: a throwaway cluster, and a throwaway Redis for the two-node
# scenario, started and deleted here as scripts/test.sh does). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_document_fonts
ensure_npm
dotnet build bench/Odr.Bench -c Release -v quiet -nologo
case " $* " in
  *" postgres "*|*" both "*|*two-nodes*)
    ensure_postgres
    ensure_redis
    pg_dir=$(mktemp -d)
    redis_dir=$(mktemp -d)
    trap 'stop_throwaway_postgres "$pg_dir" || true; stop_throwaway_redis "$redis_dir" || true' EXIT
    ODR_BENCH_POSTGRES=$(start_throwaway_postgres "$pg_dir") || { cat "$pg_dir"/*.log >&2; exit 1; }
    ODR_BENCH_REDIS=$(start_throwaway_redis "$redis_dir") || { cat "$redis_dir"/*.log >&2; exit 1; }
    export ODR_BENCH_POSTGRES ODR_BENCH_REDIS
    dotnet bench/Odr.Bench/bin/Release/net10.0/Odr.Bench.dll "$@"
    ;;
  *)
    exec dotnet bench/Odr.Bench/bin/Release/net10.0/Odr.Bench.dll "$@"
    ;;
esac
