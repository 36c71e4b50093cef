#!/usr/bin/env bash
# The packaged chat server side by side with the Node.js reference server of the same protocol (node-peer.js: protocol
# v1 on Node's `ws`, in memory), in one run, on the same loads, from the same Node.js load generators.
#
#   bench/vs-node.sh                                                               the full run (takes a while)
#   ROUNDS=1 STORM_SIZES="1000" LOAD_CONNS=20 LOAD_TURNS=20 bench/vs-node.sh      a quick check that it all works
#
# Settings, from the environment:
#   ROUNDS=3                              repetitions of everything
#   STORM_SIZES="1000 5000 10000 15000"   connections per storm
#   LOAD_CONNS=100 LOAD_TURNS=200         the measured load: connections, turns per connection
#   WARMUP_RUNS=3                         warm-up loads before it on the same server, each of its shape, on new threads
#   STORE=sqlite                          the chat server's store: sqlite (a fresh data dir per server) or memory
#   BENCH_REF=../shared/bench             the reference (node-peer.js, storm.js, loadgen.js), relative to the repo
#                                         root; it is copied to a temporary directory and `npm install`ed there
#   CLIENT_TIMEOUT=150                    seconds a storm or a load may take before it is killed (a hung server)
#   STOP_TIMEOUT=30                       seconds a server may take to exit after SIGTERM before it is killed
#   SERVER_ARGS=""                        further flags for the chat server, e.g. "--backlog 4096"
#   JVM_ARGS=""                           flags for its JVM, e.g. "-XX:TieredStopAtLevel=1"
#   PIN_LOAD=0                            1: during the load, each server runs on core 0 (taskset) and the load
#                                         generator on core 1, so that neither server can take the generator's core
#   PIN=0                                 1: the same for the storms too (implies PIN_LOAD=1): every server on core 0,
#                                         every client on core 1
#   NODE_DURABLE=0                        1: node-peer runs durable (NODE_PEER_LOG: every stored event fdatasync'd in
#                                         group commits before its ack), the fair reference for a durable store
#   KEEP_WORK=1                           keep the temporary directory (server logs, data dirs) and print its path
#   BASELINE_JARS=DIR                     also measure the chat-server.jar in DIR (an older commit's, from
#                                         bench/baseline.sh): see below
#   BASELINE_ARGS=""                      further flags for the baseline only; without BASELINE_JARS, the baseline is
#                                         this worktree's jar with them (e.g. BASELINE_ARGS="--warmup 0": what the
#                                         warm-up buys)
#
# Each round measures, for every size in STORM_SIZES, then the load:
#   storm new        `storm.js URL N 200` on a fresh server: N connections to N new threads, 256 in flight, the
#                    seconds until every one got `ready`.
#   storm new warm   a second storm of N new threads on the same server, right after the first: the same load on a
#                    JVM that has compiled its connect path (on two cores a fresh JVM's JIT takes much of the first).
#   storm reconnect  the first N threads again (STORM_PREFIX). The chat server is first stopped (SIGTERM, waited for)
#                    and a new one started on the same data dir, so its reconnects load the threads from the store
#                    into a cold JVM. node-peer keeps threads in memory only, so its storm runs twice against the same
#                    process: its reconnects are to threads it still holds in memory.
#   load             `loadgen.js URL LOAD_CONNS LOAD_TURNS` on a fresh server, after WARMUP_RUNS warm-up loads of the
#                    same shape on that server (each on threads of its own) so that the JIT has compiled what the
#                    measured load runs: turns/s, frames/s, ack and turn latency p50/p99 (ms). node-peer's replies are
#                    shorter (about 18 frames a turn against about 50): compare frames/s, not turns/s.
# The two servers alternate (the machine is shared and noisy), and which one goes first flips every round. The chat
# server runs with the offline model's pacing off and its per-connection limits, made for people typing, lifted.
#
# With BASELINE_JARS, the baseline (the chat server of DIR/chat-server.jar, with the same flags and store) runs every
# measurement the chat server runs, in the same round: node, java, baseline in odd rounds, the reverse in even ones.
# The summary then also has the baseline's median and the ratios java/baseline (after/before), per round and their
# median.
#
# Every raw JSON line goes to stderr as it comes; stdout gets the summary: per metric and server the median over the
# rounds, and the median of the per-round ratios java/node (a ratio within a round is steadier than two medians).
# A storm that timed out or had a failed connection, or a load that timed out, counts as no result for its round
# (n/a), and is reported as such on stderr, with the server's log when the server misbehaved.
set -euo pipefail
if [ -n "${BASELINE_JARS:-}" ]; then # relative to where the script was started, not to the repository's root
  jars=$(cd "$BASELINE_JARS" 2>/dev/null && pwd) || { echo "vs-node: BASELINE_JARS=$BASELINE_JARS is no directory" >&2; exit 1; }
  BASELINE_JARS=$jars
