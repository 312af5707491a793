// The VFIO device cdev's iommufd ioctls. They follow VFIO's argsz convention: argsz must
// cover the fields the flags ask for, and unknown flags are EINVAL (not iommufd's
// EOPNOTSUPP); only the output field is written back.
#include "reference/model/vfio_device_file.h"

#include <cerrno>
#include <cstddef>

#include "reference/model/caller.h"
#include "reference/model/context.h"
#include "reference/model/struct_tail.h"
#include "reference/model/user_memory.h"
#include "reference/uapi/vfio.h"

namespace iommufd_conform::model {
namespace {

using namespace uapi;

constexpr uint32_t kBindMinSize = offsetof(VfioDeviceBindIommufd, out_devid) + sizeof(uint32_t);
constexpr uint32_t kBindTokenSize = sizeof(VfioDeviceBindIommufd);
constexpr uint32_t kAttachMinSize = offsetof(VfioDeviceAttachIommufdPt, pt_id) + sizeof(uint32_t);
constexpr uint32_t kAttachPasidSize = sizeof(VfioDeviceAttachIommufdPt);
constexpr uint32_t kDetachMinSize = offsetof(VfioDeviceDetachIommufdPt, flags) + sizeof(uint32_t);
constexpr uint32_t kDetachPasidSize = sizeof(VfioDeviceDetachIommufdPt);
constexpr uint32_t kInfoMinSize = offsetof(VfioDeviceInfo, num_irqs) + sizeof(uint32_t);

}  // namespace

VfioDeviceFile::~VfioDeviceFile() {
  if (bound_) bound_->UnbindVfioDevice(dev_id_);
}

Outcome VfioDeviceFile::Ioctl(unsigned long request, uint64_t arg) {
  int error;
  if (request == kIoctlVfioDeviceBindIommufd) {
    error = Bind(arg);
  } else if (!bound_) {
    // Nothing but BIND reaches a cdev whose access has not been granted yet.
    error = EINVAL;
  } else if (request == kIoctlVfioDeviceAttachIommufdPt) {
    error = Attach(arg);
  } else if (request == kIoctlVfioDeviceDetachIommufdPt) {
    error = Detach(arg);
  } else if (request == kIoctlVfioDeviceGetInfo) {
    error = GetInfo(arg);
  } else {
    // The device's own regions, irqs and resets are not modelled.
    error = ENOTTY;
  }
  return error ? Outcome::Failure(error) : Outcome::Success(0);
}

DeviceDmaResult VfioDeviceFile::Dma(uint64_t iova, std::span<std::byte> data, bool write) {
  if (!bound_) return {ENODEV, {}};
  return bound_->DeviceDma(dev_id_, iova, data, write);
}

std::vector<WrittenMemory> VfioDeviceFile::DmaTargets(uint64_t iova, uint64_t length) {
  if (!bound_) return {};
  return bound_->DeviceDmaTargets(dev_id_, iova, length);
}

int VfioDeviceFile::Bind(uint64_t arg) {
  VfioDeviceBindIommufd bind{};
  if (UserMemory::CopyFrom(&bind, arg, kBindMinSize)) return EFAULT;
  uint32_t known_flags = config_.kernel.vfio_bind_token ? kVfioDeviceBindFlagToken : 0;
  if (bind.argsz < kBindMinSize) return EINVAL;
  // With the token field (7.2) the struct is read as copy_struct_from_user reads it: a
  // longer one needs a zero tail (seen as E2BIG by diff_fuzzer on 7.2 VT-d, 2026-12-07).
  if (config_.kernel.vfio_bind_token) {
    if (int error = CheckStructTail(arg, kBindTokenSize, bind.argsz)) return error;
  }
  if (bind.flags & ~known_flags) return EINVAL;
  if (bound_) return EINVAL;
  if (bind.flags & kVfioDeviceBindFlagToken) {
    if (bind.argsz < kBindTokenSize) return EINVAL;
    if (UserMemory::CopyFrom(&bind.token_uuid_ptr, arg + kBindMinSize,
                             sizeof(bind.token_uuid_ptr))) {
      return EFAULT;
    }
    std::byte uuid[16];
    if (UserMemory::CopyFrom(uuid, bind.token_uuid_ptr, sizeof(uuid))) return EFAULT;
    // A VF token belongs to SR-IOV functions; the platform devices are neither PF nor VF.
    return EINVAL;
  }
  if (bind.iommufd < 0) return EINVAL;
  std::shared_ptr<ModelFile> file = files_.Lookup(bind.iommufd);
  // Any other open file is no iommufd, the caller's own too: EBADFD (diff_fuzzer, 7.2 VT-d,
  // binding to /dev/null). Only a closed number is EBADF.
  if (!file) return CurrentCaller()->HasDescriptor(bind.iommufd) ? EBADFD : EBADF;
  auto context = std::dynamic_pointer_cast<Context>(file);
  if (!context) return EBADFD;
  uint32_t dev_id;
  if (int error = context->BindVfioDevice(device_, &dev_id)) return error;
  if (UserMemory::CopyTo(arg + offsetof(VfioDeviceBindIommufd, out_devid), &dev_id,
                         sizeof(dev_id))) {
    context->UnbindVfioDevice(dev_id);
    return EFAULT;
  }
  bound_ = std::move(context);
  dev_id_ = dev_id;
  return 0;
}

int VfioDeviceFile::Attach(uint64_t arg) {
  VfioDeviceAttachIommufdPt attach{};
  if (UserMemory::CopyFrom(&attach, arg, kAttachMinSize)) return EFAULT;
  uint32_t known_flags = config_.kernel.vfio_attach_pasid ? kVfioDeviceAttachPasid : 0;
  if (attach.argsz < kAttachMinSize || (attach.flags & ~known_flags)) return EINVAL;
  if (attach.flags & kVfioDeviceAttachPasid) {
    if (attach.argsz < kAttachPasidSize) return EINVAL;
    // The platform devices have no PASID capability, which is asked about after the page
    // table is looked up: on 7.2 VT-d an id naming nothing is ENOENT, any object EINVAL
    // (diff_fuzzer, 2026-12-07).
    return bound_->objects().Find(attach.pt_id) ? EINVAL : ENOENT;
  }
  uint32_t pt_id = attach.pt_id;
  if (int error = bound_->AttachVfioDevice(dev_id_, &pt_id)) return error;
  return UserMemory::CopyTo(arg + offsetof(VfioDeviceAttachIommufdPt, pt_id), &pt_id,
                            sizeof(pt_id));
}

int VfioDeviceFile::Detach(uint64_t arg) {
  VfioDeviceDetachIommufdPt detach{};
  if (UserMemory::CopyFrom(&detach, arg, kDetachMinSize)) return EFAULT;
  uint32_t known_flags = config_.kernel.vfio_attach_pasid ? kVfioDeviceDetachPasid : 0;
  if (detach.argsz < kDetachMinSize || (detach.flags & ~known_flags)) return EINVAL;
  if (detach.flags & kVfioDeviceDetachPasid) {
    if (detach.argsz < kDetachPasidSize) return EINVAL;
    // Detaching a PASID that is attached to nothing is no error, PASID support or not.
    return 0;
  }
  bound_->DetachVfioDevice(dev_id_);
  return 0;
}

// vfio-pci answers with the counts only: without capabilities nothing past num_irqs is
// written, whatever argsz says.
int VfioDeviceFile::GetInfo(uint64_t arg) {
  VfioDeviceInfo info{};
  if (UserMemory::CopyFrom(&info, arg, kInfoMinSize)) return EFAULT;
  if (info.argsz < kInfoMinSize) return EINVAL;
  info.flags = device_.vfio_info_flags;
  info.num_regions = kVfioPciNumRegions;
  info.num_irqs = kVfioPciNumIrqs;
  return UserMemory::CopyTo(arg, &info, kInfoMinSize) ? EFAULT : 0;
}

}  // namespace iommufd_conform::model
