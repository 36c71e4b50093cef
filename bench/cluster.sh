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
#   BASELINE_JARS=DIR         also measure DIR's chat-server.jar, driven by DIR's chat-cli.jar (an older commit's,
#                             from bench/baseline.sh): see below
#
# Each round, at a model's pace, one node at a time on a fresh database (PostgreSQL with fsync on, the default):
#   sqlite      one node on SQLite
#   postgres    one node on PostgreSQL with the Redis bus; also counts PostgreSQL commits (pg_stat_database) and
#               Redis PUBLISHes (INFO commandstats) per turn
#   notify      one node on PostgreSQL with --bus postgres (LISTEN/NOTIFY); also counts commits per turn
# then, FAILOVERS times, three nodes on the Redis bus: a client on node 0 sends a message, node 0 is killed with
# SIGKILL at the reply's first delta, and a client on node 1 times how long until another node's answer starts and is
# stored.
#
# With BASELINE_JARS, every measurement (each of a round's three nodes, each failover) runs twice back to back, on a
# fresh database each: with this worktree's jars (java) and with DIR's (baseline), java first in odd rounds and
# failovers, baseline first in even ones. Each server is driven by the chat-cli of its own build. The summary then also
# has the baseline's figures and the ratios java/baseline (after/before) of turns per second, per round and their
# median.
set -euo pipefail
if [ -n "${BASELINE_JARS:-}" ]; then # relative to where the script was started, not to the repository's root
  jars=$(cd "$BASELINE_JARS" 2>/dev/null && pwd) || { echo "cluster: BASELINE_JARS=$BASELINE_JARS is no directory" >&2; exit 1; }
  BASELINE_JARS=$jars
fi
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
BASELINE_JARS=${BASELINE_JARS:-}
[ -f "$SERVER_JAR" ] && [ -f "$CLI_JAR" ] || mvn -B -ntp -q package -DskipTests
if [ -n "$BASELINE_JARS" ] && { [ ! -f "$BASELINE_JARS/chat-server.jar" ] || [ ! -f "$BASELINE_JARS/chat-cli.jar" ]; }; then
  echo "cluster: no chat-server.jar and chat-cli.jar in BASELINE_JARS=$BASELINE_JARS (bench/baseline.sh REF builds them)" >&2
  exit 1
fi
servers="java${BASELINE_JARS:+ baseline}"
# the order of the servers in the Nth round or failover: java first in odd ones, baseline first in even ones
order() { if [ $(($1 % 2)) = 1 ]; then echo "$servers"; else echo "${BASELINE_JARS:+baseline }java"; fi; }
# java is the build of this worktree, baseline the one in BASELINE_JARS
server_jar() { if [ "$1" = baseline ]; then echo "$BASELINE_JARS/chat-server.jar"; else echo "$SERVER_JAR"; fi; }
cli_jar() { if [ "$1" = baseline ]; then echo "$BASELINE_JARS/chat-cli.jar"; else echo "$CLI_JAR"; fi; }
# what the baseline's results, nodes and databases are named with: java's keep the names they had before baselines
tag() { [ "$1" = java ] || echo "$1-"; }

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

start_node() { # java|baseline NAME ARGS... -> sets PORT; the node's pid is appended to nodes
  local jar name=$2 log="$work/$2.log"
  jar=$(server_jar "$1")
  shift 2
  # The API's port from the environment, which a baseline jar without an API ignores.
  CHAT_API_PORT=0 java -jar "$jar" --host 127.0.0.1 --port 0 --admin-port 0 "$@" >"$log" 2>&1 &
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

turns_per_second() { # java|baseline PORT -> the bench's turns/s
  java -jar "$(cli_jar "$1")" bench --url "ws://127.0.0.1:$2" --users "$USERS" --warmup-turns "$WARMUP" --turns "$TURNS" \
    --json | grep -o '"turnsPerSecond":[0-9.]*' | cut -d: -f2
}

commits() { psql_at postgres "SELECT xact_commit FROM pg_stat_database WHERE datname = '$1'"; }
publishes() { redis-cli -p "$REDIS_PORT" info commandstats | grep -o 'cmdstat_publish:calls=[0-9]*' | cut -d= -f2 || echo 0; }
turns_run=$((USERS * (TURNS + WARMUP)))

# one node on a fresh database: sqlite; redis, PostgreSQL with the Redis bus; postgres, PostgreSQL with LISTEN/NOTIFY
measure() { # ROUND sqlite|redis|postgres java|baseline
  local round=$1 mode=$2 which=$3 res="$work/$(tag "$3")$2" db
  if [ "$mode" = sqlite ]; then
    start_node "$which" "$(tag "$which")sqlite-$round" --store sqlite --data-dir "$work/$(tag "$which")sqlite-$round" "${unlimited[@]}"
    echo "$(turns_per_second "$which" "$PORT")" >>"$res"
    stop_nodes
    return 0
  fi
  db="bench_${mode}_$round"
  [ "$which" = java ] || db+="_$which"
  psql_at postgres "CREATE DATABASE $db"
  local url="jdbc:postgresql://127.0.0.1:$PG_PORT/$db?user=postgres" bus_args=(--bus postgres)
  [ "$mode" = redis ] && bus_args=(--bus redis --redis-url "$REDIS_URL")
  start_node "$which" "$(tag "$which")$mode-$round" --store postgres --database-url "$url" "${bus_args[@]}" "${unlimited[@]}"
  sleep 1 # the statistics of the start (migration) settle
  local c0 p0 tps
  c0=$(commits "$db"); p0=$(publishes)
  tps=$(turns_per_second "$which" "$PORT")
  sleep 2 # PostgreSQL flushes its statistics every second
  echo "$tps" >>"$res"
  awk -v c="$(( $(commits "$db") - c0 ))" -v t="$turns_run" 'BEGIN {printf "%.2f\n", c / t}' >>"$res-commits"
  awk -v p="$(( $(publishes) - p0 ))" -v t="$turns_run" 'BEGIN {printf "%.2f\n", p / t}' >>"$res-publishes"
  stop_nodes
}

# The modes are measured in turn; with a baseline, java and baseline back to back in each.
run_round() { # ROUND
  local round=$1 mode which t
  for mode in sqlite redis postgres; do
    for which in $(order "$round"); do measure "$round" "$mode" "$which"; done
  done
  for which in $servers; do
    t=$(tag "$which")
    echo "round $round: ${t:+$which: }sqlite $(tail -1 "$work/${t}sqlite"), postgres+redis $(tail -1 "$work/${t}redis"), postgres+notify $(tail -1 "$work/${t}postgres") turns/s" >&2
  done
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { paste "$work/$1" "$work/$2" | awk '{printf "%.3f\n", $1 / $2}'; }
# a mode's name in the summary
label() { case $1 in sqlite) echo sqlite ;; redis) echo postgres+redis ;; postgres) echo postgres+notify ;; esac; }

