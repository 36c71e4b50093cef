#!/usr/bin/env bash
# What cluster mode costs and how fast it fails over, side by side in one run (the machine is shared and noisy:
# compare ratios within a round).
#
#   bench/cluster.sh                                  everything, 3 rounds
#   ROUNDS=1 USERS=50 TURNS=5 FAILOVERS=1 bench/cluster.sh    a quick check that it all works
#
# Settings, from the environment:
#   ROUNDS=3                  rounds of the pace comparison
#   USERS=200 TURNS=20 WARMUP=5   chat-cli bench: conversations at once, measured turns and warm-up turns each
#   CHUNK_DELAY=20ms          the offline model's pace between words: a model's pace, not the server's own limit
#   FAILOVERS=3               kill -9 measurements
#   LEASE=10s                 --turn-lease of the failover nodes (the default)
#   BENCH_REF=../shared/bench where `ws` comes from for the failover client (copied and `npm install`ed)
#
# Each round, at a model's pace, one node at a time on a fresh database (PostgreSQL with fsync on, the default):
#   sqlite      one node on SQLite
#   postgres    one node on PostgreSQL with the Redis bus; also counts PostgreSQL commits (pg_stat_database) and
#               Redis PUBLISHes (INFO commandstats) per turn
#   notify      one node on PostgreSQL with --bus postgres (LISTEN/NOTIFY); also counts commits per turn
# then, FAILOVERS times, three nodes on the Redis bus: a client on node 0 sends a message, node 0 is killed with
# SIGKILL at the reply's first delta, and a client on node 1 times how long until another node's answer starts and is
# stored.
set -euo pipefail
cd "$(dirname "$0")/.."
source examples/backends.sh

ROUNDS=${ROUNDS:-3}
USERS=${USERS:-200}
TURNS=${TURNS:-20}
WARMUP=${WARMUP:-5}
CHUNK_DELAY=${CHUNK_DELAY:-20ms}
FAILOVERS=${FAILOVERS:-3}
LEASE=${LEASE:-10s}
BENCH_REF=${BENCH_REF:-../shared/bench}
SERVER_JAR=chat-server/target/chat-server.jar
CLI_JAR=chat-cli/target/chat-cli.jar
[ -f "$SERVER_JAR" ] && [ -f "$CLI_JAR" ] || mvn -B -ntp -q package -DskipTests

