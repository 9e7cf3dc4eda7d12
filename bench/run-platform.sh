#!/usr/bin/env bash
# The platform benchmarks on the whole local stack: the burst side by side (hybrid, baseline-only,
# overflow-only), the GPU-bottleneck variant, and the per-hop overhead with an instant GPU.
# Usage: bench/run-platform.sh [--only burst,gpu-bottleneck,overhead] [options]   (--help lists them)
# Result: bench/target/platform-bench.md; service logs under bench/target/platform-logs/
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-tools.sh
ensure_tools java:openjdk-17-jdk-headless mvn:maven node:nodejs npm:npm
# Two build threads and no SBOMs: the benchmark needs the classes, not the release artefacts (20-odd s instead of 75 s).
mvn -B -q -ntp -T 2 package -DskipTests -Dcyclonedx.skip=true -pl bench -am
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
exec java -cp "$cp" com.mangaassist.bench.PlatformBench "$@"
