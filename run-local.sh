#!/usr/bin/env bash
# Runs the whole MangaAssist platform on this machine (127.0.0.1): emulators, two GPU endpoints,
# the orchestrator, the overflow function and the WebSocket gateway with the chat page.
# Needs JDK 17+, Maven 3.8+ and Node.js (for the Kinesis emulator); installs nothing system-wide.
#   ./run-local.sh                                  simulated GPU
#   ./run-local.sh --openai-url http://127.0.0.1:11434 --openai-model llama3.1   a real server
set -euo pipefail
cd "$(dirname "$0")"
for tool in java mvn node npm; do
  command -v "$tool" >/dev/null || { echo "run-local.sh needs '$tool' on the PATH (JDK 17+, Maven 3.8+, Node.js 20)" >&2; exit 1; }
done
echo "building (first run downloads dependencies; later runs take seconds)…"
mvn -B -q -ntp install -DskipTests -pl local-stack -am
exec java -cp "local-stack/target/classes:$(cat local-stack/target/classpath.txt)" com.mangaassist.localstack.LocalStackLauncher "$@"
