#ifndef IOMMUFD_CONFORM_HARNESS_VM_INITRAMFS_H_
#define IOMMUFD_CONFORM_HARNESS_VM_INITRAMFS_H_

#include <filesystem>
#include <string>
#include <vector>

#include "harness/common/harness_error.h"

namespace iommufd_conform {

// What goes into one run's initramfs (layout: harness/guest/guest_protocol.h).
struct InitramfsSpec {
  std::filesystem::path init_binary;  // our static init, becomes /init
  std::filesystem::path payload;      // becomes /conform/bin/<its file name>
  std::vector<std::string> payload_args;
  std::vector<std::string> payload_env;  // NAME=value
  std::vector<std::string> vfio_ids;     // "1234:11e8"
  std::string share_tag;                 // empty: no host share
  int hugepages = 0;
  std::string gcov_out;  // guest directory for the kernel's .gcda files; empty: none
  int payload_timeout = 0;  // seconds the init lets the payload run; 0: no limit
};

// The archive's bytes: an uncompressed newc cpio.
HarnessResult<std::string> BuildInitramfs(const InitramfsSpec& spec);

HarnessStatus WriteInitramfs(const InitramfsSpec& spec, const std::filesystem::path& out);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_VM_INITRAMFS_H_
