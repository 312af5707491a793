#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_CONTEXT_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_CONTEXT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "reference/model/access.h"
#include "reference/model/device_dma.h"
#include "reference/model/hw_pagetable.h"
#include "reference/model/io_pagetable.h"
#include "reference/model/mock_device.h"
#include "reference/model/mock_iommu.h"
#include "reference/model/model_file.h"
#include "reference/model/object_table.h"
#include "reference/model/platform_profile.h"
#include "reference/model/profile.h"
#include "reference/model/viommu.h"
#include "reference/model/written_memory.h"
#include "reference/uapi/iommufd_test.h"
#include "reference/uapi/outcome.h"

namespace iommufd_conform::model {

struct Ioas : Object {
  explicit Ioas(const ModelConfig& config) : Object(ObjectType::kIoas), iopt(config) {}
  IoPagetable iopt;
};

// One command's argument as the kernel holds it: the caller's bytes zero-extended to the
// kernel's struct size. A handler sets `respond` when its struct is to be copied back.
struct Command {
  // The first kernel_size bytes are the command; the rest is never looked at, so it is
  // not cleared on every call.
  alignas(8) std::array<std::byte, 128> bytes;
  size_t kernel_size = 0;
  bool respond = false;
  long ret = 0;  // the ioctl's return value on success (a descriptor some ops hand out)
  template <typename T>
  T& As() {
    static_assert(sizeof(T) <= sizeof(bytes));
    return *reinterpret_cast<T*>(bytes.data());
  }
};

// How pinned pages are charged (IOMMU_OPTION_RLIMIT_MODE).
enum class AccountMode : uint64_t { kUser = 0, kMm = 1 };

// One open /dev/iommu: the state behind a single file descriptor. Files its objects hand
// out are installed in `files` and may hold the context alive (shared_from_this).
class Context final : public ModelFile, public std::enable_shared_from_this<Context> {
 public:
  Context(const ModelConfig& config, FileTable& files)
      : config_(config), files_(files), mock_iommu_(config) {}

  // The whole ioctl, from the raw request number and the caller's argument pointer.
  Outcome Ioctl(unsigned long request, uint64_t arg) override;
  // The regions vIOMMUs export (viommu_handlers.cc); a mapping holds its vIOMMU.
  int Mmap(size_t length, int prot, int flags, uint64_t offset,
           std::shared_ptr<void>* hold) override;

  const ModelConfig& config() const { return config_; }
  ObjectTable& objects() { return objects_; }
  // Every rule of the context's state that is broken, as text: `users` counts against the
  // references objects hold, and each IOAS's own invariants.
  std::vector<std::string> InvariantViolations() const;
  // Moves the area an automatic map or copy into IOAS `ioas_id` placed at `from` to the
  // IOVA the kernel chose, when the allocator could have chosen it (IoPagetable::
  // AdoptAutoIova): "" when moved, else why not.
  std::string AdoptAutoIova(uint32_t ioas_id, uint64_t from, uint64_t to);
  // Where an IOMMU_TEST_OP_ACCESS_RW write of `cmd` lands in memory the caller can see: the
  // user memory or file bytes behind each area of the range, as far as the range is mapped.
  std::vector<WrittenMemory> AccessRwTargets(const uapi::IommuTestCmd& cmd);

