#!/usr/bin/env bash
# Measures one mutant (or, with --base, the unpatched tree) by hand until `iommufd-conform
# mutate` exists: applies PATCH to a private tree, builds it incrementally for x86_64, runs the
# suite in an x86_64 guest differentially (and, unless --no-kernel-run, on the kernel alone),
# runs the kernel's own iommufd selftests in a guest of the same kernel, reverts the patch,
# and writes OUT/verdict.txt. Compare a mutant's verdict with the base's: a kill is a case that
# fails on the mutant but not on the base, a new divergence, a splat (exit 8) or a timeout (7).
#
# Usage: measure-mutant.sh --tree TREE --cli CLI --selftests DIR --out OUT [--platform P]
#                          [--no-kernel-run] (--base | PATCH)
#   TREE       private kernel tree (see README.md: no .unpacked marker), built once before
#   CLI        build/iommufd-conform
#   DIR        the iommufd and iommufd_fail_nth selftest binaries of the same Debian tree
#              (harness/coverage/build-selftests.sh 7.2 x86_64 CACHE prints it)
#   P          x86_64 platform, default x86_64:none (the mock devices only)
set -uo pipefail

tree="" cli="" selftests="" out="" platform="x86_64:none" kernel_run=1 base=0 patch=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tree) tree=$2; shift 2 ;;
    --cli) cli=$(realpath "$2"); shift 2 ;;
    --selftests) selftests=$(realpath "$2"); shift 2 ;;
    --out) out=$2; shift 2 ;;
    --platform) platform=$2; shift 2 ;;
    --no-kernel-run) kernel_run=0; shift ;;
    --base) base=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) echo "measure-mutant: unknown option $1" >&2; exit 2 ;;
    *) patch=$(realpath "$1"); shift ;;
  esac
done
if [ -z "$tree" ] || [ -z "$cli" ] || [ -z "$selftests" ] || [ -z "$out" ] ||
   { [ "$base" = 0 ] && [ -z "$patch" ]; }; then
  echo "measure-mutant: --tree, --cli, --selftests, --out and PATCH or --base are required" >&2
  exit 2
fi
if [ -f "$tree/.unpacked" ]; then
  echo "measure-mutant: $tree has .unpacked: it would build as the stock Debian kernel" >&2
  exit 2
fi
mkdir -p "$out"
out=$(realpath "$out")
verdict="$out/verdict.txt"
: >"$verdict"
say() { echo "$*" | tee -a "$verdict"; }

applied=0
revert() {
  if [ "$applied" = 1 ]; then
    (cd "$tree" && patch -p1 -R -s --no-backup-if-mismatch <"$patch") ||
      echo "measure-mutant: could not revert $patch" >&2
    applied=0
  fi
}
trap revert EXIT
trap 'revert; exit 130' INT TERM

if [ "$base" = 0 ]; then
  say "mutant: $(basename "$patch")"
  if ! (cd "$tree" && patch -p1 -s --no-backup-if-mismatch <"$patch"); then
    say "result: patch does not apply"
    exit 1
  fi
  applied=1
else
  say "mutant: none (base)"
fi

start=$(date +%s)
# A build killed by a signal (another user of the shared cache, an OOM kill) is retried twice;
# a build that fails by itself is not.
for attempt in 1 2 3; do
  "$cli" kernel build --source "$tree" --arch x86_64 >"$out/build.out" 2>"$out/build.log"
  status=$?
  [ $status -lt 128 ] && break
  say "build: attempt $attempt killed by signal $((status - 128))"
done
if [ $status -ne 0 ]; then
  say "build: failed with exit $status (see build.log)"
  exit 1
fi
image=$(tail -n1 "$out/build.out")
say "build: $(( $(date +%s) - start )) s, $image"

# Failing cases of a run, one per line: "<case> <divergence|expectation>".
failures() {
  python3 - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    sys.exit(0)
for case in root.iter('testcase'):
    for tag in ('failure', 'error'):
        node = case.find(tag)
        if node is not None:
            message = node.get('message', '')
            kind = 'divergence' if 'the model diverged from the kernel' in message else 'expectation'
            print(f"{case.get('classname')}.{case.get('name')} {kind}")
EOF
}

suite_run() {  # name backend
  local name=$1 backend=$2 status
  start=$(date +%s)
  "$cli" run --target vm --platform "$platform" --kernel "$image" --backend "$backend" \
    --results "$out/$name" >"$out/$name.log" 2>&1
  status=$?
  failures "$out/$name/junit.xml" | sort >"$out/$name.failures"
  say "$name: exit $status, $(wc -l <"$out/$name.failures") failing cases," \
    "$(grep -c ' divergence$' "$out/$name.failures") of them divergences, $(( $(date +%s) - start )) s"
}

suite_run diff diff
if [ "$kernel_run" = 1 ]; then suite_run kernel kernel; fi

for test in iommufd iommufd_fail_nth; do
  start=$(date +%s)
  "$cli" vm exec --platform "${platform#*:}" --arch x86_64 --kernel "$image" --hugepages 64 \
    --timeout 300 -- "$selftests/$test" >"$out/selftest-$test.log" 2>&1
  status=$?
  totals=$(grep -a '^# Totals:' "$out/selftest-$test.log" | tail -n1)
  grep -a '^not ok ' "$out/selftest-$test.log" | sed 's/ # .*//' | sort >"$out/selftest-$test.failures"
  say "selftest $test: exit $status, ${totals:-no totals line}, $(( $(date +%s) - start )) s"
done
