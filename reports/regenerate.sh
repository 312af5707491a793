#!/usr/bin/env bash
# Regenerates what reports/ publishes from one project commit, and heads every file it writes
# with the command that produced it and that commit, so no published figure is older than
# its header says. Kernels, guests and base results come from the usual caches; what is not
# cached is built (a Debian kernel: 5-10 minutes per arch on 2 cores).
#
# Usage: reports/regenerate.sh [--cli PATH] [--only SECTIONS] [--kernels LIST]
#                              [--tree PATH] [--work DIR] [--allow-dirty]
#   SECTIONS  comma-separated: conformance, coverage, benchmarks, mutation (default: all)
#   LIST      kernels for the conformance section (default: 7.2,7.3,6.12)
#   --tree    the 7.2 git tree mutation runs on (default: made by harness/gate/make-git-tree.sh)
#   --work    where the raw results go (default: a fresh temporary folder, kept)
# A section that fails stops the script with its exit status; the files it would have
# replaced stay as they were.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cli="$root/build/iommufd-conform"
sections="conformance,coverage,benchmarks,mutation"
kernels="7.2,7.3,6.12"
tree=""
work=""
allow_dirty=0
while [ $# -gt 0 ]; do
  case "$1" in
    --cli) cli=$2; shift 2 ;;
    --only) sections=$2; shift 2 ;;
    --kernels) kernels=$2; shift 2 ;;
    --tree) tree=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --allow-dirty) allow_dirty=1; shift ;;
    *) echo "regenerate: unknown argument $1" >&2; exit 2 ;;
  esac
done

# A figure names the commit it came from: the binaries must be built from a clean checkout.
commit=$(git -C "$root" rev-parse HEAD)
if [ "$allow_dirty" -eq 0 ] && [ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]; then
  echo "regenerate: $root has uncommitted changes; commit them (or --allow-dirty, and the" \
       "header says so)" >&2
  exit 2
fi
[ "$allow_dirty" -eq 1 ] && commit="$commit (with uncommitted changes)"
[ -x "$cli" ] || { echo "regenerate: $cli is not built" >&2; exit 3; }
work=${work:-$(mktemp -d /tmp/reports-regenerate.XXXXXX)}
mkdir -p "$work"
today=$(date -u +%Y-%m-%d)
echo "regenerate: project commit $commit, raw results in $work"

wants() { [[ ",$sections," == *",$1,"* ]]; }

# run_logged NAME COMMAND...: runs it, keeping its output beside the raw results.
run_logged() {
  local name=$1
  shift
  echo "regenerate: $name: $*"
  "$@" > "$work/$name.log" 2>&1 || {
    local status=$?
    echo "regenerate: $name failed (exit $status); see $work/$name.log" >&2
    tail -n 20 "$work/$name.log" >&2
    exit "$status"
  }
}

# headed_md SRC DEST COMMAND: DEST is SRC with the header under its title line.
headed_md() {
  local src=$1 dest=$2 command=$3
  mkdir -p "$(dirname "$dest")"
  /usr/bin/python3 - "$src" "$dest" "$command" "$commit" "$today" <<'EOF'
import sys
src, dest, command, commit, today = sys.argv[1:]
lines = open(src, encoding="utf-8").read().splitlines(keepends=True)
header = (f"\n_Produced by `{command}` from project commit `{commit}` on {today} "
          f"(reports/regenerate.sh)._\n")
at = 1 if lines and lines[0].startswith("# ") else 0
open(dest, "w", encoding="utf-8").write("".join(lines[:at]) + header + "".join(lines[at:]))
EOF
}

# headed_json SRC DEST COMMAND: DEST is SRC's object with a leading "produced_by" member.
headed_json() {
  local src=$1 dest=$2 command=$3
  mkdir -p "$(dirname "$dest")"
  /usr/bin/python3 - "$src" "$dest" "$command" "$commit" "$today" <<'EOF'
import json, sys
src, dest, command, commit, today = sys.argv[1:]
document = json.load(open(src, encoding="utf-8"))
headed = {"produced_by": {"command": command, "project_commit": commit, "date": today}}
headed.update(document)
with open(dest, "w", encoding="utf-8") as out:
    json.dump(headed, out, indent=1)
    out.write("\n")
EOF
}

if wants conformance; then
  IFS=, read -ra kernel_list <<< "$kernels"
  for kernel in "${kernel_list[@]}"; do
    out="$work/conformance-$kernel"
    command="iommufd-conform run --target vm --platform all --backend diff --kernel $kernel"
    # exit 1 (failing cases) still writes every file: a failure is part of the report.
    "$cli" run --target vm --platform all --backend diff --kernel "$kernel" --results "$out" \
      > "$work/conformance-$kernel.log" 2>&1 || [ $? -eq 1 ] || {
        echo "regenerate: conformance $kernel did not run; see $work/conformance-$kernel.log" >&2
        exit 1
      }
    dest="$root/reports/conformance/$kernel"
    headed_md "$out/report.md" "$dest/report.md" "$command"
    headed_md "$out/uapi_coverage.md" "$dest/uapi_coverage.md" "$command"
    headed_json "$out/summary.json" "$dest/summary.json" "$command"
    echo "regenerate: conformance $kernel -> $dest"
  done
  /usr/bin/python3 "$here/conformance_table.py" "$root/reports/conformance" \
    > "$root/reports/conformance/table.md"
fi

if wants coverage; then
  command="iommufd-conform coverage --kernel 7.2 --platform vtd,none,arm64:smmuv3"
  run_logged coverage "$cli" coverage --kernel 7.2 --platform vtd,none,arm64:smmuv3 \
    --results "$work/coverage"
  headed_md "$work/coverage/coverage.md" "$root/reports/coverage/7.2-measured.md" "$command"
  headed_json "$work/coverage/coverage.json" "$root/reports/coverage/7.2-measured.json" "$command"
fi

if wants benchmarks; then
  command="iommufd-conform bench --target vm --platform x86_64:vtd,arm64:smmuv3 --kernel 7.2"
  run_logged benchmarks "$cli" bench --target vm --platform x86_64:vtd,arm64:smmuv3 \
    --kernel 7.2 --results "$work/bench"
  dest="$root/reports/benchmarks/uapi"
  for file in "$work"/bench/*; do
    case "$file" in
      *.md) headed_md "$file" "$dest/$(basename "$file")" "$command" ;;
      *.json) headed_json "$file" "$dest/$(basename "$file")" "$command" ;;
      *.svg) cp "$file" "$dest/" ;;
    esac
  done
fi

if wants mutation; then
  tree=${tree:-$("$root/harness/gate/make-git-tree.sh" 7.2 \
    "${IOMMUFD_CONFORM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iommufd-conform}")}
  # mutate writes its own header (command, commit, date); exit 1 means an unexplained
  # survivor, which the report shows.
  "$cli" mutate --tree "$tree" --mutants "$root/mutants/linux-7.2" --arch x86_64,arm64 \
    --results "$work/mutate" --report "$root/reports/mutation/7.2.md" \
    > "$work/mutation.log" 2>&1 || [ $? -eq 1 ] || {
      echo "regenerate: mutation did not run; see $work/mutation.log" >&2
      exit 1
    }
fi
echo "regenerate: done; review with git diff -- reports/"
