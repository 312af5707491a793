#!/bin/bash -eu
# OSS-Fuzz build of the model-only target (fuzz/targets/model_fuzzer.cc).
#
# Uses the variables OSS-Fuzz defines: $CC, $CXX, $CFLAGS, $CXXFLAGS (which carry the
# sanitizer and -fsanitize=fuzzer-no-link), $LIB_FUZZING_ENGINE, $OUT, $WORK, $SRC.
# Produces in $OUT: iommufd_model_fuzzer, its seed corpus zip and its .options file.
# Locally: fuzz/oss-fuzz/local_build.sh sets the variables the way OSS-Fuzz does.

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(cd "$here/../.." && pwd)"
build="${WORK:-/tmp}/iommufd-conform-oss-fuzz"
generator="Unix Makefiles"
if command -v ninja >/dev/null; then generator=Ninja; fi

cmake -S "$project" -B "$build" -G "$generator" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DIOMMUFD_CONFORM_FUZZ_ONLY=ON -DIOMMUFD_CONFORM_OSS_FUZZ=ON \
  -DIOMMUFD_CONFORM_LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE"
cmake --build "$build" --target model_fuzzer -j "${JOBS:-$(nproc)}"

cp "$build/fuzz/model_fuzzer" "$OUT/iommufd_model_fuzzer"
cp "$here/iommufd_model_fuzzer.options" "$OUT/"
rm -f "$OUT/iommufd_model_fuzzer_seed_corpus.zip"
(cd "$project/fuzz/corpus/model" && zip -q -j "$OUT/iommufd_model_fuzzer_seed_corpus.zip" ./*)
