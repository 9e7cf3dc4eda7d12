#!/usr/bin/env bash
# gpu-endpoint figures: time to traffic-ready and the HTTP front's added latency (GpuEndpointBench),
# then the front's in-process cost per request (JMH InferenceFrontBenchmark).
# Results: bench/target/gpu-endpoint-bench.md and bench/target/jmh-report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -pl bench -am package -DskipTests
java -cp bench/target/benchmarks.jar com.mangaassist.bench.GpuEndpointBench "${1:-5000}"
java -jar bench/target/benchmarks.jar InferenceFrontBenchmark -rf json -rff bench/target/jmh-front.json
java -cp bench/target/benchmarks.jar com.mangaassist.bench.JmhMarkdownReport bench/target/jmh-front.json | tee bench/target/jmh-front.md
