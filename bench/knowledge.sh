#!/usr/bin/env bash
# Knowledge: indexing and retrieval. Reads, splits and embeds (all-MiniLM-L6-v2, in process) MB megabytes of text
# made from chat-knowledge's evaluation set, then times one question ranked exactly over all the passages.
#
#   bench/knowledge.sh [MB=10] [batch=256]
#   CPUS=1 bench/knowledge.sh       pins the JVM to CPU 1 with taskset (the default; CPUS= for no pinning)
#   HEAP=2g bench/knowledge.sh      the JVM's -Xmx (default 2g)
#
# Prints passages, passages/s, seconds, peak heap and the search time; docs/benchmarks.md records the figures.
set -euo pipefail
cd "$(dirname "$0")/.."

MB=${1:-10}
BATCH=${2:-256}
CPUS=${CPUS-1}
HEAP=${HEAP:-2g}
REPO=${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}

mvn -B -ntp -q $REPO -pl chat-knowledge -am test-compile -DskipTests
mvn -B -ntp -q $REPO -pl chat-knowledge dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/chat-knowledge/target/bench-classpath.txt"
cp="chat-knowledge/target/test-classes:chat-knowledge/target/classes:$(cat chat-knowledge/target/bench-classpath.txt)"

pin=()
if [ -n "$CPUS" ] && command -v taskset >/dev/null; then
  pin=(taskset -c "$CPUS")
fi
"${pin[@]}" java -Xmx"$HEAP" -cp "$cp" dev.agentbuilder.chat.knowledge.KnowledgeBenchmark "$MB" "$BATCH"
