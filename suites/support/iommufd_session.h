#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_IOMMUFD_SESSION_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_IOMMUFD_SESSION_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "harness/backend/backend.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"
#include "reference/uapi/vfio.h"

namespace iommufd_conform {

// The bytes of a driver-data struct (HwptAlloc, ViommuAlloc), or its first `length` bytes.
template <typename T>
std::span<const std::byte> BytesOf(const T& value, size_t length = sizeof(T)) {
  return {reinterpret_cast<const std::byte*>(&value), length};
}

// One open iommufd on a backend, with one typed call per ioctl and selftest op: the one
// place the suites fill a uAPI struct for a well-formed call. Every call returns the raw
// Outcome; deciding what is right is the test's job. The calls are defined by uAPI object:
// iommufd_session.cc, session_ioas.cc, session_hwpt.cc, session_test_cmd.cc,
// session_vfio.cc.
class IommufdSession {
 public:
  explicit IommufdSession(Backend& backend);
  ~IommufdSession();
  IommufdSession(const IommufdSession&) = delete;
  IommufdSession& operator=(const IommufdSession&) = delete;

  // The outcome of opening the fd; the other calls are meaningless unless it succeeded.
  const Outcome& open_outcome() const { return open_outcome_; }
  int fd() const { return fd_; }
  Backend& backend() { return backend_; }

  // ---- Objects (iommufd_session.cc) ----
  Outcome Destroy(uint32_t id);
  Outcome Option(uint32_t option_id, uint16_t op, uint32_t object_id, uint64_t val64);
  // IOMMU_FAULT_QUEUE_ALLOC: out_fault_id and out_fault_fd, a descriptor of this backend.
  Outcome FaultQueueAlloc(uint32_t flags = 0);

  // ---- IOAS (session_ioas.cc) ----
  Outcome IoasAlloc(uint32_t flags = 0);
  Outcome IoasMap(uint32_t ioas_id, const void* user_va, uint64_t length, uint64_t iova,
                  uint32_t flags);
  Outcome IoasMapFile(uint32_t ioas_id, int fd, uint64_t start, uint64_t length, uint64_t iova,
                      uint32_t flags);
  Outcome IoasUnmap(uint32_t ioas_id, uint64_t iova, uint64_t length);
  Outcome IoasCopy(uint32_t dst_ioas_id, uint32_t src_ioas_id, uint64_t src_iova,
                   uint64_t length, uint64_t dst_iova, uint32_t flags);
  // Fills `ranges` as far as it goes; the outcome's struct says how many exist.
  Outcome IoasIovaRanges(uint32_t ioas_id, std::span<uapi::IommuIovaRange> ranges);
  Outcome IoasAllowIovas(uint32_t ioas_id, std::span<const uapi::IommuIovaRange> ranges);
  Outcome IoasChangeProcess();

  // ---- HWPT, vIOMMU and their relatives (session_hwpt.cc) ----
  // IOMMU_HWPT_ALLOC; `fault_id` only means something with IOMMU_HWPT_FAULT_ID_VALID.
  Outcome HwptAlloc(uint32_t dev_id, uint32_t pt_id, uint32_t flags = 0, uint32_t data_type = 0,
                    std::span<const std::byte> data = {}, uint32_t fault_id = 0);
  // IOMMU_HWPT_INVALIDATE over `entry_num` entries of `entry_len` bytes at `entries`.
  Outcome HwptInvalidate(uint32_t hwpt_id, uint32_t data_type, const void* entries,
                         uint32_t entry_len, uint32_t entry_num);
  Outcome HwptSetDirtyTracking(uint32_t hwpt_id, uint32_t flags);
  Outcome HwptGetDirtyBitmap(uint32_t hwpt_id, uint64_t iova, uint64_t length, uint64_t page_size,
                             void* data, uint32_t flags = 0);
  // IOMMU_GET_HW_INFO into `data`; `in_type` with IOMMU_HW_INFO_FLAG_INPUT_TYPE.
  Outcome GetHwInfo(uint32_t dev_id, std::span<std::byte> data, uint32_t flags = 0,
                    uint32_t in_type = 0);
  Outcome ViommuAlloc(uint32_t dev_id, uint32_t hwpt_id,
                      uint32_t type = uapi::kIommuViommuTypeSelftest,
                      std::span<const std::byte> data = {}, uint32_t flags = 0);
  Outcome VdeviceAlloc(uint32_t viommu_id, uint32_t dev_id, uint64_t virt_id);
  Outcome VeventqAlloc(uint32_t viommu_id, uint32_t depth,
                       uint32_t type = uapi::kIommuVeventqTypeSelftest, uint32_t flags = 0);
  Outcome HwQueueAlloc(uint32_t viommu_id, uint32_t index, uint64_t iova, uint64_t length,
                       uint32_t type = uapi::kIommuHwQueueTypeSelftest, uint32_t flags = 0);

