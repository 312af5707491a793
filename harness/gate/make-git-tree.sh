#!/usr/bin/env bash
# Makes Debian's linux-source-VERSION a git tree once, in CACHE/gate-ci/linux-VERSION (a copy
# of the unpacked source, committed), and prints its path. Debian's marker files are left out:
# a tree carrying .debian-package is identified by that package name alone, which would hide
# a patch from the kernel cache. Used by ci-gate.sh and benchmarks/gate/time-gate.sh.
# Usage: make-git-tree.sh VERSION CACHE
set -euo pipefail
version=$1 cache=$2
here=$(cd "$(dirname "$0")" && pwd)
repo="$cache/gate-ci/linux-$version"

mkdir -p "$cache/gate-ci"
exec 9>"$cache/gate-ci/.lock-$version"
flock 9
if [ ! -f "$cache/gate-ci/linux-$version.ready" ]; then
  src=$("$here/../kernel/fetch-source.sh" "$version" "$cache" | tail -n1)
  start=$(date +%s)
  rm -rf "$repo"
  mkdir -p "$repo"
  cp -a "$src/." "$repo/"
  rm -f "$repo/.debian-package" "$repo/.unpacked"
  git -C "$repo" init -q
  # Debian appends "/*" to the top-level .gitignore (its packaging ignores the tree): force.
  git -C "$repo" add -A -f
  git -C "$repo" -c user.name=iommufd-conform -c user.email=ci@iommufd-conform.invalid \
    commit -q -m "Linux $version ($(cat "$src/.debian-package"))"
  touch "$cache/gate-ci/linux-$version.ready"
  echo "make-git-tree: made $repo a git tree in $(( $(date +%s) - start )) s" >&2
fi
echo "$repo"
