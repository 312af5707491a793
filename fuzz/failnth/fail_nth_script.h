#ifndef IOMMUFD_CONFORM_FUZZ_FAILNTH_FAIL_NTH_SCRIPT_H_
#define IOMMUFD_CONFORM_FUZZ_FAILNTH_FAIL_NTH_SCRIPT_H_

// One run of a fault-injection sequence: typed calls on a backend, numbered as they are made,
// so a walk can fail the n-th fault site of call k and nothing else. A call k that failed
// with the injected fault is made once more at once, unarmed ("NAME (retried)"), so the rest
// of the run goes on from the state a clean run reaches. A call whose
// prerequisite failed still runs with the id 0 it got, as both sides must agree on that too.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/failnth/faulting_backends.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform::fuzz {

// Memory the sequences map: one read-write buffer and a memfd of the same size.
struct ScriptMemory {
  uint64_t buffer = 0;
  uint64_t buffer_bytes = 0;
  int memfd = -1;
};

// Which call gets the fault: call `call` (0-based, in the order made), its fault site `nth`.
struct FaultPlan {
  size_t call = 0;
  unsigned nth = 0;  // 0: no injection (a clean run)
};

class Script {
 public:
  Script(Backend& backend, FaultingKernel& kernel, const ScriptMemory& memory, FaultPlan plan);
  // Closes whatever the sequence left open (not counted, never injected).
  ~Script();

  const ScriptMemory& memory() const { return memory_; }
  size_t calls() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }
  // "k NAME ERRNO" for each call the kernel failed.
  const std::vector<std::string>& failures() const { return failures_; }
  // The planned call's result, if the sequence got that far.
  const std::optional<Injection>& injection() const { return injection_; }

  // open("/dev/iommu"); the later calls use this descriptor.
  void Open();
  void CloseIommufd();
  uint32_t IoasAlloc();
  void IovaRanges(uint32_t ioas);
  void AllowIovas(uint32_t ioas, uint64_t start, uint64_t last);
  uint64_t Map(uint32_t ioas, uint64_t user_va, uint64_t length, uint64_t fixed_iova = 0);
  uint64_t MapFile(uint32_t ioas, uint64_t start, uint64_t length);
  void Copy(uint32_t ioas_dst, uint32_t ioas_src, uint64_t src_iova, uint64_t length);
  void Unmap(uint32_t ioas, uint64_t iova, uint64_t length);
  void Destroy(uint32_t id);
  // The end-of-sequence probe: every range, then every mapping (UNMAP reports the bytes).
  void Probe(uint32_t ioas);

  struct MockDevice {
    uint32_t stdev = 0, hwpt = 0, idev = 0;
  };
  MockDevice MockDomain(uint32_t pt, uint32_t dev_flags = 0);
  void MockDomainReplace(uint32_t stdev, uint32_t pt);
  void SetTempMemoryLimit(uint32_t pages);
  // Returns the access descriptor.
  int CreateAccess(uint32_t ioas, uint32_t flags);
  void CloseAccess(int access_fd);
  void AccessRw(int access_fd, uint64_t iova, uint64_t length, uint64_t uptr, uint32_t flags);
  uint32_t AccessPages(int access_fd, uint64_t iova, uint64_t length, uint64_t uptr);
  void DestroyAccessPages(int access_fd, uint32_t pages_id);
  void HwInfo(uint32_t idev);
  uint32_t HwptAlloc(uint32_t idev, uint32_t pt, uint32_t flags, uint32_t fault_id = 0,
                     bool selftest_data = false);
  uint32_t ViommuAlloc(uint32_t idev, uint32_t hwpt);
  uint32_t VdeviceAlloc(uint32_t viommu, uint32_t idev, uint64_t virt_id);
  uint32_t HwQueueAlloc(uint32_t viommu, uint64_t iova, uint64_t length);
  // FAULT_QUEUE_ALLOC then close of its descriptor; returns the fault id.
  uint32_t FaultAlloc();
  // VEVENTQ_ALLOC then close of its descriptor; returns the queue id.
  uint32_t VeventqAlloc(uint32_t viommu, uint32_t depth);
  void PasidAttach(uint32_t stdev, uint32_t pasid, uint32_t pt);
  void PasidReplace(uint32_t stdev, uint32_t pasid, uint32_t pt);
  void PasidDetach(uint32_t stdev, uint32_t pasid);

 private:
  template <typename T>
  Outcome Call(const char* name, unsigned long request, T& arg) {
    arg.size = sizeof(T);
    return Counted(name, [&] { return backend_.Ioctl(fd_, request, &arg, sizeof(T)); });
  }
  Outcome Test(const char* name, uapi::IommuTestCmd& cmd);
  Outcome Counted(const char* name, const std::function<Outcome()>& call);
  void CloseFd(const char* name, int fd);

  Backend& backend_;
  FaultingKernel& kernel_;
  const ScriptMemory& memory_;
  FaultPlan plan_;
  int fd_ = -1;
  std::vector<int> open_fds_;
  std::vector<std::string> names_;
  std::vector<std::string> failures_;
  std::optional<Injection> injection_;
};

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_FAILNTH_FAIL_NTH_SCRIPT_H_