  // Handlers return 0 or an errno; see Command for how results travel back.
  int Destroy(Command& cmd);
  int IoasAlloc(Command& cmd);
  int IoasAllowIovas(Command& cmd);
  int IoasCopy(Command& cmd);
  int IoasIovaRanges(Command& cmd);
  int IoasMap(Command& cmd);
  int IoasUnmap(Command& cmd);
  int Option(Command& cmd);
  int HwptAlloc(Command& cmd);
  int GetHwInfo(Command& cmd);
  int HwptSetDirtyTracking(Command& cmd);
  int HwptGetDirtyBitmap(Command& cmd);
  int FaultQueueAlloc(Command& cmd);
  int HwptInvalidate(Command& cmd);
  int ViommuAlloc(Command& cmd);
  int VdeviceAlloc(Command& cmd);
  int VeventqAlloc(Command& cmd);
  int HwQueueAlloc(Command& cmd);
  int TestCmd(Command& cmd);
  int IoasMapFile(Command& cmd);
  // Maps all of `pages` into `ioas` (MAP and MAP_FILE): fixed or automatic IOVA by `flags`,
  // the IOVA written back.
  int MapPages(Ioas& ioas, std::shared_ptr<const Pages> pages, uint32_t flags,
               uapi::AlignedU64* iova, Command& cmd);
  int IoasChangeProcess(Command& cmd);

  // Closing an access descriptor (AccessFile) destroys its access.
  void CloseAccess(uint32_t access_id);
  int VfioIoas(Command& cmd);

  // A VFIO device cdev bound to this context (vfio_device_attach.cc); the device file calls
  // these after checking its own argument rules.
  int BindVfioDevice(const PlatformDevice& device, uint32_t* dev_id);
  int AttachVfioDevice(uint32_t dev_id, uint32_t* pt_id);
  void DetachVfioDevice(uint32_t dev_id);
  void UnbindVfioDevice(uint32_t dev_id);
  // What the bound device `dev_id` reaches by DMA at `iova` (device_dma.cc).
  DeviceDmaResult DeviceDma(uint32_t dev_id, uint64_t iova, std::span<std::byte> data,
                            bool write);
  std::vector<WrittenMemory> DeviceDmaTargets(uint32_t dev_id, uint64_t iova, uint64_t length);

 private:
  // IOMMU_TEST_CMD ops (test_cmd_handlers.cc).
  int TestAddReserved(uapi::IommuTestCmd& cmd);
  int TestMockDomain(uapi::IommuTestCmd& cmd, uint32_t dev_flags);
  int TestMockDomainReplace(uapi::IommuTestCmd& cmd);
  int TestDirty(uapi::IommuTestCmd& cmd);
  // TRIGGER_IOPF and the PASID_* ops (fault_queue_handlers.cc, pasid_handlers.cc).
  int TestTriggerIopf(uapi::IommuTestCmd& cmd);
  int TestPasidOp(uapi::IommuTestCmd& cmd);
  int PasidAttach(Device& device, uint32_t pasid, uint32_t* pt_id);
  int PasidReplace(Device& device, uint32_t pasid, uint32_t* pt_id);
  void PasidDetach(Device& device, uint32_t pasid);
  // Moves the device's RID to `pt_id` (MOCK_DOMAIN_REPLACE, PASID_REPLACE of PASID 0).
  int ReplaceRid(Device& device, uint32_t* pt_id);
  // Selftest accesses (access_handlers.cc).
  int TestCreateAccess(uapi::IommuTestCmd& cmd);
  int TestAccessPages(uapi::IommuTestCmd& cmd);
  int TestDestroyAccessPages(uapi::IommuTestCmd& cmd);
  int TestAccessRw(uapi::IommuTestCmd& cmd);
  int TestAccessReplaceIoas(uapi::IommuTestCmd& cmd);
  // The access whose descriptor is `fd`, in whichever context made it; EBADFD otherwise.
  int FindAccess(uint32_t fd, Context** owner, Access** access);
  // Attaches `access` to `ioas`, raising its alignment: EADDRINUSE when its areas do not fit.
  int AttachAccess(Access& access, Ioas& ioas);
  void DetachAccess(Access& access);
  // What the accesses on `ioas` are told when an unmap removes an area.
  IoPagetable::RemovedFn NotifyAccesses(Ioas& ioas);
  int TestMdCheckIotlb(uapi::IommuTestCmd& cmd);
  // MD_CHECK_MAP, MD_CHECK_REFS and SET_TEMP_MEMORY_LIMIT (mock_check_handlers.cc).
  int TestMdCheckMap(uapi::IommuTestCmd& cmd);
  int TestMdCheckRefs(uapi::IommuTestCmd& cmd);
  int TestSetTempMemoryLimit(uapi::IommuTestCmd& cmd);
  // Adds the maps of this context that hold the CPU page at `va` pinned.
  void CollectPinners(uint64_t va, std::set<const Pages*>& pinners) const;
  int TestDevCheckCache(uapi::IommuTestCmd& cmd);
  int TestTriggerVevent(uapi::IommuTestCmd& cmd);
  // The test dmabuf exporter (dmabuf_handlers.cc). DMABUF_GET's descriptor is cmd.ret.
  int TestDmabufGet(Command& cmd);
  int TestDmabufRevoke(uapi::IommuTestCmd& cmd);
  // MAP_FILE's pages when `fd` is a test dmabuf: 0 with *pages set, an errno, or -1 when
  // `fd` is no dmabuf (then it is an ordinary file).
  int ImportDmabuf(const uapi::IommuIoasMapFile& arg, std::shared_ptr<Pages>* pages);

