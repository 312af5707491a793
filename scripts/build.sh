#!/usr/bin/env bash
# Configures and builds the project into build/ (the CLI is build/iommufd-conform).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# Two jobs: the machines this runs on have two cores.
cmake --build "$root/build" -j 2
