#!/usr/bin/env bash
# What one SDK call costs the calling process, per HTTP client and per-call option (timeouts, the
# metric publisher): each configuration in a fresh JVM against DynamoDB Local and a recording
# @connections API. Usage: bench/run-sdk-clients.sh [calls] [warm-up calls]
# Result: bench/target/sdk-client-choices.md
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-tools.sh
ensure_tools java:openjdk-17-jdk-headless mvn:maven
mvn -B -q -ntp -T 2 package -DskipTests -Dcyclonedx.skip=true -pl bench -am
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
exec java -cp "$cp" com.mangaassist.bench.SdkClientChoicesBench "$@"
