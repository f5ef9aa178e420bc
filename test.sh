#!/usr/bin/env bash
# Runs every test. First makes sure the services the integration tests use are there:
# PostgreSQL 15 with postgresql-hll (installed with apt and started when missing — root, or
# sudo, the first time), and s3rver (npm) for the S3 object store. The Kafka tests run only when
# KAFKA_BOOTSTRAP_SERVERS names a broker (none can be installed here); otherwise they report as
# skipped. Arguments go to `dotnet test`, e.g. ./test.sh --filter Category!=Slow
set -euo pipefail
cd "$(dirname "$0")"

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)

if [ -z "${TALLY_TEST_POSTGRES:-}" ]; then
  eval "$("${as_root[@]}" bash scripts/postgres.sh)"
  export TALLY_TEST_POSTGRES
fi

if [ -z "${TALLY_TEST_S3:-}" ]; then
  eval "$("${as_root[@]}" bash scripts/s3rver.sh)"
  export TALLY_TEST_S3
fi

dotnet test Tally.slnx "$@"
