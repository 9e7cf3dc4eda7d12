#!/usr/bin/env bash
# What retrieval costs a turn (issue 26): the platform bench's retrieval part alone: the local stack with its
# OpenSearch node, the baseline route on the simulated GPU, a steady rate with retrieval off, then on, in one
# invocation; then the search node restarted on other JVM flags (each --search-node-jvm variant). ~8 minutes on 2 cores.
# Usage: bench/run-retrieval.sh [platform bench options, e.g. --retrieval-rate 10 --search-node-jvm "-Xmx384m"]
# Result: bench/target/platform-bench.md (and .json); service logs under bench/target/platform-logs/
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/run-platform.sh --only retrieval "$@"
