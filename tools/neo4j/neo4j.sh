#!/usr/bin/env bash
# Builds and runs the embedded Neo4j Community launcher (Bolt on 127.0.0.1, auth off).
#
#   neo4j.sh build          resolve the jars from Maven Central and compile the launcher
#   neo4j.sh run [PORT]     run in the foreground; prints "BOLT READY bolt://127.0.0.1:PORT"
#   neo4j.sh start [PORT]   run in the background, wait until Bolt is ready, print the URI
#   neo4j.sh stop           stop the background instance (SIGTERM: a clean shutdown)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/target"
port="${2:-${NEO4J_PORT:-7687}}"

build() {
  if [ ! -f "$target/classpath.txt" ] || [ "$here/pom.xml" -nt "$target/classpath.txt" ] ||
     [ "$here/src/main/java/skillgraph/neo4j/Launcher.java" -nt "$target/classpath.txt" ]; then
    echo "building the Neo4j launcher (first run downloads Neo4j from Maven Central)..." >&2
    mvn -B -q -f "$here/pom.xml" package -DskipTests >&2
  fi
}

run() {
  build
  exec java -Xms512m -Xmx512m -XX:+UseG1GC \
    --add-opens=java.base/java.nio=ALL-UNNAMED \
    --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens=java.base/java.lang=ALL-UNNAMED \
    -Dio.netty.tryReflectionSetAccessible=true \
    -cp "$target/classes:$(cat "$target/classpath.txt")" skillgraph.neo4j.Launcher "$port"
}

case "${1:-}" in
  build) build ;;
  run) run ;;
  start)
    if [ -f "$target/neo4j.pid" ] && kill -0 "$(cat "$target/neo4j.pid")" 2>/dev/null; then
      echo "Neo4j is already running (pid $(cat "$target/neo4j.pid")); see $target/neo4j.log" >&2
      grep -o 'bolt://[0-9.:]*' "$target/neo4j.log" | tail -1
      exit 0
    fi
    build
    mkdir -p "$target"
    : > "$target/neo4j.log"
    "$0" run "$port" > "$target/neo4j.log" 2>&1 &
    echo $! > "$target/neo4j.pid"
    for _ in $(seq 1 180); do
      if grep -q '^BOLT READY' "$target/neo4j.log"; then
        grep -o 'bolt://[0-9.:]*' "$target/neo4j.log" | tail -1
        exit 0
      fi
      if ! kill -0 "$(cat "$target/neo4j.pid")" 2>/dev/null; then
        echo "Neo4j failed to start; its log:" >&2
        cat "$target/neo4j.log" >&2
        exit 1
      fi
      sleep 1
    done
    echo "Neo4j did not report Bolt ready within 180 s; see $target/neo4j.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$target/neo4j.pid" ]; then
      pid="$(cat "$target/neo4j.pid")"
      if kill "$pid" 2>/dev/null; then
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        echo "Neo4j stopped" >&2
      fi
      rm -f "$target/neo4j.pid"
    fi
    ;;
  *) echo "usage: $0 build|run [PORT]|start [PORT]|stop" >&2; exit 2 ;;
esac
