#include "suites/mock/viommu_fixture.h"

namespace iommufd_conform {

using uapi::IommuTestCmd;

void NestingTest::SetUp() {
  MockTest::SetUp();
  if (HasFatalFailure() || IsSkipped()) return;
  device_ = MockDomainOk(ioas_);
  parent_ = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
}

Outcome NestingTest::NestedAlloc(uint32_t pt, uint32_t iotlb, uint32_t flags) {
  // Only the iotlb field: 6.12's iommu_hwpt_selftest has nothing else.
  uint32_t data = iotlb;
  return HwptAlloc(device_.idev, pt, flags, uapi::kIommuHwptDataSelftest, BytesOf(data));
}

uint32_t NestingTest::NestedAllocOk(uint32_t pt, uint32_t iotlb) {
  Outcome outcome = NestedAlloc(pt, iotlb);
  EXPECT_THAT(outcome, Succeeds()) << "nested HWPT_ALLOC on " << pt;
  return outcome.As<uapi::IommuHwptAlloc>().out_hwpt_id;
}

Outcome NestingTest::Invalidate(uint32_t id, uint32_t data_type, const void* entries,
                                uint32_t entry_len, uint32_t entry_num, uint32_t reserved) {
  uapi::IommuHwptInvalidate arg{};
  arg.size = sizeof(arg);
  arg.hwpt_id = id;
  arg.data_uptr = reinterpret_cast<uintptr_t>(entries);
  arg.data_type = data_type;
  arg.entry_len = entry_len;
  arg.entry_num = entry_num;
  arg.reserved = reserved;
  return iommufd().Raw(uapi::kIoctlHwptInvalidate, &arg, sizeof(arg));
}

Outcome NestingTest::CheckIotlb(uint32_t hwpt, uint32_t iotlb_id, uint32_t value) {
  IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpMdCheckIotlb;
  cmd.id = hwpt;
  cmd.check_iotlb.id = iotlb_id;
  cmd.check_iotlb.iotlb = value;
  return TestCmd(cmd);
}

Outcome NestingTest::CheckDevCache(uint32_t idev, uint32_t cache_id, uint32_t value) {
  IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpDevCheckCache;
  cmd.id = idev;
  cmd.check_dev_cache.id = cache_id;
  cmd.check_dev_cache.cache = value;
  return TestCmd(cmd);
}

bool NestingTest::HasViommuIoctl() {
  uapi::IommuViommuAlloc arg{};
  arg.size = sizeof(arg);
  Outcome probe = iommufd().Raw(uapi::kIoctlViommuAlloc, &arg, sizeof(arg));
  return probe.ok() || probe.error != ENOTTY;
}

void ViommuTest::SetUp() {
  NestingTest::SetUp();
  if (HasFatalFailure() || IsSkipped()) return;
  Outcome probe = ViommuAlloc(device_.idev, parent_);
  if (!probe.ok() && probe.error == ENOTTY) GTEST_SKIP() << "no IOMMU_VIOMMU_ALLOC";
  ASSERT_THAT(probe, Succeeds()) << "selftest vIOMMU on a NEST_PARENT HWPT";
  viommu_ = probe.As<uapi::IommuViommuAlloc>().out_viommu_id;
}

Outcome ViommuTest::ViommuAlloc(uint32_t dev, uint32_t hwpt, uint32_t type,
                                std::span<std::byte> data, uint32_t flags) {
  uapi::IommuViommuAlloc arg{};
  arg.size = sizeof(arg);
  arg.flags = flags;
  arg.type = type;
  arg.dev_id = dev;
  arg.hwpt_id = hwpt;
  arg.data_len = static_cast<uint32_t>(data.size());
  arg.data_uptr = reinterpret_cast<uintptr_t>(data.data());
  return iommufd().Raw(uapi::kIoctlViommuAlloc, &arg, sizeof(arg));
}

uint32_t ViommuTest::ViommuAllocOk(uint32_t dev, uint32_t hwpt) {
  Outcome outcome = ViommuAlloc(dev, hwpt);
  EXPECT_THAT(outcome, Succeeds()) << "VIOMMU_ALLOC on " << hwpt;
  return outcome.As<uapi::IommuViommuAlloc>().out_viommu_id;
}

Outcome ViommuTest::VdeviceAlloc(uint32_t viommu, uint32_t dev, uint64_t virt_id) {
  uapi::IommuVdeviceAlloc arg{};
  arg.size = sizeof(arg);
  arg.viommu_id = viommu;
  arg.dev_id = dev;
  arg.virt_id = virt_id;
  return iommufd().Raw(uapi::kIoctlVdeviceAlloc, &arg, sizeof(arg));
}

uint32_t ViommuTest::VdeviceAllocOk(uint32_t viommu, uint32_t dev, uint64_t virt_id) {
  Outcome outcome = VdeviceAlloc(viommu, dev, virt_id);
  EXPECT_THAT(outcome, Succeeds()) << "VDEVICE_ALLOC of " << dev << " as " << virt_id;
  return outcome.As<uapi::IommuVdeviceAlloc>().out_vdevice_id;
}

Outcome ViommuTest::VeventqAlloc(uint32_t viommu, uint32_t depth, uint32_t type, uint32_t flags,
                                 uint32_t reserved) {
  uapi::IommuVeventqAlloc arg{};
  arg.size = sizeof(arg);
  arg.flags = flags;
  arg.viommu_id = viommu;
  arg.type = type;
  arg.veventq_depth = depth;
  arg.reserved = reserved;
  return iommufd().Raw(uapi::kIoctlVeventqAlloc, &arg, sizeof(arg));
}

Veventq ViommuTest::VeventqAllocOk(uint32_t viommu, uint32_t depth) {
  Outcome outcome = VeventqAlloc(viommu, depth);
  EXPECT_THAT(outcome, Succeeds()) << "VEVENTQ_ALLOC of depth " << depth;
  if (!outcome.ok()) return {};
  auto reply = outcome.As<uapi::IommuVeventqAlloc>();
  return {reply.out_veventq_id, static_cast<int>(reply.out_veventq_fd)};
}

Outcome ViommuTest::HwQueueAlloc(uint32_t viommu, uint32_t index, uint64_t iova, uint64_t length,
                                 uint32_t type, uint32_t flags) {
  uapi::IommuHwQueueAlloc arg{};
  arg.size = sizeof(arg);
  arg.flags = flags;
  arg.viommu_id = viommu;
  arg.type = type;
  arg.index = index;
  arg.nesting_parent_iova = iova;
  arg.length = length;
  return iommufd().Raw(uapi::kIoctlHwQueueAlloc, &arg, sizeof(arg));
}

uint32_t ViommuTest::HwQueueAllocOk(uint32_t viommu, uint32_t index, uint64_t iova,
                                    uint64_t length) {
  Outcome outcome = HwQueueAlloc(viommu, index, iova, length);
  EXPECT_THAT(outcome, Succeeds()) << "HW_QUEUE_ALLOC index " << index;
  return outcome.As<uapi::IommuHwQueueAlloc>().out_hw_queue_id;
}

Outcome ViommuTest::TriggerVevent(uint32_t idev) {
  IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpTriggerVevent;
  cmd.trigger_vevent.dev_id = idev;
  return TestCmd(cmd);
}

Outcome ViommuTest::ReadEvents(int fd, size_t count) {
  std::vector<std::byte> buffer(count);
  return iommufd().backend().Read(fd, buffer.data(), count);
}

}  // namespace iommufd_conform
