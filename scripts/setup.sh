#!/usr/bin/env bash
# Installs everything the project needs on a Debian 12 machine. Idempotent: a second run
# with everything present does no network work.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache g++ clang libclang-rt-14-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev libboost-program-options-dev
  nlohmann-json3-dev libctemplate-dev libcmark-gfm-dev libcmark-gfm-extensions-dev chromium git
  flex bison bc libelf-dev libssl-dev cpio dwarves rsync xz-utils kmod
  gcc-aarch64-linux-gnu g++-aarch64-linux-gnu
  lava-common python3-jinja2 python3-yaml
  ca-certificates gnupg debian-archive-keyring
)
# QEMU 10 from bookworm-backports: bookworm's 7.2 lacks fixes the emulated IOMMUs need.
backports_packages=(qemu-system-x86 qemu-system-arm qemu-system-data ipxe-qemu)

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
qemu_ok=1
if ! command -v qemu-system-x86_64 >/dev/null || ! command -v qemu-system-aarch64 >/dev/null; then
  qemu_ok=0
elif ! qemu-system-x86_64 --version | grep -Eq 'version (9|[1-9][0-9])\.'; then
  qemu_ok=0
fi

if [ ${#missing[@]} -eq 0 ] && [ $qemu_ok -eq 1 ]; then
  echo "setup: all dependencies present"
  exit 0
fi

# Backports are NotAutomatic in Debian: listing them never upgrades anything unasked.
backports_list=/etc/apt/sources.list.d/iommufd-conform-bookworm-backports.list
if [ ! -f "$backports_list" ]; then
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-backports main" |
    "${sudo_cmd[@]}" tee "$backports_list" >/dev/null
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ $qemu_ok -eq 0 ]; then
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends -t bookworm-backports "${backports_packages[@]}"
fi
echo "setup: done"
