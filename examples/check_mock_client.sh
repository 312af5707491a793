#!/usr/bin/env bash
# Builds examples/mock_client.c with the system `cc`, on its own (no project flags, headers or
# libraries), runs it on the reference model through libiommufd-model-preload.so, and
# compares its transcript with a kernel's (compare_transcripts.sh).
#
#   check_mock_client.sh recorded PRELOAD_SO EXPECTED WORKDIR
#       against a transcript recorded in a guest (EXPECTED)
#   check_mock_client.sh live PRELOAD_SO IOMMUFD_CONFORM WORKDIR
#       records the kernel's transcript now: a static build runs in a 7.2 x86_64 `none`
#       guest through `IOMMUFD_CONFORM vm exec`
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: $0 recorded|live PRELOAD_SO EXPECTED|IOMMUFD_CONFORM WORKDIR" >&2; exit 2; }
mode=$1 preload=$2 reference=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
rm -f "$work"/*.txt

cc -O2 -Wall -o "$work/mock_client" "$here/mock_client.c"
LD_PRELOAD="$preload" IOMMUFD_MODEL_KERNEL=7.2 IOMMUFD_MODEL_PLATFORM=none \
  "$work/mock_client" "$work/model.txt"

case $mode in
  recorded)
    expected=$reference
    ;;
  live)
    cc -O2 -Wall -static -o "$work/mock_client_static" "$here/mock_client.c"
    "$reference" vm exec --arch x86_64 --platform none --kernel 7.2 --share "$work" -- \
      "$work/mock_client_static" /share/kernel.txt > "$work/console.log"
    expected=$work/kernel.txt
    ;;
  *)
    echo "unknown mode '$mode'" >&2
    exit 2
    ;;
esac
"$here/compare_transcripts.sh" "$expected" "$work/model.txt"
