#!/usr/bin/env bash
# Exports the uapi headers of Debian's linux-source-VERSION (fetched by fetch-source.sh) once,
# into CACHE_DIR/headers/<package file name without .deb>, for `iommufd-conform abi check`.
# Usage: install-headers.sh VERSION CACHE_DIR   -> prints the headers directory on stdout.
set -euo pipefail
version=$1
cache=$2
here=$(cd "$(dirname "$0")" && pwd)

tree=$("$here/fetch-source.sh" "$version" "$cache")
package=$(cat "$tree/.debian-package")
dest="$cache/headers/${package%.deb}"
if [ -f "$dest/.installed" ]; then
  echo "$dest"
  exit 0
fi

mkdir -p "$cache/headers"
# Concurrent callers (parallel ctest) wait for one export instead of racing on it.
exec 9>"$cache/headers/.lock-$version"
flock 9
if [ ! -f "$dest/.installed" ]; then
  # O= keeps generated files out of the shared source tree, which must stay clean for
  # out-of-tree kernel builds.
  build=$(mktemp -d "$cache/headers/.build-$version.XXXXXX")
  staging="$build/install"
  trap 'rm -rf "$build"' EXIT
  make -s -C "$tree" O="$build/obj" ARCH=x86 INSTALL_HDR_PATH="$staging" headers_install >&2
  rm -rf "$dest"
  mv "$staging" "$dest"
  touch "$dest/.installed"
fi
echo "$dest"