fi
cd "$(dirname "$0")/.."
# a storm of 15000 needs as many descriptors in the client, and as many in the server
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

ROUNDS=${ROUNDS:-3}
STORM_SIZES=${STORM_SIZES:-"1000 5000 10000 15000"}
LOAD_CONNS=${LOAD_CONNS:-100}
LOAD_TURNS=${LOAD_TURNS:-200}
WARMUP_RUNS=${WARMUP_RUNS:-3}
STORE=${STORE:-sqlite}
BENCH_REF=${BENCH_REF:-../shared/bench}
CLIENT_TIMEOUT=${CLIENT_TIMEOUT:-150}
STOP_TIMEOUT=${STOP_TIMEOUT:-30}
SERVER_ARGS=${SERVER_ARGS:-}
STORM_HOLD_MS=200
SERVER_JAR=chat-server/target/chat-server.jar
BASELINE_JARS=${BASELINE_JARS:-}
BASELINE_ARGS=${BASELINE_ARGS:-}
read -ra baseline_args <<<"$BASELINE_ARGS"
HAS_BASELINE=""
[ -z "$BASELINE_JARS" ] && [ -z "$BASELINE_ARGS" ] || HAS_BASELINE=1
PIN=${PIN:-0}
[ "$PIN" != 1 ] || PIN_LOAD=1
NODE_DURABLE=${NODE_DURABLE:-0}
read -ra extra_args <<<"$SERVER_ARGS"
JVM_ARGS=${JVM_ARGS:-}
read -ra jvm_args <<<"$JVM_ARGS"
PIN_LOAD=${PIN_LOAD:-0}
if [ "$PIN_LOAD" = 1 ] && [ "$(nproc)" -lt 2 ]; then echo "vs-node: PIN_LOAD=1 needs two cores (cores 0 and 1)" >&2; exit 1; fi
pin_server=()   # a prefix for the server's command line (taskset, during a pinned load)
pin_client=()   # and for the load generator's

for f in node-peer.js storm.js loadgen.js package.json; do
  [ -f "$BENCH_REF/$f" ] || { echo "vs-node: no $BENCH_REF/$f (set BENCH_REF to the reference's directory)" >&2; exit 1; }
done
if [ ! -f "$SERVER_JAR" ]; then
  mvn -B -ntp -q package -DskipTests
fi
if [ -n "$BASELINE_JARS" ] && [ ! -f "$BASELINE_JARS/chat-server.jar" ]; then
  echo "vs-node: no chat-server.jar in BASELINE_JARS=$BASELINE_JARS (bench/baseline.sh REF builds one)" >&2; exit 1
fi

