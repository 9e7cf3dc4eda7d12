#!/usr/bin/env bash
# Overflow Lambda: init time in a fresh JVM (what SnapStart snapshots), first message, and warm
# per-message cost with an instant GPU. Usage: bench/run-lambda-init.sh [samples] [warm-messages]
# Result: bench/target/lambda-bench.md
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -pl bench -am package -DskipTests -Dcyclonedx.skip=true
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
java -cp "$cp" com.mangaassist.bench.LambdaColdStartBench "${1:-5}" "${2:-200}"
