#!/usr/bin/env bash
# Downloads Debian's linux-source-VERSION package into CACHE/sources/ and unpacks its tarball,
# using a private apt configuration so the system's apt sources and state stay untouched.
# Usage: fetch-source.sh VERSION CACHE_DIR   -> prints the unpacked tree's path on stdout.
set -euo pipefail
version=$1
cache=$2
src_root="$cache/sources"
tree="$src_root/linux-source-$version"
if [ -f "$tree/.unpacked" ]; then
  echo "$tree"
  exit 0
fi
# Two callers at once (parallel CTests, a gate beside a run) would unpack over each other.
mkdir -p "$src_root"
exec 9>"$src_root/.lock-$version"
flock 9
if [ -f "$tree/.unpacked" ]; then
  echo "$tree"
  exit 0
fi

apt_root="$cache/apt"
# shellcheck source=../../scripts/private-apt.sh
. "$(dirname "$0")/../../scripts/private-apt.sh"
private_apt_init "$apt_root" amd64 \
  "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
  "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-backports main" \
  "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main" \
  "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian experimental main"
# Refresh the package lists at most once a day.
private_apt_update "$apt_root" 1440
pkg="linux-source-$version"
if ! apt-cache show "$pkg" >/dev/null 2>&1; then
  echo "fetch-source: Debian has no package $pkg" >&2
  exit 3
fi
# Prefer the newest version any suite offers.
mkdir -p "$apt_root/debs"
(cd "$apt_root/debs" && rm -f "${pkg}"_*.deb && apt-get download -qq "$pkg" >&2)
deb=$(ls "$apt_root/debs/${pkg}"_*.deb | head -n1)
unpack="$src_root/.unpack-$version"
rm -rf "$unpack" "$tree"
mkdir -p "$unpack"
dpkg-deb -x "$deb" "$unpack"
tarball=$(ls "$unpack"/usr/src/linux-source-*.tar.* | head -n1)
mkdir -p "$tree"
tar -xf "$tarball" -C "$tree" --strip-components=1
basename "$deb" >"$tree/.debian-package"
rm -rf "$unpack"
touch "$tree/.unpacked"
echo "$tree"