work=$(mktemp -d)
jpid=""   # the chat server (java or baseline) running now, if any
npid=""   # the node-peer running now, if any
cpid=""   # the client running now, if any
cleanup() {
  local p
  for p in $cpid $jpid $npid; do kill -TERM "$p" 2>/dev/null || true; done
  for p in $cpid $jpid $npid; do
    for _ in $(seq 1 $((STOP_TIMEOUT * 10))); do alive "$p" || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  if [ "${KEEP_WORK:-}" = 1 ]; then echo "vs-node: kept $work" >&2; else chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work" || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { echo "$*" >&2; }
# whether a process runs (a child that exited but was not waited for yet is a zombie: not running); no fork
alive() { local stat; { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1; stat=${stat##*) }; [ "${stat%% *}" != Z ]; }

ref="$work/ref"
cp -r "$BENCH_REF" "$ref"
chmod -R u+w "$ref"
(cd "$ref" && timeout 600 npm install --silent) || { say "vs-node: npm install in the copy of $BENCH_REF failed"; exit 1; }

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

starts=0
start_node() { # -> npid, url, nlog
  local port
  for _ in 1 2 3 4 5; do # the free port may be taken before node-peer binds it: then another
    starts=$((starts + 1)); nlog="$work/node-$starts.log"; port=$(free_port)
    if [ "$NODE_DURABLE" = 1 ]; then
      NODE_PEER_LOG="$work/node-peer-$starts.events" ${pin_server[@]+"${pin_server[@]}"} node "$ref/node-peer.js" "$port" >"$nlog" 2>&1 &
    else
      ${pin_server[@]+"${pin_server[@]}"} node "$ref/node-peer.js" "$port" >"$nlog" 2>&1 &
    fi
    npid=$!
    for _ in $(seq 1 100); do
      if grep -q 'node-peer listening on' "$nlog"; then url="ws://127.0.0.1:$port/"; return 0; fi
      alive "$npid" || break
      sleep 0.1
    done
    stop_server node
  done
  say "vs-node: node-peer did not start:"; cat "$nlog" >&2; exit 1
}

# java is the chat server of this worktree, baseline the one in BASELINE_JARS
server_jar() { if [ "$1" = baseline ] && [ -n "$BASELINE_JARS" ]; then echo "$BASELINE_JARS/chat-server.jar"; else echo "$SERVER_JAR"; fi; }
the_chat_server() { if [ "$1" = baseline ]; then echo "the baseline chat server"; else echo "the chat server"; fi; }

start_chat() { # java|baseline data-dir -> jpid, url, jlog
  local which=$1 dir=$2 port=""
  starts=$((starts + 1)); jlog="$work/$which-$starts.log"
  CHAT_API_PORT=0 ${pin_server[@]+"${pin_server[@]}"} java ${jvm_args[@]+"${jvm_args[@]}"} -jar "$(server_jar "$which")" --host 127.0.0.1 --port 0 --admin-port 0 --store "$STORE" --data-dir "$dir" \
       --offline-chunk-delay 0ms --messages-per-second 100000 --message-burst 100000 --frames-per-second 100000 \
       --max-connections 20000 --max-connections-per-user 20000 ${extra_args[@]+"${extra_args[@]}"} \
       $([ "$which" = baseline ] && printf '%s ' ${baseline_args[@]+"${baseline_args[@]}"}) >"$jlog" 2>&1 &
  jpid=$!
  for _ in $(seq 1 300); do
    port=$(grep -o 'listening on ws://127.0.0.1:[0-9]*' "$jlog" | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    alive "$jpid" || break
    sleep 0.1
  done
  [ -n "$port" ] || { say "vs-node: $(the_chat_server "$which") did not start:"; cat "$jlog" >&2; exit 1; }
  url="ws://127.0.0.1:$port/"
}

# SIGTERM, then wait for the exit (killed after STOP_TIMEOUT s); for a chat server, says what its log complains of
stop_server() { # node|java|baseline
  local which=$1 pid rc=0
  if [ "$which" = node ]; then pid=$npid; else pid=$jpid; fi
  [ -n "$pid" ] || return 0
  alive "$pid" || say "  !! the $which server had exited before it was sent SIGTERM (on its own, or killed from outside)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((STOP_TIMEOUT * 10))); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then
    say "  !! $which server did not exit within ${STOP_TIMEOUT}s of SIGTERM: killed"
    [ "$which" = node ] || { jstack "$pid" >"$work/$which-$starts.jstack" 2>&1 || true; }
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || rc=$?
  if [ "$which" = node ]; then
    npid=""
  else
    jpid=""
    [ "$rc" = 0 ] || say "  !! $(the_chat_server "$which") exited with status $rc after SIGTERM"
    local complaints
    complaints=$(grep -E '^[^ ]+ (WARN|ERROR) ' "$jlog" | grep -v 'connections are not authenticated' || true)
    if [ -n "$complaints" ]; then
      say "  !! $(the_chat_server "$which") logged $(printf '%s\n' "$complaints" | wc -l) warnings/errors ($jlog), the first:"
      printf '%s\n' "$complaints" | head -n 5 | cut -c1-400 >&2
    fi
  fi
}

# runs a client (with CLIENT_TIMEOUT), prints its JSON line to stderr -> out (the line; empty when there is none);
# stops it when the server under test is gone (a load generator would wait out its own 120 s timeout)
client() { # node|java|baseline label command...
  local which=$1 label=$2 rc=0 spid; shift 2
  if [ "$which" = node ]; then spid=$npid; else spid=$jpid; fi
  timeout "$CLIENT_TIMEOUT" "$@" >"$work/client.out" 2>"$work/client.err" &
  cpid=$!
  while alive "$cpid"; do
    if ! alive "$spid"; then
      say "  !! the $which server is gone (it exited on its own, or was killed from outside): client stopped"
      if [ "$which" = node ]; then tail -n 3 "$nlog" >&2; else tail -n 3 "$jlog" >&2; fi
      kill -TERM "$cpid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  wait "$cpid" || rc=$?
  cpid=""
  out=$(grep '^{' "$work/client.out" | tail -n 1 || true)
  say "round=$round $label ${out:-(no output)}"
  if [ "$rc" != 0 ]; then
    say "  !! exit status $rc$([ "$rc" = 124 ] && echo " (killed after ${CLIENT_TIMEOUT}s)")$([ -s "$work/client.err" ] && echo ':')"
    head -n 5 "$work/client.err" >&2 || true
  fi
  return 0
}

field() { printf '%s' "$2" | grep -o "\"$1\":[^,}]*" | head -n 1 | cut -d: -f2 || true; }
number() { [[ "$1" =~ ^-?[0-9]+(\.[0-9]+)?$ ]]; }

mkdir -p "$work/res"
: >"$work/metrics"
record() { # metric server value(or n/a)
  grep -qxF "$1" "$work/metrics" || echo "$1" >>"$work/metrics"
  echo "$round $3" >>"$work/res/$1.$2"
}

record_storm() { # metric server n
  local ready failed secs
  ready=$(field ready "$out"); failed=$(field failed "$out"); secs=$(field secs "$out")
  if [ "$ready" = "$3" ] && [ "$failed" = 0 ] && number "$secs"; then
    record "$1" "$2" "$secs"
  else
    say "  !! no result: ${ready:-?} of $3 ready, ${failed:-?} failed$(printf '%s' "$out" | grep -q '"timeout":true' && echo ', timed out')"
    record "$1" "$2" n/a
  fi
}

# Loopback connections closed by the client linger in TIME_WAIT for 60 s and hold their ephemeral port (about
# 28,000 here): a storm that starts while too few are free waits for ports, and measures that instead of the server.
settle() { # n: waits (up to 90 s) until n + 2000 ports are free
  local range lo hi waiting
  range=$(cat /proc/sys/net/ipv4/ip_local_port_range); lo=${range%%[[:space:]]*}; hi=${range##*[[:space:]]}
  for _ in $(seq 1 450); do
    waiting=$(ss -tan state time-wait 2>/dev/null | tail -n +2 | wc -l)
    [ $((hi - lo - waiting)) -gt $(($1 + 2000)) ] && return 0
    sleep 0.2
  done
  say "  (still $waiting connections in TIME_WAIT; the storm may wait for ports)"
}

storms() { # node|java|baseline n: new threads, then reconnects to them
  local which=$1 n=$2 prefix="r${round}n$2x$RANDOM" dir
  if [ "$PIN" = 1 ]; then pin_server=(taskset -c 0); pin_client=(taskset -c 1); fi
  storms_of "$which" "$n" "$prefix"
  pin_server=(); pin_client=()
}

storms_of() { # node|java|baseline n prefix
  local which=$1 n=$2 prefix=$3 dir
  if [ "$which" = node ]; then
    start_node
    settle "$n"
    client node "storm-new n=$n node" ${pin_client[@]+"${pin_client[@]}"} env STORM_PREFIX="$prefix" node "$ref/storm.js" "$url" "$n" "$STORM_HOLD_MS"
    record_storm "storm-new-$n" node "$n"
    settle "$n"
    client node "storm-new-warm n=$n node (a second storm of new threads, same process)" \
        ${pin_client[@]+"${pin_client[@]}"} env STORM_PREFIX="${prefix}w" node "$ref/storm.js" "$url" "$n" "$STORM_HOLD_MS"
    record_storm "storm-new-warm-$n" node "$n"
    settle "$n"
    client node "storm-reconnect n=$n node (same process, threads in memory)" \
        ${pin_client[@]+"${pin_client[@]}"} env STORM_PREFIX="$prefix" node "$ref/storm.js" "$url" "$n" "$STORM_HOLD_MS"
    record_storm "storm-reconnect-$n" node "$n"
    stop_server node
  else
    dir="$work/data-$which-$round-$n"
    start_chat "$which" "$dir"
    settle "$n"
    client "$which" "storm-new n=$n $which" ${pin_client[@]+"${pin_client[@]}"} env STORM_PREFIX="$prefix" node "$ref/storm.js" "$url" "$n" "$STORM_HOLD_MS"
    record_storm "storm-new-$n" "$which" "$n"
    settle "$n"
    client "$which" "storm-new-warm n=$n $which (a second storm of new threads, same process)" \
        ${pin_client[@]+"${pin_client[@]}"} env STORM_PREFIX="${prefix}w" node "$ref/storm.js" "$url" "$n" "$STORM_HOLD_MS"
    record_storm "storm-new-warm-$n" "$which" "$n"
    stop_server "$which"
    start_chat "$which" "$dir"
    settle "$n"
    client "$which" "storm-reconnect n=$n $which (restarted on the same data dir)" \
        ${pin_client[@]+"${pin_client[@]}"} env STORM_PREFIX="$prefix" node "$ref/storm.js" "$url" "$n" "$STORM_HOLD_MS"
    record_storm "storm-reconnect-$n" "$which" "$n"
    stop_server "$which"
  fi
}

load() { # node|java|baseline
  local which=$1 m v w
  if [ "$PIN_LOAD" = 1 ]; then pin_server=(taskset -c 0); pin_client=(taskset -c 1); fi
  if [ "$which" = node ]; then start_node; else start_chat "$which" "$work/data-$which-$round-load"; fi
  for w in $(seq 1 "$WARMUP_RUNS"); do
    client "$which" "load-warmup-$w $which" ${pin_client[@]+"${pin_client[@]}"} node "$ref/loadgen.js" "$url" "$LOAD_CONNS" "$LOAD_TURNS" "w${round}x${w}x$RANDOM"
  done
  client "$which" "load $which" ${pin_client[@]+"${pin_client[@]}"} node "$ref/loadgen.js" "$url" "$LOAD_CONNS" "$LOAD_TURNS" "m${round}x$RANDOM"
  pin_server=(); pin_client=()
  if number "$(field turnsPerSec "$out")"; then
    for m in turnsPerSec framesPerSec ackP50 ackP99 turnP50 turnP99 errors; do
      v=$(field "$m" "$out"); number "$v" || v=n/a
      record "load-$m" "$which" "$v"
    done
    v=$(field errors "$out")
    [ "$v" = 0 ] || say "  !! the load had $v errors (error frames or connection errors)"
  else
    say "  !! no result from the load"
    for m in turnsPerSec framesPerSec ackP50 ackP99 turnP50 turnP99 errors; do record "load-$m" "$which" n/a; done
  fi
  stop_server "$which"
}

machine="cores $(nproc), $(java -version 2>&1 | head -n 1), node $(node --version), ulimit -n $(ulimit -n)"
settings="rounds $ROUNDS, store $STORE$([ "$NODE_DURABLE" != 1 ] || echo ", node-peer durable (NODE_PEER_LOG)")$([ "$PIN" != 1 ] || echo ", every server on core 0 and every client on core 1"), storms of $STORM_SIZES (hold ${STORM_HOLD_MS}ms), load $LOAD_CONNS conns x $LOAD_TURNS turns after $WARMUP_RUNS such warm-up loads$([ "$PIN_LOAD" != 1 ] || echo ' (servers pinned to core 0, the load generator to core 1)')${SERVER_ARGS:+, chat server flags: $SERVER_ARGS}${JVM_ARGS:+, JVM $JVM_ARGS}"
baseline="${BASELINE_JARS:-this jar}$([ -z "$BASELINE_JARS" ] || [ ! -f "$BASELINE_JARS/COMMIT" ] || echo ": $(cat "$BASELINE_JARS/COMMIT")")${BASELINE_ARGS:+, with $BASELINE_ARGS}"
say "machine: $machine"
say "settings: $settings"
[ -z "$HAS_BASELINE" ] || say "baseline: $baseline"

for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order="node java${HAS_BASELINE:+ baseline}"; else order="${HAS_BASELINE:+baseline }java node"; fi
  say "round $round of $ROUNDS (first: ${order%% *})"
  for n in $STORM_SIZES; do
    for s in $order; do storms "$s" "$n"; done
  done
  for s in $order; do load "$s"; done
done

median() { { grep -v -e 'n/a' -e '^$' || true; } | sort -g | awk '{a[NR]=$1} END {if (!NR) print "n/a"; else print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# the ratios java/node (or java/baseline) of the rounds where both have a result, one a line
ratios() { # metric node|baseline
  join <(sort "$work/res/$1.$2") <(sort "$work/res/$1.java") | awk '$2 != "n/a" && $3 != "n/a" && $2 > 0 {printf "%.3f\n", $3 / $2}'
}
# the median over the rounds of a metric's values for a server
server_median() { { cut -d' ' -f2 "$work/res/$1.$2" 2>/dev/null || true; } | median; }
# one line of the table; the baseline's columns only when there is one, before the lists of per-round ratios
per_width=$((ROUNDS * 6 > 19 ? ROUNDS * 6 : 19))
row() { # metric node java java/node goal met per-round-java/node [baseline java/baseline per-round-java/baseline]
  printf '%-24s %12s %12s %11s %6s %-7s' "$1" "$2" "$3" "$4" "$5" "$6"
  if [ -n "$HAS_BASELINE" ]; then printf " %12s %13s %-${per_width}s %s\n" "$8" "$9" "$7" "${10}"; else printf ' %s\n' "$7"; fi
}

echo "machine: $machine"
echo "settings: $settings"
[ -z "$HAS_BASELINE" ] || echo "baseline: $baseline"
echo "storm reconnect: node-peer's reconnects go to threads it still holds in memory (same process, it has no store);"
echo "  the chat server's follow a SIGTERM and a restart on the same data dir (store $STORE)$([ "$STORE" = memory ] && echo ': with memory the restarted server has lost them, so they are new threads again')"
echo "load: node-peer replies with about 18 frames a turn, the chat server's offline builder about 50: compare frames/s"
echo
row metric node java java/node goal met 'per-round java/node' baseline java/baseline 'per-round java/baseline'
while read -r metric; do
  node=$(server_median "$metric" node)
  java=$(server_median "$metric" java)
  case $metric in
    storm-*) goal="<=1.0" ;;
    load-framesPerSec) goal=">=1.3" ;;
    load-ackP99) goal="<=1.5" ;;
    *) goal="" ;;
  esac
  if [ "$metric" = load-errors ]; then
    ratio="-"; per=""; bratio="-"; bper=""
  else
    per=$(ratios "$metric" node | tr '\n' ' ')
    ratio=$(printf '%s\n' $per | median)
    bper=""; bratio=""
    if [ -n "$HAS_BASELINE" ]; then
      bper=$(ratios "$metric" baseline | tr '\n' ' ')
      bratio=$(printf '%s\n' $bper | median)
    fi
  fi
  met=""
  if [ -n "$goal" ] && number "$ratio"; then
    met=$(awk -v r="$ratio" -v g="$goal" 'BEGIN {v = substr(g, 3) + 0; ok = (substr(g, 1, 2) == "<=") ? r <= v : r >= v; print ok ? "yes" : "NO"}')
  fi
  base=""; [ -z "$HAS_BASELINE" ] || base=$(server_median "$metric" baseline)
  row "$metric" "$node" "$java" "$ratio" "$goal" "$met" "$per" "$base" "$bratio" "$bper"
done <"$work/metrics"
echo
echo "medians over the rounds; storms in seconds until all are ready (lower is better), latencies in ms;"
echo "java/node is the median of the per-round ratios"
[ -z "$HAS_BASELINE" ] || echo "java/baseline too (after/before): below 1 is better for storms and latencies, above 1 for turns and frames"
