#!/usr/bin/env bash
# Runs the whole MangaAssist platform on this machine (127.0.0.1): emulators, two GPU endpoints,
# the orchestrator, the overflow function and the WebSocket gateway with the chat page.
# Needs JDK 17+, Maven 3.8+ and Node.js with npm (for the Kinesis emulator); installs the Debian
# packages of what is missing when run as root on Debian/Ubuntu, as CI does.
#   ./run-local.sh                                  simulated GPU
#   ./run-local.sh --openai-url http://127.0.0.1:11434 --openai-model llama3.1   a real server
set -euo pipefail
cd "$(dirname "$0")"
source scripts/ensure-tools.sh
ensure_tools java:openjdk-17-jdk-headless mvn:maven node:nodejs npm:npm
echo "building (first run downloads dependencies; later runs take seconds)…"
mvn -B -q -ntp install -DskipTests -pl local-stack -am
exec java -cp "local-stack/target/classes:$(cat local-stack/target/classpath.txt)" com.mangaassist.localstack.LocalStackLauncher "$@"
