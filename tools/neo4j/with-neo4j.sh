#!/usr/bin/env bash
# Runs a command with NEO4J_URI pointing at a real Neo4j.
#
# With NEO4J_URI already set, it runs the command as is. Otherwise, when Java and Maven exist, it
# starts the embedded Neo4j launcher on a free loopback port, runs the command, and stops Neo4j.
# Without them it says loudly that the Neo4j suite will be skipped (or fails when
# SKILLGRAPH_REQUIRE_NEO4J=1) and runs the command anyway.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ -n "${NEO4J_URI:-}" ]; then
  exec "$@"
fi

if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  if [ "${SKILLGRAPH_REQUIRE_NEO4J:-}" = 1 ]; then
    echo "NEO4J REQUIRED but neither NEO4J_URI is set nor Java and Maven are installed" >&2
    exit 1
  fi
  printf '\n*** NEO4J SUITE WILL BE SKIPPED: no NEO4J_URI, and Java 17 + Maven are not installed ***\n\n' >&2
  exec "$@"
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null)" ||
  { echo "cannot pick a free loopback port for Neo4j (python3 is needed)" >&2; exit 1; }
log="$(mktemp -t skillgraph-neo4j-XXXXXX.log)"
"$here/neo4j.sh" build
"$here/neo4j.sh" run "$port" >"$log" 2>&1 &
pid=$!
# The script exits with the command's status, never the stopped JVM's (143 after SIGTERM):
# cleanup keeps the status the shell was exiting with and ignores the kill's and wait's own.
cleanup() {
  local rc=$?
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$log"
  exit "$rc"
}
trap cleanup EXIT

for _ in $(seq 1 180); do
  grep -q '^BOLT READY' "$log" && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "Neo4j failed to start:" >&2; cat "$log" >&2; exit 1
  fi
  sleep 1
done
grep -q '^BOLT READY' "$log" || { echo "Neo4j did not start within 180 s" >&2; cat "$log" >&2; exit 1; }

export NEO4J_URI="bolt://127.0.0.1:$port"
echo "Neo4j ready at $NEO4J_URI" >&2
"$@"
