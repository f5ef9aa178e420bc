#!/usr/bin/env bash
# Installs and starts s3rver (an S3-compatible test server, npm) for the S3 object-store tests.
# Idempotent; run as root (Debian). Progress goes to stderr; stdout is a single line to eval:
# export TALLY_TEST_S3=http://127.0.0.1:4569. The server keeps its data in a fresh temporary
# directory and runs in the background until killed (its pid is in that directory's s3rver.pid).
set -euo pipefail

address=127.0.0.1
port=4569
# s3rver 3.7.1: the version the tests were written against.
version=3.7.1
url="http://${address}:${port}"

if ! command -v npm >/dev/null 2>&1; then
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >&2
fi
if ! command -v s3rver >/dev/null 2>&1; then
  npm install -g --no-fund --no-audit "s3rver@${version}" >&2
fi

# An S3 server answers an anonymous request to its root with an XML error (or a bucket list).
answers() { curl -s --max-time 2 "$url/" 2>/dev/null | grep -q '<?xml'; }

if ! answers; then
  data=$(mktemp -d -t tally-s3rver.XXXXXX)
  # s3rver encrypts listing continuation tokens with DES, which OpenSSL 3 (Node 17+) only has in
  # its legacy provider; without it every paginated listing fails with an internal error.
  NODE_OPTIONS=--openssl-legacy-provider setsid nohup s3rver --directory "$data" --address "$address" --port "$port" --silent >"$data.log" 2>&1 < /dev/null &
  echo $! > "$data/s3rver.pid"
  echo "s3rver started on $url (data in $data, log in $data.log)" >&2
  # Starting takes about a second; give a loaded machine 30.
  for _ in $(seq 1 60); do
    answers && break
    sleep 0.5
  done
  answers || { echo "s3rver did not answer on $url; see $data.log" >&2; exit 1; }
fi

echo "export TALLY_TEST_S3=$url"