work=$(mktemp -d /tmp/chat-bench-cluster-XXXXXX)
nodes=()
stop_nodes() {
  # Not a bare `wait`: it would wait for Redis too.
  [ ${#nodes[@]} -gt 0 ] || return 0
  for pid in "${nodes[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${nodes[@]}" 2>/dev/null || true
  nodes=()
}
trap 'stop_nodes; backends_stop; rm -rf "$work"' EXIT
backends_init "$work"
start_postgres
start_redis
psql_at() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atq -d "$1" -c "$2"; }
unlimited=(--offline-chunk-delay "$CHUNK_DELAY" --messages-per-second 1000000 --message-burst 1000000
  --frames-per-second 1000000 --max-connections 20000 --max-connections-per-user 20000)

start_node() { # NAME ARGS... -> sets PORT; the node's pid is appended to nodes
  local name=$1 log="$work/$1.log"
  shift
  java -jar "$SERVER_JAR" --host 127.0.0.1 --port 0 --admin-port 0 "$@" >"$log" 2>&1 &
  nodes+=($!)
  PORT=""
  for _ in $(seq 1 600); do
    PORT=$(grep -o 'listening on ws://127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    [ -n "$PORT" ] && return 0
    sleep 0.1
  done
  echo "$name did not start:" >&2
  cat "$log" >&2
  exit 1
}

turns_per_second() { # PORT -> the bench's turns/s
  java -jar "$CLI_JAR" bench --url "ws://127.0.0.1:$1" --users "$USERS" --warmup-turns "$WARMUP" --turns "$TURNS" \
    --json | grep -o '"turnsPerSecond":[0-9.]*' | cut -d: -f2
}

commits() { psql_at postgres "SELECT xact_commit FROM pg_stat_database WHERE datname = '$1'"; }
publishes() { redis-cli -p "$REDIS_PORT" info commandstats | grep -o 'cmdstat_publish:calls=[0-9]*' | cut -d= -f2 || echo 0; }
turns_run=$((USERS * (TURNS + WARMUP)))

run_round() { # ROUND
  local round=$1 db
  start_node "sqlite-$round" --store sqlite --data-dir "$work/sqlite-$round" "${unlimited[@]}"
  echo "$(turns_per_second "$PORT")" >>"$work/sqlite"
  stop_nodes

  for bus in redis postgres; do
    db="bench_${bus}_$round"
    psql_at postgres "CREATE DATABASE $db"
    local url="jdbc:postgresql://127.0.0.1:$PG_PORT/$db?user=postgres" bus_args=(--bus postgres)
    [ "$bus" = redis ] && bus_args=(--bus redis --redis-url "$REDIS_URL")
    start_node "$bus-$round" --store postgres --database-url "$url" "${bus_args[@]}" "${unlimited[@]}"
    sleep 1 # the statistics of the start (migration) settle
    local c0 p0 tps
    c0=$(commits "$db"); p0=$(publishes)
    tps=$(turns_per_second "$PORT")
    sleep 2 # PostgreSQL flushes its statistics every second
    echo "$tps" >>"$work/$bus"
    awk -v c="$(( $(commits "$db") - c0 ))" -v t="$turns_run" 'BEGIN {printf "%.2f\n", c / t}' >>"$work/$bus-commits"
    awk -v p="$(( $(publishes) - p0 ))" -v t="$turns_run" 'BEGIN {printf "%.2f\n", p / t}' >>"$work/$bus-publishes"
    stop_nodes
  done
  echo "round $round: sqlite $(tail -1 "$work/sqlite"), postgres+redis $(tail -1 "$work/redis"), postgres+notify $(tail -1 "$work/postgres") turns/s" >&2
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { paste "$work/$1" "$work/$2" | awk '{printf "%.3f\n", $1 / $2}'; }

: >"$work/sqlite"; : >"$work/redis"; : >"$work/postgres"
for round in $(seq 1 "$ROUNDS"); do
  run_round "$round"
done

# Failover: three nodes on the Redis bus, one database per measurement.
ref="$work/ref"
cp -r "$BENCH_REF" "$ref"
(cd "$ref" && timeout 600 npm install --silent >/dev/null 2>&1) || { echo "npm install in $ref failed" >&2; exit 1; }
: >"$work/failover"
for f in $(seq 1 "$FAILOVERS"); do
  db="bench_failover_$f"
  psql_at postgres "CREATE DATABASE $db"
  url="jdbc:postgresql://127.0.0.1:$PG_PORT/$db?user=postgres"
  ports=()
  for i in 0 1 2; do
    start_node "failover-$f-$i" --store postgres --database-url "$url" --bus redis --redis-url "$REDIS_URL" \
      --node-id "node-$i" --turn-lease "$LEASE" --offline-chunk-delay "$CHUNK_DELAY"
    ports+=("$PORT")
  done
  result=$(NODE_PATH="$ref/node_modules" node bench/failover.js "ws://127.0.0.1:${ports[0]}" \
    "ws://127.0.0.1:${ports[1]}" "${nodes[0]}" "failover-$f")
  echo "failover $f: $result (lease $LEASE)" >&2
  echo "$result" >>"$work/failover"
  stop_nodes
done

echo
echo "machine: cores $(nproc), $(java -version 2>&1 | head -1), $(psql --version), $(redis-server --version | cut -d' ' -f1-3)"
echo "pace: $USERS conversations x $TURNS turns (after $WARMUP), offline model at $CHUNK_DELAY a word, $ROUNDS rounds"
echo "turns/s, median: sqlite $(median <"$work/sqlite"), postgres+redis $(median <"$work/redis"), postgres+notify $(median <"$work/postgres")"
echo "postgres+redis / sqlite, per round: $(ratio redis sqlite | tr '\n' ' ')  median $(ratio redis sqlite | median)"
echo "postgres+notify / postgres+redis, per round: $(ratio postgres redis | tr '\n' ' ')  median $(ratio postgres redis | median)"
echo "per turn (warm-up and joins included), median: postgres+redis $(median <"$work/redis-commits") commits and $(median <"$work/redis-publishes") Redis PUBLISHes; postgres+notify $(median <"$work/postgres-commits") commits"
echo "failover after kill -9 (lease $LEASE), seconds from the kill: another node's answer starts / is stored:"
sed 's/^/  /' "$work/failover"
