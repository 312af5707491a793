#include "suites/mock/viommu_fixture.h"

#include <string>

namespace iommufd_conform {

void NestingTest::SetUp() {
  MockTest::SetUp();
  if (HasFatalFailure() || IsSkipped()) return;
  device_ = MockDomainOk(ioas_);
  parent_ = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
}

Outcome NestingTest::NestedAlloc(uint32_t pt, uint32_t iotlb, uint32_t flags) {
  // Only the iotlb field: 6.12's iommu_hwpt_selftest has nothing else.
  uint32_t data = iotlb;
  return iommufd().HwptAlloc(device_.idev, pt, flags, uapi::kIommuHwptDataSelftest, BytesOf(data));
}

uint32_t NestingTest::NestedAllocOk(uint32_t pt, uint32_t iotlb) {
  return Require(NestedAlloc(pt, iotlb), "nested HWPT_ALLOC on " + std::to_string(pt))
      .As<uapi::IommuHwptAlloc>()
      .out_hwpt_id;
}

bool NestingTest::HasViommuIoctl() {
  Outcome probe = iommufd().ViommuAlloc(0, 0, 0);
  return probe.ok() || probe.error != ENOTTY;
}

void ViommuTest::SetUp() {
  NestingTest::SetUp();
  if (HasFatalFailure() || IsSkipped()) return;
  Outcome probe = iommufd().ViommuAlloc(device_.idev, parent_);
  if (!probe.ok() && probe.error == ENOTTY) GTEST_SKIP() << "no IOMMU_VIOMMU_ALLOC";
  ASSERT_THAT(probe, Succeeds()) << "selftest vIOMMU on a NEST_PARENT HWPT";
  viommu_ = probe.As<uapi::IommuViommuAlloc>().out_viommu_id;
}

uint32_t ViommuTest::ViommuAllocOk(uint32_t dev, uint32_t hwpt) {
  return Require(iommufd().ViommuAlloc(dev, hwpt), "VIOMMU_ALLOC on " + std::to_string(hwpt))
      .As<uapi::IommuViommuAlloc>()
      .out_viommu_id;
}

uint32_t ViommuTest::VdeviceAllocOk(uint32_t viommu, uint32_t dev, uint64_t virt_id) {
  return Require(iommufd().VdeviceAlloc(viommu, dev, virt_id),
                 "VDEVICE_ALLOC of " + std::to_string(dev) + " as " + std::to_string(virt_id))
      .As<uapi::IommuVdeviceAlloc>()
      .out_vdevice_id;
}

Veventq ViommuTest::VeventqAllocOk(uint32_t viommu, uint32_t depth) {
  auto reply = Require(iommufd().VeventqAlloc(viommu, depth),
                       "VEVENTQ_ALLOC of depth " + std::to_string(depth))
                   .As<uapi::IommuVeventqAlloc>();
  return {reply.out_veventq_id, static_cast<int>(reply.out_veventq_fd)};
}

uint32_t ViommuTest::HwQueueAllocOk(uint32_t viommu, uint32_t index, uint64_t iova,
                                    uint64_t length) {
  return Require(iommufd().HwQueueAlloc(viommu, index, iova, length),
                 "HW_QUEUE_ALLOC index " + std::to_string(index))
      .As<uapi::IommuHwQueueAlloc>()
      .out_hw_queue_id;
}

Outcome ViommuTest::ReadEvents(int fd, size_t count) {
  std::vector<std::byte> buffer(count);
  return iommufd().Read(fd, buffer.data(), count);
}

}  // namespace iommufd_conform
