#!/usr/bin/env bash
# gpu-endpoint figures: time to traffic-ready and the HTTP front's added latency (GpuEndpointBench),
# then the front's in-process cost per request (JMH InferenceFrontBenchmark).
# Results: bench/target/gpu-endpoint-bench.md and bench/target/jmh-report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -pl bench -am package -DskipTests -Dcyclonedx.skip=true
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
java -cp "$cp" com.mangaassist.bench.GpuEndpointBench "${1:-5000}"
java -cp "$cp" org.openjdk.jmh.Main InferenceFrontBenchmark -rf json -rff bench/target/jmh-front.json
java -cp "$cp" com.mangaassist.bench.JmhMarkdownReport bench/target/jmh-front.json | tee bench/target/jmh-front.md
