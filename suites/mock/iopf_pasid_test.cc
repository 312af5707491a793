#include "suites/mock/iopf_pasid_test.h"

#include <algorithm>
#include <cstring>

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
  for (auto [stdev, pasid] : attached_pasids_) (void)PasidDetach(stdev, pasid);
  attached_pasids_.clear();
}

FaultQueue IopfPasidTest::FaultQueueAllocOk() {
  Outcome outcome = iommufd().FaultQueueAlloc();
  EXPECT_THAT(outcome, Succeeds()) << "IOMMU_FAULT_QUEUE_ALLOC";
  if (!outcome.ok()) return {};
  auto reply = outcome.As<uapi::IommuFaultAlloc>();
  FaultQueue queue{reply.out_fault_id, static_cast<int>(reply.out_fault_fd)};
  open_fds_.push_back(queue.fd);
  return queue;
}

void IopfPasidTest::CloseFaultFd(FaultQueue& queue) {
  EXPECT_THAT(iommufd().Close(queue.fd), Succeeds());
  open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), queue.fd), open_fds_.end());
  queue.fd = -1;
}

Outcome IopfPasidTest::HwptAllocWithFault(uint32_t dev, uint32_t pt, uint32_t fault_id,
                                          uint32_t flags, uint32_t data_type,
                                          std::span<const std::byte> data) {
  uapi::IommuHwptAlloc arg{};
  arg.size = sizeof(arg);
  arg.flags = flags | uapi::kIommuHwptFaultIdValid;
  arg.dev_id = dev;
  arg.pt_id = pt;
  arg.data_type = data_type;
  arg.data_len = static_cast<uint32_t>(data.size());
  arg.data_uptr = reinterpret_cast<uintptr_t>(data.data());
  arg.fault_id = fault_id;
  return iommufd().Raw(uapi::kIoctlHwptAlloc, &arg, sizeof(arg));
}

uint32_t IopfPasidTest::HwptAllocWithFaultOk(uint32_t dev, uint32_t pt, uint32_t fault_id,
                                             uint32_t flags, uint32_t data_type,
                                             std::span<const std::byte> data) {
  Outcome outcome = HwptAllocWithFault(dev, pt, fault_id, flags, data_type, data);
  EXPECT_THAT(outcome, Succeeds()) << "HWPT_ALLOC on " << pt << " with fault " << fault_id;
  return outcome.As<uapi::IommuHwptAlloc>().out_hwpt_id;
}

uint32_t IopfPasidTest::NestedIopfHwptOk(uint32_t dev, uint32_t ioas, uint32_t fault_id,
                                         uint32_t flags) {
  // 6.12's iommu_hwpt_selftest is the iotlb field alone; every driver takes that much.
  static const uint32_t kIotlb = uapi::kIommuTestIotlbDefault;
  uint32_t parent = HwptAllocOk(dev, ioas, uapi::kIommuHwptAllocNestParent);
  return HwptAllocWithFaultOk(dev, parent, fault_id, flags, uapi::kIommuHwptDataSelftest,
                              BytesOf(kIotlb));
}

Outcome IopfPasidTest::TriggerIopf(uint32_t dev, uint32_t pasid, uint32_t grpid, uint32_t perm,
                                   uint64_t addr) {
  IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpTriggerIopf;
  cmd.trigger_iopf = {dev, pasid, grpid, perm, addr};
  return TestCmd(cmd);
}

void IopfPasidTest::TriggerIopfOk(uint32_t dev, uint32_t pasid, uint32_t grpid, uint32_t perm,
                                  uint64_t addr) {
  EXPECT_THAT(TriggerIopf(dev, pasid, grpid, perm, addr), Succeeds())
      << "TRIGGER_IOPF on device " << dev << " pasid " << pasid;
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
  Outcome outcome = ReadFaults(fd, records);
  EXPECT_THAT(outcome, Succeeds()) << "read of " << records << " fault records";
  return Records(outcome);
}

