#!/usr/bin/env bash
# Where a fresh node's storms spend its core: one packaged chat server on core 0 (with its default warm-up, or the
# flags given), STORMS storms of STORM_SIZE new threads one after the other from storm.js on core 1, and for each the
# seconds until all were ready, the server's CPU seconds over it, and those of its JIT compiler threads (from /proc).
#
#   bench/storm-cpu.sh                                  6 storms of 10,000
#   STORMS=3 STORM_SIZE=5000 bench/storm-cpu.sh --warmup 0
#   JVM_ARGS="-XX:CompileThresholdScaling=0.2" bench/storm-cpu.sh
#
# BENCH_REF (default ../shared/bench, relative to the repository's root) is copied to a temporary directory and
# `npm install`ed there. Linux only (taskset, /proc).
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
STORMS=${STORMS:-6}
STORM_SIZE=${STORM_SIZE:-10000}
BENCH_REF=${BENCH_REF:-../shared/bench}
JVM_ARGS=${JVM_ARGS:-}
SERVER_JAR=chat-server/target/chat-server.jar
[ -f "$SERVER_JAR" ] || mvn -B -ntp -q package -DskipTests

work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cp -r "$BENCH_REF" "$work/ref"
chmod -R u+w "$work/ref"
(cd "$work/ref" && timeout 600 npm install --silent)

# shellcheck disable=SC2086
taskset -c 0 java $JVM_ARGS -jar "$SERVER_JAR" --host 127.0.0.1 --port 0 --admin-port 0 --api-port 0 \
  --data-dir "$work/data" --offline-chunk-delay 0ms --messages-per-second 100000 --message-burst 100000 \
  --frames-per-second 100000 --max-connections 20000 --max-connections-per-user 20000 "$@" >"$work/server.log" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 1200); do
  port=$(grep -o 'listening on ws://127.0.0.1:[0-9]*' "$work/server.log" | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { echo "storm-cpu: the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
grep -o 'warmed up in .*' "$work/server.log" || true

# user and system CPU seconds of the server's threads, in total and of its JIT compiler threads
cpu() {
  python3 - "$pid" <<'PY'
import os, sys
pid, hz = sys.argv[1], os.sysconf("SC_CLK_TCK")
total = jit = 0
for t in os.listdir(f"/proc/{pid}/task"):
    try:
        stat = open(f"/proc/{pid}/task/{t}/stat").read()
    except OSError:
        continue
    name = stat[stat.index("(") + 1:stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2:].split()
    ticks = int(fields[11]) + int(fields[12])
    total += ticks
    if "CompilerThre" in name:
        jit += ticks
print(total / hz, jit / hz)
PY
}

printf '%-6s %-22s %-16s %s\n' storm "seconds to all ready" "server CPU (s)" "of it, JIT (s)"
for k in $(seq 1 "$STORMS"); do
  read -r t0 j0 < <(cpu)
  line=$(taskset -c 1 env STORM_PREFIX="s$k" node "$work/ref/storm.js" "ws://127.0.0.1:$port/" "$STORM_SIZE" 200)
  read -r t1 j1 < <(cpu)
  secs=$(printf '%s' "$line" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("secs", "n/a") if d.get("failed", 0) == 0 else "failed")')
  printf '%-6s %-22s %-16.2f %.2f\n' "$k" "$secs" "$(awk "BEGIN{print $t1 - $t0}")" "$(awk "BEGIN{print $j1 - $j0}")"
  sleep 1
done
