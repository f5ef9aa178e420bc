#!/usr/bin/env bash
# Runs every test. First makes sure what the integration tests use is there — PostgreSQL 15
# with postgresql-hll, nats-server with JetStream, s3rver (npm) for the S3 object store, and
# Chromium for the dashboard's browser tests — installed with apt/npm in one go and started
# when missing (root, or sudo, the first time). The Kafka tests run only when
# KAFKA_BOOTSTRAP_SERVERS names a broker (none can be installed here); otherwise they report as
# skipped. Arguments go to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~Speed".
set -euo pipefail
cd "$(dirname "$0")"

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
packages=(postgresql postgresql-15-hll nats-server chromium)
# Node.js may come from elsewhere (e.g. NodeSource, which bundles npm and conflicts with Debian's npm).
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
"${as_root[@]}" bash scripts/packages.sh "${packages[@]}"

# Starts a service with its script unless VARIABLE already names one. The script's output is
# assigned before it is eval'd: `eval "$(script)"` would hide a script that failed, and the tests
# would then fail one by one for want of the server.
start_service() {
  local variable=$1 script=$2 started
  [ -z "${!variable:-}" ] || return 0
  started=$("${as_root[@]}" bash "scripts/$script")
  eval "$started"  # the script prints "export VARIABLE=..."
}
start_service TALLY_TEST_POSTGRES postgres.sh
start_service TALLY_TEST_NATS nats.sh
start_service TALLY_TEST_S3 s3rver.sh

dotnet test Tally.slnx "$@"
