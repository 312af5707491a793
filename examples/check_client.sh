#!/usr/bin/env bash
# Builds an example program (examples/NAME.c) with the system `cc`, on its own (no project
# flags, headers or libraries), runs it on the reference model through
# libiommufd-model-preload.so, and compares its transcript with a kernel's
# (compare_transcripts.sh).
#
#   check_client.sh NAME recorded PRELOAD_SO EXPECTED WORKDIR
#       against a transcript recorded in a guest (EXPECTED)
#   check_client.sh NAME live PRELOAD_SO IOMMUFD_CONFORM WORKDIR
#       records the kernel's transcript now: a static build runs in a 7.2 x86_64 `none`
#       guest through `IOMMUFD_CONFORM vm exec`
set -euo pipefail
[ $# -eq 5 ] || { echo "usage: $0 NAME recorded|live PRELOAD_SO EXPECTED|IOMMUFD_CONFORM WORKDIR" >&2; exit 2; }
name=$1 mode=$2 preload=$3 reference=$4 work=$5
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
rm -f "$work"/*.txt

cc -O2 -Wall -o "$work/$name" "$here/$name.c"
LD_PRELOAD="$preload" IOMMUFD_MODEL_KERNEL=7.2 IOMMUFD_MODEL_PLATFORM=none \
  "$work/$name" "$work/model.txt"

case $mode in
  recorded)
    expected=$reference
    ;;
  live)
    cc -O2 -Wall -static -o "$work/${name}_static" "$here/$name.c"
    "$reference" vm exec --arch x86_64 --platform none --kernel 7.2 --share "$work" -- \
      "$work/${name}_static" /share/kernel.txt > "$work/console.log"
    expected=$work/kernel.txt
    ;;
  *)
    echo "unknown mode '$mode'" >&2
    exit 2
    ;;
esac
"$here/compare_transcripts.sh" "$expected" "$work/model.txt"
