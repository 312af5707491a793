#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs `iommufd-conform run` with the
# given arguments (default: the conformance suite on the embedded reference model).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
exec "$root/build/iommufd-conform" run "$@"
