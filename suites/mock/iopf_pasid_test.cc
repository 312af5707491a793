#include "suites/mock/iopf_pasid_test.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace iommufd_conform {

using uapi::IommuHwptPageResponse;
using uapi::IommuHwptPgfault;
using uapi::IommuTestCmd;

void IopfPasidTest::TearDown() {
  DetachPasids();
  for (int fd : open_fds_) (void)iommufd().Close(fd);
  open_fds_.clear();
  MockTest::TearDown();
}

void IopfPasidTest::DetachPasids() {
  // Detaching what is not attached (or a device already gone) does no harm.
  for (auto [stdev, pasid] : attached_pasids_) (void)iommufd().PasidDetach(stdev, pasid);
  attached_pasids_.clear();
}

FaultQueue IopfPasidTest::FaultQueueAllocOk() {
  auto reply =
      Require(iommufd().FaultQueueAlloc(), "IOMMU_FAULT_QUEUE_ALLOC").As<uapi::IommuFaultAlloc>();
  FaultQueue queue{reply.out_fault_id, static_cast<int>(reply.out_fault_fd)};
  open_fds_.push_back(queue.fd);
  return queue;
}

void IopfPasidTest::CloseFaultFd(FaultQueue& queue) {
  (void)Require(iommufd().Close(queue.fd), "close of fault queue " + std::to_string(queue.fd));
  open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), queue.fd), open_fds_.end());
  queue.fd = -1;
}

uint32_t IopfPasidTest::HwptAllocWithFaultOk(uint32_t dev, uint32_t pt, uint32_t fault_id,
                                             uint32_t flags, uint32_t data_type,
                                             std::span<const std::byte> data) {
  return Require(iommufd().HwptAlloc(dev, pt, flags | uapi::kIommuHwptFaultIdValid, data_type, data,
                                     fault_id),
                 "HWPT_ALLOC on " + std::to_string(pt) + " with fault " + std::to_string(fault_id))
      .As<uapi::IommuHwptAlloc>()
      .out_hwpt_id;
}

uint32_t IopfPasidTest::NestedIopfHwptOk(uint32_t dev, uint32_t ioas, uint32_t fault_id,
                                         uint32_t flags) {
  // 6.12's iommu_hwpt_selftest is the iotlb field alone; every driver takes that much.
  static const uint32_t kIotlb = uapi::kIommuTestIotlbDefault;
  uint32_t parent = HwptAllocOk(dev, ioas, uapi::kIommuHwptAllocNestParent);
  return HwptAllocWithFaultOk(dev, parent, fault_id, flags, uapi::kIommuHwptDataSelftest,
                              BytesOf(kIotlb));
}

void IopfPasidTest::TriggerIopfOk(uint32_t dev, uint32_t pasid, uint32_t grpid, uint32_t perm,
                                  uint64_t addr) {
  (void)Require(
      iommufd().TriggerIopf(dev, pasid, grpid, perm, addr),
      "TRIGGER_IOPF on device " + std::to_string(dev) + " pasid " + std::to_string(pasid));
}

Outcome IopfPasidTest::ReadFaults(int fd, size_t records) {
  std::vector<IommuHwptPgfault> buffer(std::max<size_t>(records, 1));
  return iommufd().Read(fd, buffer.data(), records * sizeof(IommuHwptPgfault));
}

std::vector<IommuHwptPgfault> IopfPasidTest::Records(const Outcome& outcome) {
  std::vector<IommuHwptPgfault> records(outcome.ok() ? outcome.ret / sizeof(IommuHwptPgfault)
                                                     : 0);
  std::memcpy(records.data(), outcome.out.data(),
              std::min(outcome.out.size(), records.size() * sizeof(IommuHwptPgfault)));
  return records;
}

std::vector<IommuHwptPgfault> IopfPasidTest::ReadFaultsOk(int fd, size_t records) {
  return Records(
      Require(ReadFaults(fd, records), "read of " + std::to_string(records) + " fault records"));
}

Outcome IopfPasidTest::Respond(int fd, std::span<const IommuHwptPageResponse> responses) {
  return iommufd().Write(fd, responses.data(), responses.size_bytes());
}

void IopfPasidTest::RespondOk(int fd, uint32_t cookie, uint32_t code) {
  const IommuHwptPageResponse response{cookie, code};
  (void)Require(Respond(fd, {&response, 1}), "response to cookie " + std::to_string(cookie));
}

Outcome IopfPasidTest::PasidAttach(uint32_t stdev, uint32_t pasid, uint32_t pt) {
  Outcome outcome = iommufd().PasidAttach(stdev, pasid, pt);
  if (outcome.ok() && pasid != 0) attached_pasids_.emplace_back(stdev, pasid);
  return outcome;
}

uint32_t IopfPasidTest::PasidAttachOk(uint32_t stdev, uint32_t pasid, uint32_t pt) {
  return Require(PasidAttach(stdev, pasid, pt),
                 "PASID_ATTACH of pasid " + std::to_string(pasid) + " to " + std::to_string(pt))
      .As<IommuTestCmd>()
      .pasid_attach.pt_id;
}

uint32_t IopfPasidTest::PasidReplaceOk(uint32_t stdev, uint32_t pasid, uint32_t pt) {
  return Require(iommufd().PasidReplace(stdev, pasid, pt),
                 "PASID_REPLACE of pasid " + std::to_string(pasid) + " to " + std::to_string(pt))
      .As<IommuTestCmd>()
      .pasid_replace.pt_id;
}

void IopfPasidTest::PasidDetachOk(uint32_t stdev, uint32_t pasid) {
  (void)Require(iommufd().PasidDetach(stdev, pasid),
                "PASID_DETACH of pasid " + std::to_string(pasid));
}

}  // namespace iommufd_conform
