#!/usr/bin/env bash
# Runs the whole MangaAssist platform on this machine (127.0.0.1): emulators, two GPU endpoints,
# the orchestrator, the overflow function and the WebSocket gateway with the chat page.
# Needs JDK 17+, Maven 3.8+ and Node.js with npm (for the Kinesis emulator); installs the Debian
# packages of what is missing when run as root on Debian/Ubuntu, as CI does.
#   ./run-local.sh                                  simulated GPU
#   ./run-local.sh --openai-url http://127.0.0.1:11434 --openai-model llama3.1   a real server
#   ./run-local.sh --oidc                           sign in through a local OIDC stand-in instead of dev tokens
set -euo pipefail
cd "$(dirname "$0")"
source scripts/ensure-tools.sh
ensure_tools java:openjdk-17-jdk-headless mvn:maven node:nodejs npm:npm
# Maven only when a source, resource or pom changed since the last build this script made (or never built):
# an unchanged tree starts the platform at once.
stamp=target/local-stack/.built
changed=""
if [ -f "$stamp" ] && [ -f local-stack/target/classpath.txt ]; then
  changed=$(find . \( -path ./target -o -path '*/target' -o -path ./.git -o -path '*/node_modules' \) -prune -o \
    \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -type f -newer "$stamp" -print -quit)
fi
if [ ! -f "$stamp" ] || [ ! -f local-stack/target/classpath.txt ] || [ -n "$changed" ]; then
  echo "building${changed:+ ($changed changed)} — the first run downloads dependencies…"
  build_start=$(date +%s)
  # Stamped as of the build's start: a file saved while it runs counts as changed next time.
  mkdir -p "$(dirname "$stamp")" && touch "$stamp.next"
  # Maven's console library writes colour resets even in batch mode: strip escape codes from what it prints.
  mvn -B -q -ntp -Dstyle.color=never install -DskipTests -Dcyclonedx.skip=true -pl local-stack -am 2>&1 | sed -u 's/\x1b\[[0-9;]*[A-Za-z]//g'

  mv "$stamp.next" "$stamp"
  echo "built in $(( $(date +%s) - build_start )) s"
else
  echo "build is current (nothing changed since $(date -r "$stamp" '+%H:%M:%S')): starting"
fi
exec java -cp "local-stack/target/classes:$(cat local-stack/target/classpath.txt)" com.mangaassist.localstack.LocalStackLauncher "$@"
