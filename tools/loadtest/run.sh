#!/usr/bin/env bash
# Loopback load benchmark of the GraphQL API on both stores.
#
# For each store it imports the full official ESCO export and the demo dataset (so that
# credentials exist), serves it on 127.0.0.1 and runs four scenarios with the closed-loop load
# generator: { __typename } (the HTTP + GraphQL ceiling), a page of 50 roles with their
# essential requirements, one credential with its competencies, prerequisites and blocks, and
# a text search. It prints a Markdown table and exits non-zero if any request failed.
#
#   tools/loadtest/run.sh                     both stores
#   STORES=embedded tools/loadtest/run.sh     one store (embedded, neo4j, or neo4j-direct:
#                                             Neo4j without the catalogue copy in memory)
#
# Before measuring, it waits for Neo4j to go idle after the import (it keeps a core busy for
# several seconds) and primes every scenario once for PRIME (the JVM compiles the hot query
# paths only under load); then each scenario has its own WARMUP.
#
# Tunables (environment): CLIENTS (16), DURATION (10s), WARMUP (2s), PRIME (5s), ESCO_DATA (the directory
# of the official zips, default ../shared/data/esco-official next to the repository) and
# RESULTS (a file that keeps the JSON result lines). The Neo4j is its own, on a free port,
# never a shared one.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
stores="${STORES:-embedded neo4j}"
clients="${CLIENTS:-16}"
duration="${DURATION:-10s}"
warmup="${WARMUP:-2s}"
prime="${PRIME:-5s}"
esco_data="${ESCO_DATA:-$repo/../shared/data/esco-official}"

# The stores are chosen by flags only: an inherited NEO4J_URI would redirect the embedded run.
unset NEO4J_URI NEO4J_USER NEO4J_PASSWORD NEO4J_DATABASE SKILLGRAPH_DB SKILLGRAPH_ADDR

