#!/usr/bin/env bash
# Installs and starts PostgreSQL 15 with postgresql-hll for the tests that need it.
# Idempotent; run as root (Debian). Progress goes to stderr; stdout is a single line to eval:
# export TALLY_TEST_POSTGRES='<Npgsql connection string>'.
set -euo pipefail

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
if ! installed postgresql || ! installed postgresql-15-hll; then
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql postgresql-15-hll >&2
fi

if ! pg_lsclusters --no-header | awk '$1 == "15" && $2 == "main" { found = 1 } END { exit !found }'; then
  pg_createcluster 15 main >&2
fi
# pg_ctlcluster status exits 3 when the cluster is stopped; start waits until it accepts connections.
pg_ctlcluster 15 main status >/dev/null 2>&1 || pg_ctlcluster 15 main start >&2

# Debian authenticates Unix-socket connections by peer (OS user = role): give the user running
# the tests a superuser role of its own name so it can create databases and the extension.
user=$(id -un)
if [ "$user" != postgres ]; then
  runuser -u postgres -- psql -h /var/run/postgresql -v ON_ERROR_STOP=1 -q -v user="$user" >&2 <<'SQL'
SELECT format('CREATE ROLE %I SUPERUSER LOGIN', :'user')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SQL
fi

echo "export TALLY_TEST_POSTGRES='Host=/var/run/postgresql;Username=${user};Database=postgres'"
