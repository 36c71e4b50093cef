#!/usr/bin/env bash
# Turns per second of the packaged server with --store memory and with --store sqlite, on the same load.
#
#   bench/run.sh [rounds] [users] [turns-per-user] [warm-up-turns-per-user]      (defaults: 3 50 600 400)
#   CHUNK_DELAY=20ms bench/run.sh ...   the offline model streams at a model's pace (default 0: no delay)
#
# Each round starts a fresh server per store (alternating, so slow phases of the machine hit both alike) and runs
# `chat-cli bench` against it from a second process: every user first holds its warm-up turns, then, once all are
# warm, the measured ones. The offline builder streams with no delay, so the server's own work is measured, not a
# model. The per-connection rate limits, made for people typing, are lifted: each simulated user sends its next
# message as soon as the last one is answered. Prints every run, the medians and their ratio.
#
# The warm-up matters, on both sides: on 2 cores, the JIT compilers of a cold server and of a cold load generator
# take a third of the CPU, so short or cold runs measure the compilers, not the server.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-3}
USERS=${2:-50}
TURNS=${3:-600}
WARMUP=${4:-400}
CHUNK_DELAY=${CHUNK_DELAY:-0}
SERVER_JAR=chat-server/target/chat-server.jar
CLI_JAR=chat-cli/target/chat-cli.jar

if [ ! -f "$SERVER_JAR" ] || [ ! -f "$CLI_JAR" ]; then
  mvn -B -ntp -q package -DskipTests
fi

work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
server=""

run_one() { # store -> prints turns/s
  local store=$1 dir="$work/data-$RANDOM" log="$work/server.log" port=""
  CHAT_API_PORT=0 java -jar "$SERVER_JAR" --host 127.0.0.1 --port 0 --admin-port 0 --store "$store" --data-dir "$dir" \
       --offline-chunk-delay "$CHUNK_DELAY" --messages-per-second 1000000 --message-burst 1000000 --frames-per-second 1000000 \
       2>"$log" &
  server=$!
  for _ in $(seq 1 300); do
    port=$(grep -o 'listening on ws://127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$log" >&2; exit 1; }
  local result
  result=$(java -jar "$CLI_JAR" bench --url "ws://127.0.0.1:$port" --users "$USERS" --warmup-turns "$WARMUP" \
      --turns "$TURNS" --json)
  kill -TERM "$server"; wait "$server" || true; server=""
  echo "$store $result" >&2
  echo "$result" | grep -o '"turnsPerSecond":[0-9.]*' | cut -d: -f2
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: >"$work/memory"; : >"$work/sqlite"
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS" >&2
  run_one memory >>"$work/memory"
  run_one sqlite >>"$work/sqlite"
done

memory=$(median <"$work/memory")
sqlite=$(median <"$work/sqlite")
echo "users=$USERS turns/user=$TURNS warm-up turns/user=$WARMUP rounds=$ROUNDS chunk-delay=$CHUNK_DELAY cores=$(nproc)"
echo "memory: median $memory turns/s"
echo "sqlite: median $sqlite turns/s"
awk -v s="$sqlite" -v m="$memory" 'BEGIN {printf "sqlite/memory (ratio of the medians): %.2f\n", s / m}'
# The machine's speed drifts between rounds; the ratio within each round (memory and sqlite run back to back) is
# steadier than the ratio of two medians.
ratios=$(paste "$work/memory" "$work/sqlite" | awk '{printf "%.3f\n", $2 / $1}')
echo "sqlite/memory per round: $(echo $ratios)"
echo "sqlite/memory (median of the rounds' ratios): $(echo "$ratios" | median)"
