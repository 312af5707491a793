#!/usr/bin/env bash
# Fetches clang's libFuzzer runtime for aarch64 (libclang_rt.fuzzer-aarch64.a) from Debian's
# arm64 libclang-rt-N-dev, the same version as the host's clang-N, into
# CACHE/fuzzer-runtime/aarch64-VERSION/; the arm64 diff_fuzzer links it (fuzz/CMakeLists.txt).
# apt checks the package against the signed archive; the system's apt setup is not touched.
# Usage: fetch-arm64-fuzzer-runtime.sh CACHE_DIR [CLANG_MAJOR]   -> prints the .a's path.
set -euo pipefail
cache=$1
major=${2:-14}
here=$(cd "$(dirname "$0")" && pwd)
pkg="libclang-rt-$major-dev"
version=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || true)
if [ -z "$version" ]; then
  echo "fetch-arm64-fuzzer-runtime: $pkg is not installed on the host (scripts/setup.sh)" >&2
  exit 3
fi
upstream=${version#*:}
upstream=${upstream%%-*}
dir="$cache/fuzzer-runtime/aarch64-${version#*:}"
lib="$dir/usr/lib/llvm-$major/lib/clang/$upstream/lib/linux/libclang_rt.fuzzer-aarch64.a"
if [ -f "$dir/.unpacked" ] && [ -f "$lib" ]; then
  echo "$lib"
  exit 0
fi

apt_root="$cache/apt-arm64"
# shellcheck source=private-apt.sh
. "$here/private-apt.sh"
private_apt_init "$apt_root" arm64 \
  "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" \
  "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main"
private_apt_update "$apt_root"
if ! apt-cache show "$pkg:arm64=$version" >/dev/null 2>&1; then
  # The host's version may be newer than the lists: refresh them once more.
  rm -f "$apt_root/state/updated"
  private_apt_update "$apt_root"
fi
debs="$apt_root/debs"
mkdir -p "$debs"
rm -f "$debs/${pkg}"_*.deb
(cd "$debs" && apt-get download -qq "$pkg:arm64=$version" >&2)
deb=$(ls "$debs/${pkg}"_*_arm64.deb | head -n1)
rm -rf "$dir"
mkdir -p "$dir"
dpkg-deb -x "$deb" "$dir"
if [ ! -f "$lib" ]; then
  echo "fetch-arm64-fuzzer-runtime: $(basename "$deb") has no $(basename "$lib")" >&2
  exit 4
fi
sha256sum "$deb" | cut -d' ' -f1 >"$dir/.debian-package-sha256"
basename "$deb" >"$dir/.debian-package"
touch "$dir/.unpacked"
echo "$lib"
