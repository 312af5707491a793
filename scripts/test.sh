#!/usr/bin/env bash
# The tests: installs what is missing, builds, and runs every test with CTest, including the
# ABI comparison against 7.2 and 7.3 headers and the suite in x86_64 VT-d and arm64 SMMUv3
# guests (kernels are built once and cached in ~/.cache/iommufd-conform).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
cd "$root/build"
exec ctest --output-on-failure "$@"
