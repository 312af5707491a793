#ifndef IOMMUFD_CONFORM_SUITES_MOCK_IOPF_PASID_TEST_H_
#define IOMMUFD_CONFORM_SUITES_MOCK_IOPF_PASID_TEST_H_

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "suites/mock/mock_test.h"

namespace iommufd_conform {

// A fault queue: its object id and its descriptor on the suite's backend.
struct FaultQueue {
  uint32_t id = 0;
  int fd = -1;
};

// A MockTest with the calls of IO page faults and PASID attachment: fault queues, HWPTs
// that report faults to one, IOMMU_TEST_OP_TRIGGER_IOPF and the PASID_* test ops.
class IopfPasidTest : public MockTest {
 protected:
  void TearDown() override;

  // Detaches every PASID a PASID_ATTACH attached: closing an iommufd while a mock device
  // still has PASIDs attached trips a kernel WARN (reference/divergences.txt).
  void DetachPasids();

  // IOMMU_FAULT_QUEUE_ALLOC; the descriptor is closed at TearDown unless closed before.
  FaultQueue FaultQueueAllocOk();
  void CloseFaultFd(FaultQueue& queue);

  // IOMMU_HWPT_ALLOC with IOMMU_HWPT_FAULT_ID_VALID and `fault_id`, besides `flags`.
  uint32_t HwptAllocWithFaultOk(uint32_t dev, uint32_t pt, uint32_t fault_id, uint32_t flags = 0,
                                uint32_t data_type = 0, std::span<const std::byte> data = {});
  // A nested HWPT reporting to `fault_id` on a fresh NEST_PARENT of `ioas`: the kind of
  // IOPF-capable HWPT every kernel with fault queues can make.
  uint32_t NestedIopfHwptOk(uint32_t dev, uint32_t ioas, uint32_t fault_id, uint32_t flags = 0);

  // IOMMU_TEST_OP_TRIGGER_IOPF.
  void TriggerIopfOk(uint32_t dev, uint32_t pasid = 0, uint32_t grpid = 0,
                     uint32_t perm = uapi::kIommuPgfaultPermRead, uint64_t addr = 0x1000);

  // read() of `records` fault records' worth of bytes from `fd`.
  Outcome ReadFaults(int fd, size_t records);
  // The records a successful read returned.
  static std::vector<uapi::IommuHwptPgfault> Records(const Outcome& outcome);
  std::vector<uapi::IommuHwptPgfault> ReadFaultsOk(int fd, size_t records);
  // write() of page responses.
  Outcome Respond(int fd, std::span<const uapi::IommuHwptPageResponse> responses);
  void RespondOk(int fd, uint32_t cookie, uint32_t code = uapi::kIommufdPageRespSuccess);

  // PASID_ATTACH through the session, remembering what to detach at TearDown. Attach and
  // replace answer the HWPT now used, as MOCK_DOMAIN_REPLACE does.
  Outcome PasidAttach(uint32_t stdev, uint32_t pasid, uint32_t pt);
  uint32_t PasidAttachOk(uint32_t stdev, uint32_t pasid, uint32_t pt);
  uint32_t PasidReplaceOk(uint32_t stdev, uint32_t pasid, uint32_t pt);
  void PasidDetachOk(uint32_t stdev, uint32_t pasid);

 private:
  std::vector<int> open_fds_;
  std::vector<std::pair<uint32_t, uint32_t>> attached_pasids_;  // (stdev, pasid)
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_MOCK_IOPF_PASID_TEST_H_
