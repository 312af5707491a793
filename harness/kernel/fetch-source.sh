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

apt_root="$cache/apt"
mkdir -p "$apt_root"/{etc/apt.conf.d,etc/preferences.d,etc/sources.list.d,state/lists/partial,cache/archives/partial,debs}
touch "$apt_root/state/status"
cat >"$apt_root/etc/sources.list" <<SOURCES
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-backports main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian experimental main
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
APT::Architecture "amd64";
Acquire::Check-Valid-Until "false";
Acquire::Languages "none";
APT::Sandbox::User "root";
CONF
export APT_CONFIG="$apt_root/apt.conf"
# Refresh the package lists at most once a day.
stamp="$apt_root/state/updated"
if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440)" ]; then
  apt-get update -qq >&2
  touch "$stamp"
fi
pkg="linux-source-$version"
if ! apt-cache show "$pkg" >/dev/null 2>&1; then
  echo "fetch-source: Debian has no package $pkg" >&2
  exit 3
fi
# Prefer the newest version any suite offers.
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
