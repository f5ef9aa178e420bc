#!/usr/bin/env bash
# Installs and starts nats-server with JetStream (file storage) for the tests that need it.
# Idempotent; run as root (Debian). Progress goes to stderr; stdout is a single line to eval:
# export TALLY_TEST_NATS=nats://127.0.0.1:4222. A server this script starts keeps its streams in
# a fresh temporary directory: the tests' streams are throwaway, and a store reused across runs
# grows by hundreds of streams per run, which the server restores one by one before it listens.
set -euo pipefail

port=4222

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
if ! installed nats-server; then
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nats-server >&2
fi

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
if ! listening; then
  store_dir=$(mktemp -d -t tally-nats.XXXXXX)
  # setsid: the server outlives this script and the shell that eval'd it.
  setsid nats-server -a 127.0.0.1 -p "$port" -js -sd "$store_dir" \
    -l "$store_dir/nats-server.log" -P "$store_dir/nats-server.pid" </dev/null >/dev/null 2>&1 &
  echo "nats-server starting on port $port (store and log in $store_dir)" >&2
  # An empty store starts in well under a second; give a loaded machine 30.
  for _ in $(seq 1 300); do
    listening && break
    sleep 0.1
  done
  listening || { echo "nats-server did not start; see $store_dir/nats-server.log" >&2; exit 1; }
fi

echo "export TALLY_TEST_NATS=nats://127.0.0.1:${port}"
