#!/usr/bin/env bash
# Times the gate on a one-file iommufd patch, for issue 14's targets: a gate on x86_64 (all
# four platforms) from a machine with nothing cached but Debian packages, and a gate on both
# arches with the base cached. Writes OUT/gate-timing.md: the command, this project's commit,
# the machine's load, and each phase's seconds from the gate's own progress lines.
# Usage: time-gate.sh CLI OUT [--cold]
#   --cold  an empty cache (IOMMUFD_CONFORM_CACHE=OUT/cache): the Debian source is fetched and
#           made a git tree, and every kernel is built; else the user's cache, where an earlier
#           gate on the same base left the base kernels and results.
# The patch is mutants/linux-7.2/ci-ioas-unmap-all-any-iova.patch (drivers/iommu/iommufd/ioas.c),
# applied as an uncommitted change and removed afterwards.
set -euo pipefail
cli=$(realpath "$1") out=$(realpath -m "$2") cold=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mkdir -p "$out"
if [ "$cold" = --cold ]; then
  export IOMMUFD_CONFORM_CACHE="$out/cache"
  rm -rf "$IOMMUFD_CONFORM_CACHE"
fi
cache=${IOMMUFD_CONFORM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iommufd-conform}
patch="$root/mutants/linux-7.2/ci-ioas-unmap-all-any-iova.patch"
report="$out/gate-timing.md"

start=$(date +%s)
repo=$("$root/harness/gate/make-git-tree.sh" 7.2 "$cache")
tree_seconds=$(( $(date +%s) - start ))
exec 9>"$repo.gate-lock"
flock 9
git -C "$repo" reset -q --hard HEAD
trap 'git -C "$repo" reset -q --hard HEAD' EXIT
git -C "$repo" apply "$patch"

# One gate; its progress lines, with their seconds, go to OUT/NAME.log.
time_gate() {
  local name=$1 arches=$2 status=0 begin
  begin=$(date +%s)
  "$cli" gate --tree "$repo" --arch "$arches" --platform all --results "$out/$name" \
    >"$out/$name.log" 2>&1 || status=$?
  echo "| $name | $arches | $(( $(date +%s) - begin )) | $status | $(cut -d' ' -f1-3 /proc/loadavg) |"
}

{
  echo "# Gate timing"
  echo
  echo "Produced by \`benchmarks/gate/time-gate.sh $* \` from project commit" \
       "\`$(git -C "$root" rev-parse HEAD)$(git -C "$root" diff --quiet HEAD || echo +uncommitted)\`" \
       "on $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs."
  echo
  echo "Patch: \`mutants/linux-7.2/ci-ioas-unmap-all-any-iova.patch\` (one file, drivers/iommu/iommufd/ioas.c)" \
       "as an uncommitted change of Debian's 7.2 source made a git tree" \
       "($([ "$cold" = --cold ] && echo "made in $tree_seconds s, empty cache" || echo "cache as found"))."
  echo
  echo "| gate | arches | seconds | exit | load after (1/5/15 min) |"
  echo "|---|---|---|---|---|"
  time_gate x86_64 x86_64
  time_gate both-arches x86_64,arm64
  echo
  echo "Each gate's progress lines (seconds since it started) are in \`NAME.log\` beside this file."
} >"$report"
cat "$report"
