#!/usr/bin/env bash
# The jars of an older commit, to measure a change against: BASELINE_JARS of bench/vs-node.sh and bench/cluster.sh.
#
#   bench/baseline.sh [REF]        REF: a commit, tag or branch; by default 50e12c5, the commit before issue 28
#   REBUILD=1 bench/baseline.sh    build again even if the jars of that commit are there already
#
# Builds REF in a temporary worktree (`git worktree add --detach`, `mvn -B -ntp -q package -DskipTests`; `package`
# installs nothing into ~/.m2), copies its chat-server.jar and chat-cli.jar to bench/target/baseline-COMMIT/ (COMMIT:
# REF's short hash, as a branch moves; git-ignored), with a file COMMIT that names it, and removes the worktree.
# Prints that directory's absolute path on stdout, and nothing else there (the build's output goes to stderr).
set -euo pipefail
cd "$(dirname "$0")/.."

REF=${1:-50e12c5}
commit=$(git rev-parse --verify --quiet "$REF^{commit}") || { echo "baseline: no commit $REF" >&2; exit 1; }
out="$PWD/bench/target/baseline-$(git rev-parse --short "$commit")"

if [ "${REBUILD:-0}" != 1 ] && [ -f "$out/chat-server.jar" ] && [ -f "$out/chat-cli.jar" ]; then
  echo "baseline: built already: $(cat "$out/COMMIT")" >&2
  echo "$out"
  exit 0
fi

tree=$(mktemp -d /tmp/chat-baseline-XXXXXX)
cleanup() {
  git worktree remove --force "$tree" 2>/dev/null || { rm -rf "$tree"; git worktree prune; }
  rm -rf "$out.tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "baseline: building $(git log -1 --format='%h %s' "$commit" | cut -c1-100) in $tree" >&2
git worktree add --quiet --detach "$tree" "$commit" >&2
(cd "$tree" && mvn -B -ntp -q package -DskipTests) >&2

# Into a directory of its own first, so that an interrupted copy never looks like a complete baseline.
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
cp "$tree/chat-server/target/chat-server.jar" "$tree/chat-cli/target/chat-cli.jar" "$out.tmp/"
git log -1 --format='%h %s' "$commit" >"$out.tmp/COMMIT"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "$out"
