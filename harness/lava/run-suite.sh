#!/bin/sh
# Runs on a LAVA board (harness/lava/iommufd-conform.yaml): makes the board ready for the
# suite, fetches its static binaries and runs it on the board's /dev/iommu once per backend,
# reporting every case with lava-test-case (harness/lava/lava-cases.sh).
# usage: run-suite.sh SUITE_URL "BACKENDS" PCI_DEVICE HUGEPAGES
set -eu
suite_url=$1
backends=$2
pci_device=$3
hugepages=$4
here=$(cd "$(dirname "$0")" && pwd)

# A board that cannot run the suite fails one named case instead of every suite case.
require() {
  if ! "$@" >/dev/null 2>&1; then
    lava-test-case "setup.$name" --result fail
    exit 0
  fi
  lava-test-case "setup.$name" --result pass
}

name=dev-iommu require test -c /dev/iommu
if [ "$hugepages" -gt 0 ]; then
  echo "$hugepages" > /proc/sys/vm/nr_hugepages
fi
if [ "$pci_device" != none ]; then
  modprobe vfio-pci 2>/dev/null || true
  sysfs=/sys/bus/pci/devices/$pci_device
  echo vfio-pci > "$sysfs/driver_override"
  if [ -e "$sysfs/driver" ]; then
    echo "$pci_device" > "$sysfs/driver/unbind"
  fi
  echo "$pci_device" > /sys/bus/pci/drivers_probe
  name=vfio-cdev require test -d "$sysfs/vfio-dev"
fi

work=$(mktemp -d)
name=fetch-suite require sh -c "wget -q -O '$work/suite.tar.gz' '$suite_url' ||
                                curl -fsSL -o '$work/suite.tar.gz' '$suite_url'"
tar -xzf "$work/suite.tar.gz" -C "$work"

for backend in $backends; do
  # On a board the model knows no platform profile: the board's devices are outside the
  # model (not covered), the selftest mock devices are compared.
  "$work/iommufd-conform-suite" --case-stream --backend="$backend" --platform=none 2>&1 |
    tee "$work/suite-$backend.log" | "$here/lava-cases.sh" "$backend"
done
