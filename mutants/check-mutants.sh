#!/usr/bin/env bash
# Checks mutant patches against a private, pristine kernel tree: each must apply cleanly with
# `patch -p1` and every file it touches must compile without new warnings in a kbuild object
# directory that already holds a full build of that tree. Each patch is reverted after its
# check, so the tree is pristine again at the end (also on failure or Ctrl-C).
#
# Usage: check-mutants.sh --tree TREE --x86-objects DIR [--arm64-objects DIR] [PATCH...]
#   TREE         a private copy of the kernel tree the mutants are written against (never a
#                shared cache tree: it is patched in place)
#   --x86-objects / --arm64-objects
#                kbuild object directories of a full build of TREE, as made by
#                `iommufd-conform kernel build --source TREE --arch x86_64|arm64`
#                (~/.cache/iommufd-conform/build/<arch>-<hash>/; the newest one is printed by
#                `ls -td ~/.cache/iommufd-conform/build/x86_64-*`)
#   PATCH...     default: every mutants/linux-7.2/*.patch beside this script
# Files under drivers/iommu/arm/ compile for arm64 (they need --arm64-objects), everything
# else for x86_64. Exit 0 when every patch applied and compiled, 1 otherwise (each failure is
# named with the compiler's or patch's output), 2 on usage errors.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tree="" x86_objects="" arm64_objects=""
patches=()
while [ $# -gt 0 ]; do
  case "$1" in
    --tree) tree=$2; shift 2 ;;
    --x86-objects) x86_objects=$2; shift 2 ;;
    --arm64-objects) arm64_objects=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) echo "check-mutants: unknown option $1" >&2; exit 2 ;;
    *) patches+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"); shift ;;
  esac
done
if [ -z "$tree" ] || [ -z "$x86_objects" ]; then
  echo "check-mutants: --tree and --x86-objects are required (see --help)" >&2
  exit 2
fi
if [ ! -f "$tree/Makefile" ] || [ ! -d "$tree/drivers/iommu/iommufd" ]; then
  echo "check-mutants: $tree is not a kernel tree with drivers/iommu/iommufd" >&2
  exit 2
fi
if [ -f "$tree/.unpacked" ]; then
  # fetch-source.sh's cache trees are shared by every kernel build: never patch them.
  echo "check-mutants: $tree is a shared cache tree; check against a private copy" >&2
  exit 2
fi
for objects in "$x86_objects" $arm64_objects; do
  if [ ! -f "$objects/.config" ]; then
    echo "check-mutants: $objects has no .config: build the tree there first" >&2
    exit 2
  fi
done
if [ ${#patches[@]} -eq 0 ]; then
  patches=("$here"/linux-7.2/*.patch)
fi

applied=""
revert() {
  if [ -n "$applied" ]; then
    (cd "$tree" && patch -p1 -R -s --no-backup-if-mismatch <"$applied") ||
      echo "check-mutants: could not revert $applied: $tree is no longer pristine" >&2
    applied=""
  fi
}
trap 'revert; exit 130' INT TERM
trap revert EXIT

# Compiles one object; prints the compiler output and returns non-zero on an error or warning.
compile() {
  local source=$1 object=${1%.c}.o output
  local -a make_args=(make -C "$tree" -s)
  case "$source" in
    drivers/iommu/arm/*)
      if [ -z "$arm64_objects" ]; then
        echo "$source is arm64-only: pass --arm64-objects"
        return 1
      fi
      make_args+=(O="$arm64_objects" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-) ;;
    *) make_args+=(O="$x86_objects" ARCH=x86) ;;
  esac
  output=$("${make_args[@]}" "$object" 2>&1)
  local status=$?
  if [ $status -ne 0 ] || grep -q 'warning:' <<<"$output"; then
    printf '%s\n' "$output" | tail -n 20
    return 1
  fi
}

failed=0
for patch in "${patches[@]}"; do
  name=$(basename "$patch")
  if ! result=$(cd "$tree" && patch -p1 --dry-run -s --no-backup-if-mismatch <"$patch" 2>&1); then
    echo "FAIL $name: does not apply"
    printf '%s\n' "$result" | sed 's/^/    /'
    failed=$((failed + 1))
    continue
  fi
  (cd "$tree" && patch -p1 -s --no-backup-if-mismatch <"$patch")
  applied=$patch
  status=ok
  for source in $(sed -n 's|^+++ b/||p' "$patch"); do
    case "$source" in
      *.c) ;;
      *) continue ;;
    esac
    if ! result=$(compile "$source"); then
      echo "FAIL $name: $source does not compile cleanly"
      printf '%s\n' "$result" | sed 's/^/    /'
      status=fail
    fi
  done
  revert
  if [ "$status" = ok ]; then
    echo "ok   $name"
  else
    failed=$((failed + 1))
  fi
done
echo "check-mutants: ${#patches[@]} patches, $failed failed"
[ "$failed" -eq 0 ]