shopt -s nullglob
zips=("$esco_data"/*.zip)
shopt -u nullglob
if [ "${#zips[@]}" -eq 0 ]; then
  echo "no ESCO zips in $esco_data (set ESCO_DATA)" >&2
  exit 2
fi

work="$(mktemp -d -t skillgraph-loadtest-XXXXXX)"
server_pid=""
neo4j_pid=""

stop_pid() { # PID SECONDS: SIGTERM, then SIGKILL if it outlives the grace period
  local pid="$1" grace="$2"
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 $((grace * 10))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  stop_pid "$server_pid" 15
  stop_pid "$neo4j_pid" 60 # Neo4j deletes its temporary data directory on SIGTERM
  server_pid="" neo4j_pid=""
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port prints a loopback port nothing listens on.
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

start_neo4j() {
  local port log="$work/neo4j.log"
  port="$(free_port)"
  "$repo/tools/neo4j/neo4j.sh" build
  "$repo/tools/neo4j/neo4j.sh" run "$port" >"$log" 2>&1 &
  neo4j_pid=$!
  for _ in $(seq 1 180); do
    if grep -q '^BOLT READY' "$log"; then
      neo4j_uri="bolt://127.0.0.1:$port"
      echo "Neo4j ready at $neo4j_uri (pid $neo4j_pid)" >&2
      return 0
    fi
    if ! kill -0 "$neo4j_pid" 2>/dev/null; then
      echo "Neo4j failed to start:" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 1
  done
  echo "Neo4j did not report Bolt ready within 180 s" >&2
  return 1
}

# wait_idle PID: until the process uses under a tenth of a core for two seconds in a row, at
# most 90 s.
wait_idle() {
  local pid="$1" quiet=0 before after
  for _ in $(seq 1 90); do
    before="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
    sleep 1
    after="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
    if [ $((after - before)) -lt $(($(getconf CLK_TCK) / 10)) ]; then
      quiet=$((quiet + 1))
      [ "$quiet" -ge 2 ] && return 0
    else
      quiet=0
    fi
  done
  echo "the process $pid is still busy after 90 s; measuring anyway" >&2
}

start_server() { # STORE_FLAGS...
  local port
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  "$work/skillgraph" "$@" serve --no-demo --addr "127.0.0.1:$port" "${serve_flags[@]}" >"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "$base/readyz" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "the server failed to start:" >&2
      cat "$work/serve.log" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "the server was not ready within 60 s" >&2
  return 1
}

# A demo credential with prerequisites and blocks (seed/demo/demo.json).
credential_key="cred-modelisation-donnees"

scenario_names=(ceiling roles-50-essential credential-detail search)
scenario_queries=(
  '{ __typename }'
  'query { jobRoles(first: 50) { edges { node { title requirements(importance: ESSENTIAL) { edges { level node { name } } } } } } }'
  "query { credential(key: \"$credential_key\") { title certifies { edges { level node { name } } } prerequisites { edges { node { title } } } blocks { edges { node { title rule { kind } } } } } }"
  'query { search(query: "data analysis", first: 20) { edges { score node { __typename ... on Competency { name } ... on JobRole { title } } } } }'
)

results="$work/results.jsonl"
broken=0
: >"$results"
started=$SECONDS

echo "building..." >&2
(cd "$repo" && go build -o "$work/skillgraph" ./cmd/skillgraph && go build -o "$work/loadtest" ./tools/loadtest)

for store in $stores; do
  serve_flags=()
  case "$store" in
    embedded) store_flags=(--db "$work/embedded.db") ;;
    neo4j | neo4j-direct)
      start_neo4j
      store_flags=(--neo4j-uri "$neo4j_uri")
      [ "$store" = neo4j-direct ] && serve_flags=(--catalogue-cache=false)
      ;;
    *) echo "unknown store $store (embedded, neo4j or neo4j-direct)" >&2; exit 2 ;;
  esac

  echo "== $store: importing ESCO" >&2
  t0=$SECONDS
  "$work/skillgraph" "${store_flags[@]}" import esco "${zips[@]}" >&2
  echo "== $store: ESCO imported in $((SECONDS - t0)) s; importing the demo dataset" >&2
  "$work/skillgraph" "${store_flags[@]}" import demo >&2

  if [ "$store" != embedded ]; then
    wait_idle "$neo4j_pid"
  fi
  start_server "${store_flags[@]}"
  echo "== $store: priming every scenario for $prime" >&2
  for i in "${!scenario_names[@]}"; do
    "$work/loadtest" -url "$base/graphql" -name "${scenario_names[$i]}" -query "${scenario_queries[$i]}" \
      -c "$clients" -d "$prime" -warmup 0s >/dev/null 2>&1 || true
  done
  for i in "${!scenario_names[@]}"; do
    # Exit status 1 (requests failed) is reported by the table; 2 means no result at all.
    rc=0
    "$work/loadtest" -url "$base/graphql" -metrics "$base/metrics" -store "$store" \
      -name "${scenario_names[$i]}" -query "${scenario_queries[$i]}" \
      -c "$clients" -d "$duration" -warmup "$warmup" >>"$results" || rc=$?
    if [ "$rc" -ge 2 ]; then
      echo "$store ${scenario_names[$i]}: the load generator failed" >&2
      broken=1
    fi
  done
  stop_pid "$server_pid" 15
  server_pid=""
  if [ "$store" != embedded ]; then
    stop_pid "$neo4j_pid" 60
    neo4j_pid=""
  fi
done

if [ -n "${RESULTS:-}" ]; then
  cp "$results" "$RESULTS"
fi
echo
echo "$clients concurrent clients, $duration per scenario after a $warmup warm-up (and a $prime priming pass); whole run $((SECONDS - started)) s"
echo
status=0
"$work/loadtest" -table "$results" || status=$?
if [ "$broken" -ne 0 ] && [ "$status" -eq 0 ]; then
  status=1
fi
exit "$status"
