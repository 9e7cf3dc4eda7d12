#!/usr/bin/env bash
# Builds the JMH suite and runs it; extra arguments go to JMH (e.g. a benchmark regex, -f 2).
# Results: bench/target/jmh-result.json and, as the Markdown table kept in docs/benchmarks.md,
# bench/target/jmh-report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -pl bench -am package -DskipTests -Dcyclonedx.skip=true
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
java -cp "$cp" org.openjdk.jmh.Main -rf json -rff bench/target/jmh-result.json "$@"
java -cp "$cp" com.mangaassist.bench.JmhMarkdownReport bench/target/jmh-result.json | tee bench/target/jmh-report.md
