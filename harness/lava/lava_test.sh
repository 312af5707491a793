#!/bin/sh
# CTest lava.*: the LAVA job template renders into jobs LAVA's own schema accepts (and a
# broken one is refused), the test definition passes LAVA's test-definition schema, and
# lava-cases.sh reports every case of a real suite run, as the suite counted them.
# usage: lava_test.sh SUITE_BINARY WORK_DIR
set -eu
suite=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"

common="suite_commit=0123abc testdef_repository=https://example.org/iommufd-conform.git
        suite_url=https://example.org/suite.tar.gz rootfs_url=https://example.org/rootfs.tar.xz"
# An arm64 board booted by U-Boot with a device tree, and an x86 board booted by GRUB.
"$here/render-job.py" $common device_type=juno-r2 kernel_url=https://example.org/Image \
  dtb_url=https://example.org/juno.dtb pci_device=0000:01:00.0 > "$work/arm64-job.yaml"
"$here/render-job.py" $common device_type=x86 kernel_url=https://example.org/bzImage \
  kernel_type=zimage boot_method=grub > "$work/x86-job.yaml"
if "$here/render-job.py" $common device_type=x86 kernel_url=https://example.org/bzImage \
     boot_method=no-such-method > /dev/null 2>&1; then
  echo "a job with an unknown boot method was accepted" >&2
  exit 1
fi
/usr/bin/python3 - "$here/iommufd-conform.yaml" <<'PY'
import sys
import yaml
from lava_common.schemas.test import testdef
testdef.validate(yaml.safe_load(open(sys.argv[1])))
PY

# A suite run on the model through the converter, lava-test-case replaced by a recorder.
cat > "$work/record-case" <<'SH'
#!/bin/sh
echo "$*" >> "$(dirname "$0")/cases.txt"
SH
chmod +x "$work/record-case"
"$suite" --case-stream --backend=model --gtest_filter='*IoasMap*:*Dma*' |
  LAVA_TEST_CASE="$work/record-case" "$here/lava-cases.sh" model > "$work/suite.log"
passed=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) tests\{0,1\}\..*/\1/p' "$work/suite.log")
skipped=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) tests\{0,1\}, listed below:/\1/p' "$work/suite.log")
reported_pass=$(grep -c -- '--result pass ' "$work/cases.txt" || true)
reported_skip=$(grep -c -- '--result skip ' "$work/cases.txt" || true)
echo "suite: ${passed:-0} passed, ${skipped:-0} skipped; LAVA: $reported_pass pass, $reported_skip skip"
test "${passed:-0}" -gt 0
test "$reported_pass" -eq "${passed:-0}"
test "$reported_skip" -eq "${skipped:-0}"
grep -q '^model\.Variants_IoasMapTest\.[A-Za-z_0-9]*_NoDomain --result pass --measurement [0-9.]* --units seconds$' \
  "$work/cases.txt"

# A kernel-bug reproducer's expected failure (the 7.3 model copies dmabuf-get-answers-zero)
# reaches LAVA as a skip, not as the pass GoogleTest counts.
: > "$work/cases.txt"
"$suite" --case-stream --backend=model --model-kernel=7.3 \
    --gtest_filter=DmabufGetTest.GetAnswersTheNewDescriptor |
  LAVA_TEST_CASE="$work/record-case" "$here/lava-cases.sh" model > "$work/xfail.log"
grep -q '^model\.DmabufGetTest\.GetAnswersTheNewDescriptor --result skip ' "$work/cases.txt"