  // vIOMMU family (viommu_handlers.cc). A selftest nested HWPT on a vIOMMU, for HwptAlloc.
  int AllocNestedOnViommu(Command& cmd, Viommu& viommu);
  // Drops what a vIOMMU-family object holds, before RemoveObject takes it out.
  void ReleaseViommuObject(Object& object);
  // A device going away takes its vDEVICE with it, leaving a tombstone.
  void RemoveVdeviceOf(Device& device);
  // The lowest free page-aligned range of the iommufd's mmap space, from kMmapBase up.
  uint64_t AllocMmap(uint64_t length);

  // The VFIO type1 container ioctls iommufd serves on numbers outside its table
  // (vfio_compat.cc), and IOMMU_HWPT_ALLOC for a device of a platform IOMMU.
  Outcome VfioCompatIoctl(unsigned long request, uint64_t arg);
  int PlatformHwptAlloc(const Device& device, Command& cmd);

  // Device attachment (device_attach.cc). Finds or makes the HWPT that attaching `device`
  // to `pt_id` (an IOAS or a HWPT) would use, without attaching yet.
  int ResolveAttachTarget(const Device& device, uint32_t pt_id, Object** hwpt);
  void Attach(Device& device, Object& hwpt);
  // Detaching the last device from an automatic HWPT destroys it.
  void Detach(Device& device);
  // Whether `hwpt` may serve `pasid` of `device` (0: the RID) next to its other
  // attachments: EINVAL unless every HWPT in use by a device that has PASIDs attached
  // was allocated with IOMMU_HWPT_ALLOC_PASID.
  static int PasidCompatible(const Device& device, uint32_t pasid, const Object& hwpt);
  // Makes `hwpt` report to the fault queue of HWPT_ALLOC's fault_id, if the flag says so.
  int UseFaultQueue(const uapi::IommuHwptAlloc& arg, Hwpt& hwpt);
  // Removes an automatic HWPT that an attempt made and nothing uses.
  void DropIfUnusedAuto(Object& hwpt);
  // A new paging HWPT on `ioas`, its domain added to the IOAS: EADDRINUSE if the IOAS does
  // not fit in it, EFAULT if the IOAS's pages cannot be pinned for it.
  int AllocHwptPaging(Ioas& ioas, bool auto_domain, const DomainGeometry& geometry,
                      HwptPaging** hwpt);
  // Removes an object nothing uses, dropping the references it held.
  void RemoveObject(Object& object);

  const ModelConfig& config_;
  FileTable& files_;
  MockIommu mock_iommu_;
  ObjectTable objects_;
  AccountMode account_mode_ = AccountMode::kUser;
  std::map<uint64_t, uint64_t> mmap_regions_;  // offset -> length
  uint32_t compat_ioas_id_ = 0;  // IOMMU_VFIO_IOAS; 0 while there is none
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_CONTEXT_H_
