#!/usr/bin/env bash
# Side-by-side benchmark of skillgraph and @neo4j/graphql on the same Neo4j (see README.md).
#
#   tools/peerbench/run.sh                          3 rounds, 8 connections, 10 s per query
#   ROUNDS=1 DURATION=3s tools/peerbench/run.sh     a quick run
#
# Environment: ROUNDS, CLIENTS, DURATION, WARMUP, PRIME, ESCO_DATA, RESULTS, QUERIES,
# PEER_NEO4J_URI (flags of the same meaning follow the command).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec go run ./tools/peerbench "$@"
