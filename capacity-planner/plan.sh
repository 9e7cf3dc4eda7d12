#!/usr/bin/env bash
# The capacity planner's CLI from a clean clone: builds the module and what it uses, then runs it.
# Usage: capacity-planner/plan.sh run | recommend | generate | calibrate | cold-path | release-at-peak | defaults [options]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f capacity-planner/target/classpath.txt || -n "${PLANNER_REBUILD:-}" ]]; then
  mvn -B -q -ntp -pl capacity-planner -am install -DskipTests -Dcyclonedx.skip=true
fi
exec java -Xmx2g -cp "capacity-planner/target/classes:$(cat capacity-planner/target/classpath.txt)" com.mangaassist.planner.cli.PlannerCli "$@"
