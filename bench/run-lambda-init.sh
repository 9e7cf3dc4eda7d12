#!/usr/bin/env bash
# Overflow Lambda: init time in a fresh JVM (what SnapStart snapshots), first message, and warm
# per-message cost with an instant GPU. Usage: bench/run-lambda-init.sh [samples] [warm-messages]
# Result: bench/target/lambda-bench.md
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -pl bench -am install -DskipTests
mvn -B -q -ntp -pl bench exec:java -Dexec.mainClass=com.mangaassist.bench.LambdaColdStartBench \
  -Dexec.classpathScope=test -Dexec.args="${1:-5} ${2:-200}"
