#!/usr/bin/env bash
# The model-fault test: boots a 7.2 x86_64 `none` guest (the selftest mock driver) and runs
# iommufd-conform-fault-sweep in it, which runs the suite differentially once per deliberate
# model fault. Each run's output and divergence report stay in WORKDIR/runs.
#
#   run_model_faults.sh IOMMUFD_CONFORM SUITE FAULT_SWEEP WORKDIR [--fault=NAME]...
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 IOMMUFD_CONFORM SUITE FAULT_SWEEP WORKDIR [--fault=NAME]..." >&2; exit 2; }
cli=$1 suite=$2 sweep=$3 work=$4
shift 4
rm -rf "$work"
mkdir -p "$work/runs"
cp "$suite" "$work/iommufd-conform-suite"
"$cli" vm exec --arch x86_64 --platform none --kernel 7.2 --share "$work" --timeout 900 -- \
  "$sweep" --suite=/share/iommufd-conform-suite --work=/share/runs "$@" | tee "$work/console.log"
