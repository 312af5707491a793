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
mkdir -p "$apt_root"/{etc/apt.conf.d,etc/preferences.d,etc/sources.list.d,state/lists/partial,cache/archives/partial,download}
touch "$apt_root/state/status"
cat >"$apt_root/etc/sources.list" <<SOURCES
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
SOURCES
cat >"$apt_root/apt.conf" <<CONF
Dir "/";
Dir::State "$apt_root/state";
Dir::State::status "$apt_root/state/status";
Dir::Cache "$apt_root/cache";
Dir::Etc "$apt_root/etc";
Dir::Etc::sourcelist "$apt_root/etc/sources.list";
Dir::Etc::sourceparts "$apt_root/etc/sources.list.d";
Dir::Etc::parts "$apt_root/etc/apt.conf.d";
Dir::Etc::preferencesparts "$apt_root/etc/preferences.d";
Acquire::Check-Valid-Until "false";
Acquire::Languages "none";
APT::Sandbox::User "root";
CONF
export APT_CONFIG="$apt_root/apt.conf"
stamp="$apt_root/state/updated"
if [ ! -f "$stamp" ]; then
  apt-get update -qq >&2
  touch "$stamp"
fi
download="$apt_root/download"
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
