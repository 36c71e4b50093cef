#!/usr/bin/env bash
# A local three-node cluster: a throwaway PostgreSQL and Redis, and three chat servers on ports 3004, 3014 and 3024
# sharing them. Ctrl-C stops everything; the data lives in a temporary directory that is removed then.
#
#   examples/cluster.sh                 three nodes, Redis bus
#   BUS=postgres examples/cluster.sh    the LISTEN/NOTIFY bus instead (no Redis needed)
#   NODES=5 examples/cluster.sh         more nodes (ports 3004, 3014, 3024, ...)
#
# Needs PostgreSQL's server binaries and redis-server (Debian: apt-get install postgresql redis-server), and the jar
# (built here if missing). Point clients at any node, e.g. the web chat with --ws-url ws://localhost:3014, or
# chat-cli --url ws://localhost:3024.
set -euo pipefail
cd "$(dirname "$0")/.."
source examples/backends.sh

NODES=${NODES:-3}
BUS=${BUS:-redis}
JAR=chat-server/target/chat-server.jar
[ -f "$JAR" ] || mvn -B -ntp -q package -DskipTests -pl chat-server -am

work=$(mktemp -d /tmp/chat-cluster-XXXXXX)
nodes=()
cleanup() {
  for pid in "${nodes[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Not a bare `wait`: it would wait for Redis too.
  [ ${#nodes[@]} -eq 0 ] || wait "${nodes[@]}" 2>/dev/null || true
  backends_stop
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
backends_init "$work"

start_postgres
echo "PostgreSQL on 127.0.0.1:$PG_PORT"
bus_args=(--bus postgres)
if [ "$BUS" = redis ]; then
  start_redis
  bus_args=(--bus redis --redis-url "$REDIS_URL")
  echo "Redis on 127.0.0.1:$REDIS_PORT"
fi

for i in $(seq 0 $((NODES - 1))); do
  java -jar "$JAR" --port "$((3004 + 10 * i))" --admin-port "$((3005 + 10 * i))" --api-port "$((3006 + 10 * i))" --store postgres --database-url "$DATABASE_URL" "${bus_args[@]}" \
    --node-id "node-$i" >"$work/node-$i.log" 2>&1 &
  nodes+=($!)
done
for i in $(seq 0 $((NODES - 1))); do
  for _ in $(seq 1 600); do
    grep -q 'listening on' "$work/node-$i.log" 2>/dev/null && break
    if ! kill -0 "${nodes[$i]}" 2>/dev/null; then
      echo "node-$i did not start:" >&2
      cat "$work/node-$i.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "node-$i on ws://localhost:$((3004 + 10 * i)), admin http://localhost:$((3005 + 10 * i)) (log: $work/node-$i.log)"
done
echo "Ctrl-C stops the cluster."
wait "${nodes[@]}"
