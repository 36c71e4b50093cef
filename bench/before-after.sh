#!/usr/bin/env bash
# Before and after a change that should cost nothing (a refactoring), side by side in one run: builds the jars of REF
# (bench/baseline.sh) and of this worktree as it is now, then runs bench/vs-node.sh and bench/cluster.sh with
# BASELINE_JARS, so that every measurement runs both builds in the same round.
#
#   bench/before-after.sh [REF]      REF: the commit before the change; by default 50e12c5, the one before issue 28
#
# vs-node.sh runs with PIN_LOAD=1 (during the load, each server on core 0 and the load generator on core 1) unless
# PIN_LOAD is set; everything else the two scripts read (ROUNDS, STORM_SIZES, USERS, ...) is passed on as it is, so
#   ROUNDS=1 STORM_SIZES="1000" LOAD_CONNS=20 LOAD_TURNS=20 WARMUP_RUNS=1 USERS=20 TURNS=3 WARMUP=1 FAILOVERS=1 \
#     bench/before-after.sh                        is a quick check that it all works (its figures mean nothing)
#
# The summaries go to bench/target/before-after-COMMIT-TIME.txt (or OUT), every raw line to the same name with .log,
# both also to the terminal. A script that fails does not stop the other; the exit status says whether both ran.
set -euo pipefail
cd "$(dirname "$0")/.."

REF=${1:-50e12c5}
baseline=$(bench/baseline.sh "$REF")
echo "before-after: building this worktree ($(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ', with uncommitted changes'))" >&2
mvn -B -ntp -q package -DskipTests >&2
out=${OUT:-bench/target/before-after-${baseline##*/baseline-}-$(date -u +%Y%m%dT%H%M%SZ).txt}
log=${out%.txt}.log
mkdir -p "$(dirname "$out")"
: >"$log"

{
  echo "before: $(cat "$baseline/COMMIT")"
  echo "after:  $(git log -1 --format='%h %s' HEAD | cut -c1-120)$(git diff --quiet HEAD || echo ' (with uncommitted changes)')"
  echo "started $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"

status=0
for script in vs-node cluster; do
  printf '\n== bench/%s.sh\n' "$script" | tee -a "$out"
  rc=0
  BASELINE_JARS=$baseline PIN_LOAD=${PIN_LOAD:-1} "bench/$script.sh" 2> >(tee -a "$log" >&2) | tee -a "$out" || rc=$?
  if [ "$rc" != 0 ]; then
    echo "bench/$script.sh failed (exit status $rc): see $log" | tee -a "$out"
    status=1
  fi
done
printf '\nended %s, load average %s\n' "$(date -u +%FT%TZ)" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
echo "before-after: $out (raw lines: $log)" >&2
exit "$status"