  // ---- IOMMU_TEST_CMD, the selftest driver (session_test_cmd.cc) ----
  Outcome AddReserved(uint32_t ioas_id, uint64_t start, uint64_t length);
  // MOCK_DOMAIN, or MOCK_DOMAIN_FLAGS when `dev_flags` is given.
  Outcome MockDomain(uint32_t pt_id, std::optional<uint32_t> dev_flags = std::nullopt);
  // MOCK_DOMAIN_REPLACE: pt_id answers the HWPT the device now uses.
  Outcome MockDomainReplace(uint32_t stdev_id, uint32_t pt_id);
  Outcome CheckMap(uint32_t hwpt_id, uint64_t iova, uint64_t length, const void* uptr);
  // MD_CHECK_REFS: whether every page of [uptr, uptr + length) is pinned exactly `refs` times.
  Outcome CheckRefs(const void* uptr, uint64_t length, uint32_t refs);
  Outcome CheckIotlb(uint32_t hwpt_id, uint32_t iotlb_id, uint32_t value);
  Outcome CheckDevCache(uint32_t idev_id, uint32_t cache_id, uint32_t value);
  Outcome SetTempMemoryLimit(uint32_t limit);
  // CREATE_ACCESS: out_access_fd, a descriptor of this backend the access ops name it by.
  Outcome CreateAccess(uint32_t ioas_id, uint32_t flags);
  Outcome AccessPages(int access_fd, uint64_t iova, uint64_t length, const void* uptr,
                      uint32_t flags = 0);
  Outcome DestroyAccessPages(int access_fd, uint32_t access_pages_id);
  Outcome AccessRw(int access_fd, uint64_t iova, uint64_t length, void* uptr, uint32_t flags);
  Outcome AccessReplaceIoas(int access_fd, uint32_t ioas_id);
  // DIRTY: bit i of the words at `bits` dirties the mock PTE at iova + i * page_size.
  Outcome MarkDirty(uint32_t hwpt_id, uint64_t iova, uint64_t length, uint64_t page_size,
                    const uint64_t* bits, uint32_t flags = 0);
  Outcome TriggerIopf(uint32_t dev_id, uint32_t pasid, uint32_t grpid, uint32_t perm,
                      uint64_t addr);
  Outcome TriggerVevent(uint32_t dev_id);
  // The PASID ops of the selftest device `stdev_id`; attach and replace answer the HWPT used.
  Outcome PasidAttach(uint32_t stdev_id, uint32_t pasid, uint32_t pt_id);
  Outcome PasidReplace(uint32_t stdev_id, uint32_t pasid, uint32_t pt_id);
  Outcome PasidDetach(uint32_t stdev_id, uint32_t pasid);
  // PASID_CHECK_HWPT: succeeds when `pasid` is attached to `hwpt_id` (0: to nothing).
  Outcome PasidCheckHwpt(uint32_t stdev_id, uint32_t pasid, uint32_t hwpt_id);
  // DMABUF_GET: ret is the new dmabuf descriptor.
  Outcome DmabufGet(uint32_t length, uint32_t open_flags);
  Outcome DmabufRevoke(int dmabuf_fd, uint32_t revoked = 1);
  // Any op with the caller's fields and `size` filled in: for unknown ops and ids.
  Outcome TestCmd(uapi::IommuTestCmd& cmd);

