#!/usr/bin/env bash
# Before and after on one machine: the platform bench on a baseline revision (built in a git
# worktree of it), then on this checkout, one after the other so both share the machine's noise,
# and the two runs side by side with the per-turn cost goals (PlatformComparison).
# Usage: bench/compare-platform.sh BASE_REV [platform bench options, e.g. --only burst,overhead]
#        BASE_PICKS="rev ..." cherry-picks fixes onto the baseline first (e.g. a fix to the emulators that
#        both runs should share, so the comparison measures the product, not the test bed).
# Result: bench/target/platform-compare.md (and each run's platform-bench.md / .json)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 1 ]]; then
  echo "usage: bench/compare-platform.sh BASE_REV [platform bench options]" >&2
  exit 2
fi
base=$(git rev-parse --short "$1")
shift
picks="${BASE_PICKS:-}"
label="$base"
for pick in $picks; do label="$label+$(git rev-parse --short "$pick")"; done
head=$(git rev-parse --short HEAD)
[[ -z "$(git status --porcelain --untracked-files=no)" ]] || head="$head+changes"
tree="${TMPDIR:-/tmp}/mangaassist-baseline-${label//+/-}"
if [[ ! -d "$tree" ]]; then
  git worktree prune
  git worktree add --detach "$tree" "$base"
  for pick in $picks; do
    git -C "$tree" -c user.name=bench -c user.email=bench@localhost cherry-pick "$pick"
  done
fi

# Exit 3 means a verdict of the bench was not met: the run still produced its figures.
run_bench() {
  local status=0
  (cd "$1" && bench/run-platform.sh "${@:2}") || status=$?
  if [[ $status -ne 0 && $status -ne 3 ]]; then
    echo "compare-platform: the bench in $1 failed (exit $status)" >&2
    exit "$status"
  fi
}

mkdir -p bench/target
echo "== before: $label (in $tree)"
run_bench "$tree" "$@"
cp "$tree/bench/target/platform-bench.json" bench/target/platform-before.json
cp "$tree/bench/target/platform-bench.md" bench/target/platform-before.md
echo "== after: $head"
run_bench . "$@"
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
java -cp "$cp" com.mangaassist.bench.PlatformComparison bench/target/platform-before.json bench/target/platform-bench.json \
  bench/target/platform-compare.md "$label" "$head"
