#!/usr/bin/env bash
# Runs a test command with IOMMUFD_CONFORM_HEADERS_<v> and IOMMUFD_CONFORM_TREE_<v> (v = 7_2,
# 7_3) naming exported uapi headers and kernel source trees, fetching and exporting them into
# the cache first unless already set. If they cannot be obtained the test fails: never skips.
# Usage: with-kernel-headers.sh HARNESS_KERNEL_DIR COMMAND [ARGS...]
set -euo pipefail
kernel_dir=$1
shift
cache=${IOMMUFD_CONFORM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iommufd-conform}
for version in 7.2 7.3; do
  suffix=${version/./_}
  headers_var=IOMMUFD_CONFORM_HEADERS_$suffix
  tree_var=IOMMUFD_CONFORM_TREE_$suffix
  # Plain assignments first: `export NAME=$(cmd)` would hide cmd's failure from set -e.
  if [ -z "${!headers_var:-}" ]; then
    dir=$("$kernel_dir/install-headers.sh" "$version" "$cache")
    export "$headers_var=$dir"
  fi
  if [ -z "${!tree_var:-}" ]; then
    dir=$("$kernel_dir/fetch-source.sh" "$version" "$cache")
    export "$tree_var=$dir"
  fi
done
exec "$@"
