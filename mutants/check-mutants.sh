#!/usr/bin/env bash
# Checks mutant patches against a private, pristine kernel tree: each must apply cleanly with
# `patch -p1` and every .c file it touches must compile without errors or warnings in a kbuild
# object directory that already holds a full build of that tree. The patches are reverted
# after their check, so the tree is pristine again at the end (also on failure or Ctrl-C).
#
# Usage: check-mutants.sh --tree TREE --x86-objects DIR [--arm64-objects DIR] [PATCH...]
#   TREE         a private copy of the kernel tree the mutants are written against (never a
#                shared cache tree: it is patched in place)
#   --x86-objects / --arm64-objects
#                kbuild object directories of a full build of TREE, as made by
#                `iommufd-conform kernel build --source TREE --arch x86_64|arm64`
#                (~/.cache/iommufd-conform/build/<arch>-<hash>/, named on its "kernel:
#                configuring TREE for ARCH in DIR" line)
#   PATCH...     default: every linux-7.2/*.patch beside this script
# Files under drivers/iommu/arm/ compile for arm64 (they need --arm64-objects), everything
# else for x86_64. To save the per-make start-up, patches that touch disjoint .c files (and
# no header) are applied together and their objects built by one make; an error or warning
# is charged to the patch whose file it names, and an object that was not rebuilt fails its
# patch. Exit 0 when every patch applied and compiled, 1 otherwise (each failure is named
# with the compiler's or patch's output), 2 on usage errors.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tree="" x86_objects="" arm64_objects=""
patches=()
while [ $# -gt 0 ]; do
  case "$1" in
    --tree) tree=$(realpath "$2"); shift 2 ;;
    --x86-objects) x86_objects=$(realpath "$2"); shift 2 ;;
    --arm64-objects) arm64_objects=$(realpath "$2"); shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    -*) echo "check-mutants: unknown option $1" >&2; exit 2 ;;
    *) patches+=("$(realpath "$1")"); shift ;;
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

touched() { sed -n 's|^+++ b/||p' "$1"; }

applied=()
revert_all() {
  local i
  for ((i = ${#applied[@]} - 1; i >= 0; i--)); do
    (cd "$tree" && patch -p1 -R -s --no-backup-if-mismatch <"${applied[i]}") ||
      echo "check-mutants: could not revert ${applied[i]}: $tree is no longer pristine" >&2
  done
  applied=()
}
trap 'revert_all; exit 130' INT TERM
trap revert_all EXIT

# Batches: each patch goes into the first batch none of whose patches touches its files; a
# patch that touches anything but .c files gets a batch of its own.
batches=()
batch_files=()
for patch in "${patches[@]}"; do
  files=" $(touched "$patch" | tr '\n' ' ')"
  placed=0
  if ! grep -qvE '\.c$' < <(touched "$patch"); then
    for i in "${!batches[@]}"; do
      case "${batch_files[i]}" in ALONE*) continue ;; esac
      clash=0
      for f in $files; do
        case "${batch_files[i]}" in *" $f "*) clash=1 ;; esac
      done
      if [ $clash = 0 ]; then
        batches[i]+=" $patch"
        batch_files[i]+="$files"
        placed=1
        break
      fi
    done
  else
    files=ALONE
  fi
  if [ $placed = 0 ]; then
    batches+=("$patch")
    batch_files+=("$files ")
  fi
done

declare -A failure=()   # patch -> why it failed
fail() { failure[$1]+="$2"$'\n'; }

for batch in "${batches[@]}"; do
  members=()
  for patch in $batch; do
    if result=$(cd "$tree" && patch -p1 --dry-run -s --no-backup-if-mismatch <"$patch" 2>&1); then
      (cd "$tree" && patch -p1 -s --no-backup-if-mismatch <"$patch")
      applied+=("$patch")
      members+=("$patch")
    else
      fail "$patch" "does not apply: $result"
    fi
  done
  for arch in x86 arm64; do
    objects=() owners=()
    for patch in "${members[@]}"; do
      for source in $(touched "$patch"); do
        case "$source" in *.c) ;; *) continue ;; esac
        case "$source" in drivers/iommu/arm/*) file_arch=arm64 ;; *) file_arch=x86 ;; esac
        [ "$file_arch" = "$arch" ] || continue
        objects+=("$source") owners+=("$patch")
      done
    done
    [ ${#objects[@]} -eq 0 ] && continue
    if [ "$arch" = arm64 ]; then
      if [ -z "$arm64_objects" ]; then
        for i in "${!objects[@]}"; do fail "${owners[i]}" "${objects[i]} is arm64-only: pass --arm64-objects"; done
        continue
      fi
      objdir=$arm64_objects
      make_args=(O="$arm64_objects" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
    else
      objdir=$x86_objects
      make_args=(O="$x86_objects" ARCH=x86)
    fi
    output=$(make -C "$tree" -s -k "${make_args[@]}" "${objects[@]/%.c/.o}" 2>&1)
    for i in "${!objects[@]}"; do
      source=${objects[i]}
      complaints=$(grep -E "(^|/)${source//./\\.}:[0-9]+:[0-9]+: (error|warning)" <<<"$output")
      if [ -n "$complaints" ]; then
        fail "${owners[i]}" "$source does not compile cleanly:"$'\n'"$complaints"
      elif [ ! "$objdir/${source%.c}.o" -nt "$tree/$source" ]; then
        fail "${owners[i]}" "$source: ${source%.c}.o was not rebuilt:"$'\n'"$(tail -n 15 <<<"$output")"
      fi
    done
  done
  revert_all
done

failed=0
for patch in "${patches[@]}"; do
  name=$(basename "$patch")
  if [ -n "${failure[$patch]:-}" ]; then
    printf 'FAIL %s: %s\n' "$name" "${failure[$patch]%$'\n'}" | sed '2,$s/^/    /'
    failed=$((failed + 1))
  else
    echo "ok   $name"
  fi
done
echo "check-mutants: ${#patches[@]} patches in ${#batches[@]} builds, $failed failed"
[ "$failed" -eq 0 ]
