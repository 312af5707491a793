#!/bin/bash -eu
# Runs build.sh the way OSS-Fuzz would (clang, libFuzzer, one sanitizer), into OUT
# (default: a new temporary folder), then runs the target for a few seconds from its seeds.
#   fuzz/oss-fuzz/local_build.sh [address|undefined|none] [OUT]
# "none" is the plain libFuzzer build the speed figures in fuzz/README.md are taken with.
sanitizer="${1:-address}"
export OUT="${2:-$(mktemp -d /tmp/oss-fuzz-out.XXXXXX)}"
export WORK="${WORK:-$OUT/work}"
export SRC="${SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export CC="${CC:-clang-14}" CXX="${CXX:-clang++-14}"
export LIB_FUZZING_ENGINE="-fsanitize=fuzzer"
base="-O1 -fno-omit-frame-pointer -gline-tables-only"
case "$sanitizer" in
  address) flags="-fsanitize=address -fsanitize-address-use-after-scope" ;;
  undefined) flags="-fsanitize=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound,vptr -fno-sanitize-recover=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr" ;;
  none) flags="" ;;
  *) echo "usage: $0 [address|undefined|none] [OUT]" >&2; exit 2 ;;
esac
export CFLAGS="$base $flags -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS"
mkdir -p "$OUT" "$WORK"
"$SRC/fuzz/oss-fuzz/build.sh"
echo "built into $OUT:"; ls "$OUT"
corpus="$WORK/corpus"
rm -rf "$corpus" && mkdir -p "$corpus" && unzip -q "$OUT/iommufd_model_fuzzer_seed_corpus.zip" -d "$corpus"
"$OUT/iommufd_model_fuzzer" -max_len=256 -max_total_time="${FUZZ_SECONDS:-5}" -print_final_stats=1 "$corpus"
