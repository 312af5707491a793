#!/usr/bin/env bash
# Downloads Debian's source package of Google Benchmark ("benchmark") into CACHE/sources/ and
# unpacks it, with a private apt configuration (deb-src lines only) so the system's apt
# sources and state stay untouched. Debian ships no static libbenchmark and none for arm64;
# the build compiles this tree statically for each guest arch (benchmarks/CMakeLists.txt).
# Usage: fetch-benchmark-source.sh CACHE_DIR   -> prints the unpacked tree's path on stdout.
set -euo pipefail
cache=$1
src_root="$cache/sources"
tree="$src_root/google-benchmark"
if [ -f "$tree/.unpacked" ]; then
  echo "$tree"
  exit 0
fi

apt_root="$cache/apt-src"
# shellcheck source=private-apt.sh
. "$(dirname "$0")/private-apt.sh"
private_apt_init "$apt_root" "$(dpkg --print-architecture)" \
  "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main"
private_apt_update "$apt_root"
download="$apt_root/download"
mkdir -p "$download"
rm -rf "${download:?}"/*
(cd "$download" && apt-get source --download-only -qq benchmark >&2)
orig=$(ls "$download"/benchmark_*.orig.tar.* | head -n1)
unpack="$src_root/.unpack-google-benchmark"
rm -rf "$unpack" "$tree"
mkdir -p "$unpack" "$tree"
tar -xf "$orig" -C "$tree" --strip-components=1
basename "$orig" >"$tree/.debian-source"
rm -rf "$unpack"
touch "$tree/.unpacked"
echo "$tree"