for which in $servers; do
  t=$(tag "$which")
  : >"$work/${t}sqlite"; : >"$work/${t}redis"; : >"$work/${t}postgres"
done
for round in $(seq 1 "$ROUNDS"); do
  run_round "$round"
done

# Failover: three nodes on the Redis bus, one database per measurement.
ref="$work/ref"
cp -r "$BENCH_REF" "$ref"
(cd "$ref" && timeout 600 npm install --silent >/dev/null 2>&1) || { echo "npm install in $ref failed" >&2; exit 1; }
failover() { # N java|baseline: three nodes on the Redis bus, one database
  local f=$1 which=$2 t db url ports=() i result
  t=$(tag "$which") # before the kill: a command substitution after it has bash report the killed node ("Killed")
  db="bench_failover_$f"
  [ "$which" = java ] || db+="_$which"
  psql_at postgres "CREATE DATABASE $db"
  url="jdbc:postgresql://127.0.0.1:$PG_PORT/$db?user=postgres"
  for i in 0 1 2; do
    start_node "$which" "${t}failover-$f-$i" --store postgres --database-url "$url" --bus redis --redis-url "$REDIS_URL" \
      --node-id "node-$i" --turn-lease "$LEASE" --offline-chunk-delay "$CHUNK_DELAY"
    ports+=("$PORT")
  done
  result=$(NODE_PATH="$ref/node_modules" node bench/failover.js "ws://127.0.0.1:${ports[0]}" \
    "ws://127.0.0.1:${ports[1]}" "${nodes[0]}" "failover-$f")
  echo "${t}failover $f: $result (lease $LEASE)" >&2
  echo "$result" >>"$work/${t}failover"
  stop_nodes
}
for which in $servers; do : >"$work/$(tag "$which")failover"; done
for f in $(seq 1 "$FAILOVERS"); do
  for which in $(order "$f"); do failover "$f" "$which"; done
done

echo
echo "machine: cores $(nproc), $(java -version 2>&1 | head -1), $(psql --version), $(redis-server --version | cut -d' ' -f1-3)"
echo "pace: $USERS conversations x $TURNS turns (after $WARMUP), offline model at $CHUNK_DELAY a word, $ROUNDS rounds"
[ -z "$BASELINE_JARS" ] || echo "baseline: $BASELINE_JARS$([ ! -f "$BASELINE_JARS/COMMIT" ] || echo ": $(cat "$BASELINE_JARS/COMMIT")")"
echo "turns/s, median: sqlite $(median <"$work/sqlite"), postgres+redis $(median <"$work/redis"), postgres+notify $(median <"$work/postgres")"
if [ -n "$BASELINE_JARS" ]; then
  echo "  baseline: sqlite $(median <"$work/baseline-sqlite"), postgres+redis $(median <"$work/baseline-redis"), postgres+notify $(median <"$work/baseline-postgres")"
  for mode in sqlite redis postgres; do
    echo "  java/baseline (after/before), $(label "$mode"), per round: $(ratio "$mode" "baseline-$mode" | tr '\n' ' ')  median $(ratio "$mode" "baseline-$mode" | median)"
  done
fi
echo "postgres+redis / sqlite, per round: $(ratio redis sqlite | tr '\n' ' ')  median $(ratio redis sqlite | median)"
echo "postgres+notify / postgres+redis, per round: $(ratio postgres redis | tr '\n' ' ')  median $(ratio postgres redis | median)"
echo "per turn (warm-up and joins included), median: postgres+redis $(median <"$work/redis-commits") commits and $(median <"$work/redis-publishes") Redis PUBLISHes; postgres+notify $(median <"$work/postgres-commits") commits"
[ -z "$BASELINE_JARS" ] || echo "  baseline: postgres+redis $(median <"$work/baseline-redis-commits") commits and $(median <"$work/baseline-redis-publishes") Redis PUBLISHes; postgres+notify $(median <"$work/baseline-postgres-commits") commits"
echo "failover after kill -9 (lease $LEASE), seconds from the kill: another node's answer starts / is stored:"
sed 's/^/  /' "$work/failover"
[ -z "$BASELINE_JARS" ] || sed 's/^/  baseline: /' "$work/baseline-failover"
