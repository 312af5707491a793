#!/usr/bin/env bash
# CTest gate.ci.*: the gate on Debian's Linux 7.2 source made a git tree, first clean (the
# base against itself: expect exit 0), then with a mutant patch applied as an uncommitted
# change (expect exit 1, and the summary naming EXPECTED_CASE as a new failure on PLATFORM).
# With FAILNTH_PATCH, a mutant only a failed allocation reaches is applied beside it, and the
# summary must also name a new fail-nth finding (one gate run proves both checks fire).
# Usage: ci-gate.sh CLI RESULTS_DIR MUTANT_PATCH EXPECTED_CASE PLATFORM [FAILNTH_PATCH]
#
# The git tree is made once and kept in the cache (make-git-tree.sh).
set -euo pipefail
cli=$1 results=$2 mutant=$3 expected_case=$4 platform=$5 failnth_mutant=${6:-}
here=$(cd "$(dirname "$0")" && pwd)
cache=${IOMMUFD_CONFORM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iommufd-conform}
repo=$("$here/make-git-tree.sh" 7.2 "$cache")
exec 9>"$repo.gate-lock"
flock 9

# Whatever a killed earlier run left applied goes.
git -C "$repo" reset -q --hard HEAD
trap 'git -C "$repo" reset -q --hard HEAD' EXIT

run_gate() {
  local name=$1
  shift
  local start=$(date +%s) status=0
  "$cli" gate --tree "$repo" --arch x86_64 --platform "$platform" --results "$results/$name" \
    --no-coverage "$@" || status=$?
  echo "ci-gate: $name: exit $status after $(( $(date +%s) - start )) s"
  return "$status"
}

status=0
run_gate clean --base HEAD || status=$?
if [ "$status" -ne 0 ]; then
  echo "ci-gate: FAIL: the gate on the clean tree exited $status, expected 0" >&2
  exit 1
fi

git -C "$repo" apply "$mutant"
if [ -n "$failnth_mutant" ]; then git -C "$repo" apply "$failnth_mutant"; fi
status=0
run_gate mutant || status=$?
if [ "$status" -ne 1 ]; then
  echo "ci-gate: FAIL: the gate on $(basename "$mutant") exited $status, expected 1" >&2
  exit 1
fi
if ! grep -qF "new failure on $platform: $expected_case:" "$results/mutant/summary.txt"; then
  echo "ci-gate: FAIL: the summary does not name $expected_case as a new failure:" >&2
  head -n20 "$results/mutant/summary.txt" >&2
  exit 1
fi
if [ -n "$failnth_mutant" ] &&
   ! grep -qF "new fail-nth finding on x86_64:none: the fail-nth walk" "$results/mutant/summary.txt"; then
  echo "ci-gate: FAIL: the summary names no fail-nth finding for $(basename "$failnth_mutant"):" >&2
  head -n20 "$results/mutant/summary.txt" >&2
  exit 1
fi
echo "ci-gate: the gate passed the clean tree and killed $(basename "$mutant")" \
  "${failnth_mutant:+and $(basename "$failnth_mutant")}"