Outcome IopfPasidTest::Respond(int fd, std::span<const IommuHwptPageResponse> responses) {
  return iommufd().Write(fd, responses.data(), responses.size_bytes());
}

void IopfPasidTest::RespondOk(int fd, uint32_t cookie, uint32_t code) {
  const IommuHwptPageResponse response{cookie, code};
  EXPECT_THAT(Respond(fd, {&response, 1}), Succeeds()) << "response to cookie " << cookie;
}

namespace {

IommuTestCmd PasidCmd(uint32_t op, uint32_t stdev, uint32_t pasid, uint32_t pt) {
  IommuTestCmd cmd{};
  cmd.op = op;
  cmd.id = stdev;
  cmd.pasid_attach = {pasid, pt};  // every PASID op keeps pasid, then pt_id/hwpt_id
  return cmd;
}

}  // namespace

Outcome IopfPasidTest::PasidAttach(uint32_t stdev, uint32_t pasid, uint32_t pt) {
  IommuTestCmd cmd = PasidCmd(uapi::kIommuTestOpPasidAttach, stdev, pasid, pt);
  Outcome outcome = TestCmd(cmd);
  if (outcome.ok() && pasid != 0) attached_pasids_.emplace_back(stdev, pasid);
  return outcome;
}

uint32_t IopfPasidTest::PasidAttachOk(uint32_t stdev, uint32_t pasid, uint32_t pt) {
  Outcome outcome = PasidAttach(stdev, pasid, pt);
  EXPECT_THAT(outcome, Succeeds()) << "PASID_ATTACH of pasid " << pasid << " to " << pt;
  return outcome.As<IommuTestCmd>().pasid_attach.pt_id;
}

void IopfPasidTest::PasidAttachFails(int error, uint32_t stdev, uint32_t pasid, uint32_t pt) {
  EXPECT_THAT(PasidAttach(stdev, pasid, pt), FailsWith(error))
      << "PASID_ATTACH of pasid " << pasid << " to " << pt;
}

Outcome IopfPasidTest::PasidReplace(uint32_t stdev, uint32_t pasid, uint32_t pt) {
  IommuTestCmd cmd = PasidCmd(uapi::kIommuTestOpPasidReplace, stdev, pasid, pt);
  return TestCmd(cmd);
}

uint32_t IopfPasidTest::PasidReplaceOk(uint32_t stdev, uint32_t pasid, uint32_t pt) {
  Outcome outcome = PasidReplace(stdev, pasid, pt);
  EXPECT_THAT(outcome, Succeeds()) << "PASID_REPLACE of pasid " << pasid << " to " << pt;
  return outcome.As<IommuTestCmd>().pasid_replace.pt_id;
}

void IopfPasidTest::PasidReplaceFails(int error, uint32_t stdev, uint32_t pasid, uint32_t pt) {
  EXPECT_THAT(PasidReplace(stdev, pasid, pt), FailsWith(error))
      << "PASID_REPLACE of pasid " << pasid << " to " << pt;
}

Outcome IopfPasidTest::PasidDetach(uint32_t stdev, uint32_t pasid) {
  IommuTestCmd cmd = PasidCmd(uapi::kIommuTestOpPasidDetach, stdev, pasid, 0);
  return TestCmd(cmd);
}

void IopfPasidTest::PasidDetachOk(uint32_t stdev, uint32_t pasid) {
  EXPECT_THAT(PasidDetach(stdev, pasid), Succeeds()) << "PASID_DETACH of pasid " << pasid;
}

Outcome IopfPasidTest::PasidCheck(uint32_t stdev, uint32_t pasid, uint32_t hwpt) {
  IommuTestCmd cmd = PasidCmd(uapi::kIommuTestOpPasidCheckHwpt, stdev, pasid, hwpt);
  return TestCmd(cmd);
}

}  // namespace iommufd_conform
