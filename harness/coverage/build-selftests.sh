#!/usr/bin/env bash
# Builds the kernel's own iommufd selftests (tools/testing/selftests/iommu: iommufd,
# iommufd_fail_nth) from Debian's linux-source-VERSION as static binaries for a guest arch,
# against that tree's uapi headers, once per package and arch into
# CACHE_DIR/selftests/<package>-<arch>/.
# Usage: build-selftests.sh VERSION x86_64|arm64 CACHE_DIR   -> prints that directory on stdout.
set -euo pipefail
version=$1
arch=$2
cache=$3
here=$(cd "$(dirname "$0")" && pwd)

case "$arch" in
  x86_64) cc=gcc ;;
  arm64) cc=aarch64-linux-gnu-gcc ;;
  *) echo "build-selftests.sh: unknown arch '$arch'" >&2; exit 2 ;;
esac

tree=$("$here/../kernel/fetch-source.sh" "$version" "$cache" | tail -n1)
headers=$("$here/../kernel/install-headers.sh" "$version" "$cache" | tail -n1)
package=$(cat "$tree/.debian-package")
dest="$cache/selftests/${package%.deb}-$arch"
if [ -f "$dest/.built" ]; then
  echo "$dest"
  exit 0
fi

mkdir -p "$cache/selftests"
exec 9>"$cache/selftests/.lock-$version-$arch"
flock 9
if [ ! -f "$dest/.built" ]; then
  build=$(mktemp -d "$cache/selftests/.build-$version-$arch.XXXXXX")
  trap 'rm -rf "$build"' EXIT
  # Only linux/ comes from the tree's export: asm/ must stay the target toolchain's (the
  # headers were exported for x86), and linux/ is where iommufd.h and vfio.h change.
  mkdir -p "$build/uapi"
  ln -s "$headers/include/linux" "$build/uapi/linux"
  selftests="$tree/tools/testing/selftests"
  for test in iommufd iommufd_fail_nth; do
    # The selftests Makefile's flags, with the libcap subset in selftests/ (no libcap for
    # every guest arch on the host) and -static for our initramfs.
    "$cc" -Wall -O2 -Wno-unused-function -D_GNU_SOURCE -static \
      -I "$build/uapi" -I "$here/selftests/include" -I "$selftests" \
      -o "$build/$test" "$selftests/iommu/$test.c" "$here/selftests/capability.c" \
      -lpthread >&2
  done
  touch "$build/.built"
  rm -rf "$dest"
  mkdir -p "$dest"
  mv "$build/iommufd" "$build/iommufd_fail_nth" "$build/.built" "$dest/"
fi
echo "$dest"
