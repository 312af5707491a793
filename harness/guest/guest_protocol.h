#ifndef IOMMUFD_CONFORM_HARNESS_GUEST_GUEST_PROTOCOL_H_
#define IOMMUFD_CONFORM_HARNESS_GUEST_GUEST_PROTOCOL_H_

#include <string_view>

// What the host (harness/vm) and our guest init agree on: the initramfs layout and the console
// marker lines. Header-only and free of host dependencies: the init includes it too.
namespace iommufd_conform::guest_protocol {

// Console markers. The host searches for them anywhere in a line, because kernel messages can
// interleave with the init's output on the same serial console.
inline constexpr std::string_view kInitStartedMarker = "IOMMUFD-CONFORM-INIT-STARTED";
inline constexpr std::string_view kReadyMarker = "IOMMUFD-CONFORM-READY";
// Followed by the payload's status: its exit code, or 128 + N when signal N ended it.
inline constexpr std::string_view kExitMarker = "IOMMUFD-CONFORM-EXIT status=";
// Followed by a one-line description; the init powers the guest off after printing it.
inline constexpr std::string_view kInitErrorMarker = "IOMMUFD-CONFORM-INIT-ERROR ";
inline constexpr std::string_view kInfoMarker = "IOMMUFD-CONFORM-INFO ";

// The initramfs layout (paths inside the guest).
inline constexpr std::string_view kInitPath = "/init";
inline constexpr std::string_view kPayloadDir = "/conform/bin";
// The payload's argv, NUL-separated; argv[0] is the payload's path in the guest.
inline constexpr std::string_view kArgvPath = "/conform/argv";
// Extra NAME=value environment entries for the payload, NUL-separated.
inline constexpr std::string_view kEnvPath = "/conform/env";
// key=value lines, one setting each (the keys below); unknown keys are an init error.
inline constexpr std::string_view kConfigPath = "/conform/init.conf";

// Comma-separated PCI vendor:device ids (hex) to bind to vfio-pci, e.g. "1234:11e8".
inline constexpr std::string_view kVfioIdsKey = "vfio_ids";
// The virtio-9p mount tag of the host share; absent when there is no share.
inline constexpr std::string_view kShareTagKey = "share_tag";
// Value for /proc/sys/vm/nr_hugepages; absent or 0 leaves it alone.
inline constexpr std::string_view kHugepagesKey = "hugepages";
// A guest directory (under kShareMountPoint) for the kernel's gcov data: the init zeroes the
// counters before the payload and copies every .gcda there after it; absent: no coverage.
inline constexpr std::string_view kGcovOutKey = "gcov_out";
// Seconds after which the init kills the payload (and carries on, e.g. to copy gcov data);
// absent or 0: no limit inside the guest.
inline constexpr std::string_view kPayloadTimeoutKey = "payload_timeout";

inline constexpr std::string_view kShareMountPoint = "/share";

}  // namespace iommufd_conform::guest_protocol

#endif  // IOMMUFD_CONFORM_HARNESS_GUEST_GUEST_PROTOCOL_H_
