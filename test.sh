#!/usr/bin/env bash
# Runs every test. First makes sure the services the integration tests use are there:
# PostgreSQL 15 with postgresql-hll and nats-server with JetStream (installed with apt and
# started when missing — root, or sudo, the first time). Arguments go to `dotnet test`, e.g. ./test.sh --filter Category!=Slow
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${TALLY_TEST_POSTGRES:-}" ]; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  eval "$("${as_root[@]}" bash scripts/postgres.sh)"
  export TALLY_TEST_POSTGRES
fi

if [ -z "${TALLY_TEST_NATS:-}" ]; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  eval "$("${as_root[@]}" bash scripts/nats.sh)"
  export TALLY_TEST_NATS
fi

dotnet test Tally.slnx "$@"