  // ---- VFIO (session_vfio.cc): the cdev's calls on `device_fd`, the type1 container's on
  // this iommufd ----
  // `iommufd_fd` nullopt names this session's descriptor; `token_uuid` goes with
  // VFIO_DEVICE_BIND_FLAG_TOKEN.
  Outcome VfioDeviceBind(int device_fd, uint32_t flags = 0,
                         std::optional<int> iommufd_fd = std::nullopt,
                         uint32_t argsz = sizeof(uapi::VfioDeviceBindIommufd),
                         const void* token_uuid = nullptr);
  Outcome VfioDeviceAttach(int device_fd, uint32_t pt_id, uint32_t flags = 0, uint32_t pasid = 0,
                           uint32_t argsz = sizeof(uapi::VfioDeviceAttachIommufdPt));
  Outcome VfioDeviceDetach(int device_fd, uint32_t flags = 0, uint32_t pasid = 0,
                           uint32_t argsz = sizeof(uapi::VfioDeviceDetachIommufdPt));
  Outcome VfioDeviceGetInfo(int device_fd, uint32_t argsz = sizeof(uapi::VfioDeviceInfo));
  // IOMMU_VFIO_IOAS: get, set or clear the compat IOAS.
  Outcome VfioIoas(uint16_t op, uint32_t ioas_id = 0);
  // The type1 container ioctls whose argument is a number, not a pointer.
  Outcome VfioValue(unsigned long request, uint64_t value);
  Outcome VfioMapDma(uint64_t iova, const void* va, uint64_t size,
                     uint32_t flags = uapi::kVfioDmaMapFlagRead | uapi::kVfioDmaMapFlagWrite,
                     uint32_t argsz = sizeof(uapi::VfioIommuType1DmaMap));
  Outcome VfioUnmapDma(uint64_t iova, uint64_t size, uint32_t flags = 0,
                       uint32_t argsz = sizeof(uapi::VfioIommuType1DmaUnmap));
  // VFIO_IOMMU_GET_INFO with `argsz` claimed over the whole of `buffer`.
  Outcome VfioIommuGetInfo(std::span<std::byte> buffer, uint32_t argsz);

  // Calls on descriptors the context handed out (fault queues, ...).
  Outcome Read(int fd, void* buf, size_t count) { return backend_.Read(fd, buf, count); }
  Outcome Write(int fd, const void* buf, size_t count) { return backend_.Write(fd, buf, count); }
  // ret is the descriptor's revents for `events`, without waiting.
  Outcome Poll(int fd, short events) { return backend_.Poll(fd, events); }
  Outcome Close(int fd) { return backend_.Close(fd); }

  // Any ioctl with caller-built bytes: only for deliberately malformed sizes, reserved
  // fields, trailing bytes and pointers (grep for Raw to find them all).
  Outcome Raw(unsigned long request, void* arg, size_t arg_size);
  // The same on another descriptor of the backend (a VFIO device, an access).
  Outcome RawOn(int fd, unsigned long request, void* arg, size_t arg_size);

 private:
  template <typename T>
  Outcome Call(unsigned long request, T& arg) {
    arg.size = sizeof(T);
    return backend_.Ioctl(fd_, request, &arg, sizeof(T));
  }
  // The VFIO structs carry their size in argsz, set by the caller.
  template <typename T>
  Outcome CallOn(int fd, unsigned long request, T& arg) {
    return backend_.Ioctl(fd, request, &arg, sizeof(T));
  }

  Backend& backend_;
  Outcome open_outcome_;
  int fd_ = -1;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_IOMMUFD_SESSION_H_
