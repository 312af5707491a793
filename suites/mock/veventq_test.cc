// IOMMU_VEVENTQ_ALLOC and the vEVENTQ descriptor: events raised with TRIGGER_VEVENT, read
// back with their headers and sequence numbers, the lost-events record when the queue is
// full, poll(), and how the queue's object and descriptor keep each other alive.
#include <poll.h>

#include <cstring>
#include <vector>

#include "suites/mock/viommu_fixture.h"

namespace iommufd_conform {
namespace {

using uapi::IommufdVeventHeader;
using uapi::kIommuVeventqFlagLostEvents;

constexpr uint64_t kVirtId = 0x42;
constexpr size_t kRecord = sizeof(SelftestVevent);

class MockVeventqTest : public ViommuTest {
 protected:
  void SetUp() override {
    ViommuTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    vdevice_ = VdeviceAllocOk(viommu_, device_.idev, kVirtId);
    // The mock device raises events for the vIOMMU of the nested HWPT it is attached to.
    nested_ = NestedAllocOk(viommu_);
    ReplaceOk(device_.stdev, nested_);
  }
  void TearDown() override {
    for (int fd : fds_) (void)Close(fd);
    ViommuTest::TearDown();
  }
  Veventq Queue(uint32_t depth) {
    Veventq queue = VeventqAllocOk(viommu_, depth);
    if (queue.fd >= 0) fds_.push_back(queue.fd);
    return queue;
  }
  void CloseQueue(Veventq& queue) {
    EXPECT_THAT(Close(queue.fd), Succeeds());
    std::erase(fds_, queue.fd);
  }
  // The records one read() of `count` bytes returns.
  std::vector<std::byte> ReadOk(int fd, size_t count) {
    return Require(ReadEvents(fd, count), "read of a vEVENTQ").out;
  }
  static IommufdVeventHeader HeaderAt(const std::vector<std::byte>& bytes, size_t offset) {
    IommufdVeventHeader header{};
    if (offset + sizeof(header) <= bytes.size()) {
      std::memcpy(&header, bytes.data() + offset, sizeof(header));
    }
    return header;
  }
  static uint32_t VirtIdAt(const std::vector<std::byte>& bytes, size_t offset) {
    uint32_t virt_id = 0;
    if (offset + sizeof(virt_id) <= bytes.size()) {
      std::memcpy(&virt_id, bytes.data() + offset, sizeof(virt_id));
    }
    return virt_id;
  }

  uint32_t vdevice_ = 0;
  uint32_t nested_ = 0;
  std::vector<int> fds_;
};

TEST_F(MockVeventqTest, AllocReturnsAnObjectAndADescriptor) {
  Veventq queue = Queue(4);
  EXPECT_NE(queue.id, 0u);
  EXPECT_GE(queue.fd, 0);
}

TEST_F(MockVeventqTest, OneQueuePerTypeAndViommu) {
  Queue(4);
  EXPECT_THAT(iommufd().VeventqAlloc(viommu_, 4), FailsWith(EEXIST));
  // Another type is another queue, whether the driver raises it or not.
  Outcome other = iommufd().VeventqAlloc(viommu_, 4, uapi::kIommuVeventqTypeArmSmmuv3);
  EXPECT_THAT(other, Succeeds());
  if (other.ok()) fds_.push_back(static_cast<int>(other.As<uapi::IommuVeventqAlloc>().out_veventq_fd));
  uint32_t second_viommu = ViommuAllocOk(device_.idev, parent_);
  Outcome second = iommufd().VeventqAlloc(second_viommu, 4);
  EXPECT_THAT(second, Succeeds());
  if (second.ok()) fds_.push_back(static_cast<int>(second.As<uapi::IommuVeventqAlloc>().out_veventq_fd));
}

TEST_F(MockVeventqTest, AllocArgumentRules) {
  EXPECT_THAT(iommufd().VeventqAlloc(viommu_, 4, uapi::kIommuVeventqTypeSelftest, 1),
              FailsWith(EOPNOTSUPP));
  uapi::IommuVeventqAlloc reserved{};
  reserved.size = sizeof(reserved);
  reserved.viommu_id = viommu_;
  reserved.type = uapi::kIommuVeventqTypeSelftest;
  reserved.veventq_depth = 4;
  reserved.reserved = 1;
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlVeventqAlloc, &reserved, sizeof(reserved)),
              FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().VeventqAlloc(viommu_, 4, uapi::kIommuVeventqTypeDefault),
              FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().VeventqAlloc(viommu_, 0), FailsWith(EINVAL));
  // Those come before the lookup.
  EXPECT_THAT(iommufd().VeventqAlloc(0, 0), FailsWith(EINVAL));
  for (uint32_t id : {0u, parent_, ioas_, vdevice_, viommu_ + 100}) {
    EXPECT_THAT(iommufd().VeventqAlloc(id, 4), FailsWith(ENOENT)) << id;
  }
}

TEST_F(MockVeventqTest, DepthHasALimit) {
  constexpr uint32_t kMaxDepth = 1u << 19;
  EXPECT_THAT(iommufd().VeventqAlloc(viommu_, kMaxDepth + 1), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VeventqAlloc(viommu_, ~0u), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().VeventqAlloc(viommu_ + 100, ~0u), FailsWith(EINVAL));
  Outcome outcome = iommufd().VeventqAlloc(viommu_, kMaxDepth);
  ASSERT_THAT(outcome, Succeeds());
  fds_.push_back(static_cast<int>(outcome.As<uapi::IommuVeventqAlloc>().out_veventq_fd));
}

TEST_F(MockVeventqTest, DeviceKeepsRaisingForTheVirtualIdItAttachedWith) {
  Veventq queue = Queue(4);
  DestroyOk(vdevice_);
  ASSERT_THAT(iommufd().TriggerVevent(device_.idev), Succeeds());
  std::vector<std::byte> bytes = ReadOk(queue.fd, 64);
  ASSERT_EQ(bytes.size(), kRecord);
  EXPECT_EQ(VirtIdAt(bytes, sizeof(IommufdVeventHeader)), kVirtId);
}

TEST_F(MockVeventqTest, OpenDescriptorKeepsTheQueueBusy) {
  Veventq queue = Queue(4);
  EXPECT_THAT(iommufd().Destroy(queue.id), FailsWith(EBUSY));
  EXPECT_THAT(iommufd().Destroy(viommu_), FailsWith(EBUSY));
  CloseQueue(queue);
  DestroyOk(queue.id);
}

TEST_F(MockVeventqTest, EmptyQueueReadsNothing) {
  Veventq queue = Queue(4);
  EXPECT_THAT(ReadEvents(queue.fd, 64), Succeeds());
  EXPECT_EQ(ReadEvents(queue.fd, 64).ret, 0);
}

TEST_F(MockVeventqTest, TriggeredEventCarriesTheVirtualId) {
  Veventq queue = Queue(4);
  ASSERT_THAT(iommufd().TriggerVevent(device_.idev), Succeeds());
  std::vector<std::byte> bytes = ReadOk(queue.fd, 64);
  ASSERT_EQ(bytes.size(), kRecord);
  EXPECT_EQ(HeaderAt(bytes, 0).flags, 0u);
  EXPECT_EQ(HeaderAt(bytes, 0).sequence, 0u);
  EXPECT_EQ(VirtIdAt(bytes, sizeof(IommufdVeventHeader)), kVirtId);
  EXPECT_EQ(ReadEvents(queue.fd, 64).ret, 0);
}

TEST_F(MockVeventqTest, EventCarriesTheLow32BitsOfAWideVirtualId) {
  Veventq queue = Queue(4);
  MockDevice other = MockDomainOk(ioas_);
  VdeviceAllocOk(viommu_, other.idev, (uint64_t{1} << 32) | 0x77);
  ReplaceOk(other.stdev, nested_);
  ASSERT_THAT(iommufd().TriggerVevent(other.idev), Succeeds());
  std::vector<std::byte> bytes = ReadOk(queue.fd, 64);
  ASSERT_EQ(bytes.size(), kRecord);
  EXPECT_EQ(VirtIdAt(bytes, sizeof(IommufdVeventHeader)), 0x77u);
}

TEST_F(MockVeventqTest, SequenceNumbersCountUpAcrossReads) {
  Veventq queue = Queue(8);
  for (int i = 0; i < 3; ++i) ASSERT_THAT(iommufd().TriggerVevent(device_.idev), Succeeds());
  std::vector<std::byte> bytes = ReadOk(queue.fd, 256);
  ASSERT_EQ(bytes.size(), 3 * kRecord);
  for (uint32_t i = 0; i < 3; ++i) EXPECT_EQ(HeaderAt(bytes, i * kRecord).sequence, i);
  ASSERT_THAT(iommufd().TriggerVevent(device_.idev), Succeeds());
  bytes = ReadOk(queue.fd, 256);
  ASSERT_EQ(bytes.size(), kRecord);
  EXPECT_EQ(HeaderAt(bytes, 0).sequence, 3u);
}

TEST_F(MockVeventqTest, ReadStopsAtTheLastWholeRecord) {
  Veventq queue = Queue(8);
  for (int i = 0; i < 3; ++i) ASSERT_THAT(iommufd().TriggerVevent(device_.idev), Succeeds());
  std::vector<std::byte> bytes = ReadOk(queue.fd, 2 * kRecord + 5);
  ASSERT_EQ(bytes.size(), 2 * kRecord);
  bytes = ReadOk(queue.fd, 2 * kRecord);
  ASSERT_EQ(bytes.size(), kRecord);
  EXPECT_EQ(HeaderAt(bytes, 0).sequence, 2u);
}

TEST_F(MockVeventqTest, BufferTooSmallForTheFirstRecordIsEinval) {
  Veventq queue = Queue(8);
  // Below a header's size even an empty queue refuses; a header's room reads nothing.
  EXPECT_THAT(ReadEvents(queue.fd, 0), FailsWith(EINVAL));
  EXPECT_THAT(ReadEvents(queue.fd, 4), FailsWith(EINVAL));
  EXPECT_EQ(ReadEvents(queue.fd, sizeof(IommufdVeventHeader)).ret, 0);
  ASSERT_THAT(iommufd().TriggerVevent(device_.idev), Succeeds());
  for (size_t count : {size_t{0}, size_t{4}, sizeof(IommufdVeventHeader), kRecord - 1}) {
    EXPECT_THAT(ReadEvents(queue.fd, count), FailsWith(EINVAL)) << count;
  }
  // The record is still there.
  EXPECT_EQ(ReadOk(queue.fd, kRecord).size(), kRecord);
}

TEST_F(MockVeventqTest, FullQueueRecordsLostEvents) {
  Veventq queue = Queue(2);
  for (int i = 0; i < 5; ++i) ASSERT_THAT(iommufd().TriggerVevent(device_.idev), Succeeds());
  std::vector<std::byte> bytes = ReadOk(queue.fd, 256);
  ASSERT_EQ(bytes.size(), 2 * kRecord + sizeof(IommufdVeventHeader));
  EXPECT_EQ(HeaderAt(bytes, 0).sequence, 0u);
  EXPECT_EQ(HeaderAt(bytes, kRecord).sequence, 1u);
  IommufdVeventHeader lost = HeaderAt(bytes, 2 * kRecord);
  EXPECT_EQ(lost.flags, kIommuVeventqFlagLostEvents);
  // Every dropped event took a sequence number; the record carries the last one.
  EXPECT_EQ(lost.sequence, 4u);
  ASSERT_THAT(iommufd().TriggerVevent(device_.idev), Succeeds());
  bytes = ReadOk(queue.fd, 256);
  ASSERT_EQ(bytes.size(), kRecord);
  EXPECT_EQ(HeaderAt(bytes, 0).flags, 0u);
  EXPECT_EQ(HeaderAt(bytes, 0).sequence, 5u);
}

TEST_F(MockVeventqTest, LostEventsRecordReadAlone) {
  Veventq queue = Queue(1);
  for (int i = 0; i < 2; ++i) ASSERT_THAT(iommufd().TriggerVevent(device_.idev), Succeeds());
  EXPECT_EQ(ReadOk(queue.fd, kRecord).size(), kRecord);
  std::vector<std::byte> bytes = ReadOk(queue.fd, sizeof(IommufdVeventHeader));
  ASSERT_EQ(bytes.size(), sizeof(IommufdVeventHeader));
  EXPECT_EQ(HeaderAt(bytes, 0).flags, kIommuVeventqFlagLostEvents);
  EXPECT_EQ(HeaderAt(bytes, 0).sequence, 1u);
  EXPECT_EQ(ReadEvents(queue.fd, 64).ret, 0);
}

TEST_F(MockVeventqTest, EventQueuedBehindTheLossRecordReplacesIt) {
  Veventq queue = Queue(2);
  for (int i = 0; i < 3; ++i) ASSERT_THAT(iommufd().TriggerVevent(device_.idev), Succeeds());
  EXPECT_EQ(ReadOk(queue.fd, kRecord).size(), kRecord);
  ASSERT_THAT(iommufd().TriggerVevent(device_.idev), Succeeds());
  std::vector<std::byte> bytes = ReadOk(queue.fd, 256);
  ASSERT_EQ(bytes.size(), 2 * kRecord);
  EXPECT_EQ(HeaderAt(bytes, 0).sequence, 1u);
  // Only the gap in the sequence tells of the event lost.
  EXPECT_EQ(HeaderAt(bytes, kRecord).flags, 0u);
  EXPECT_EQ(HeaderAt(bytes, kRecord).sequence, 3u);
}

TEST_F(MockVeventqTest, PollReportsQueuedEvents) {
  Veventq queue = Queue(4);
  Outcome empty = iommufd().backend().Poll(queue.fd, POLLIN | POLLOUT);
  EXPECT_THAT(empty, Succeeds());
  EXPECT_EQ(empty.ret & POLLIN, 0);
  ASSERT_THAT(iommufd().TriggerVevent(device_.idev), Succeeds());
  Outcome ready = iommufd().backend().Poll(queue.fd, POLLIN | POLLOUT);
  EXPECT_THAT(ready, Succeeds());
  EXPECT_NE(ready.ret & POLLIN, 0);
  ReadOk(queue.fd, 64);
  EXPECT_EQ(iommufd().backend().Poll(queue.fd, POLLIN).ret & POLLIN, 0);
}

TEST_F(MockVeventqTest, WriteIsRefused) {
  Veventq queue = Queue(4);
  uint64_t word = 0;
  EXPECT_THAT(iommufd().backend().Write(queue.fd, &word, sizeof(word)), FailsWith(EINVAL));
}

TEST_F(MockVeventqTest, UnwritableBufferIsEfault) {
  Veventq queue = Queue(4);
  ASSERT_THAT(iommufd().TriggerVevent(device_.idev), Succeeds());
  EXPECT_THAT(iommufd().backend().Read(queue.fd, reinterpret_cast<void*>(uintptr_t{8}), 64),
              FailsWith(EFAULT));
  EXPECT_EQ(ReadOk(queue.fd, 64).size(), kRecord);
}

TEST_F(MockVeventqTest, TriggerWithoutASelftestQueueIsEopnotsupp) {
  EXPECT_THAT(iommufd().TriggerVevent(device_.idev), FailsWith(EOPNOTSUPP));
  Outcome other = iommufd().VeventqAlloc(viommu_, 4, uapi::kIommuVeventqTypeArmSmmuv3);
  ASSERT_THAT(other, Succeeds());
  fds_.push_back(static_cast<int>(other.As<uapi::IommuVeventqAlloc>().out_veventq_fd));
  EXPECT_THAT(iommufd().TriggerVevent(device_.idev), FailsWith(EOPNOTSUPP));
  Veventq queue = Queue(4);
  EXPECT_THAT(iommufd().TriggerVevent(device_.idev), Succeeds());
  EXPECT_EQ(ReadOk(queue.fd, 64).size(), kRecord);
}

TEST_F(MockVeventqTest, TriggerNeedsTheDeviceOnANestedHwptOfAViommu) {
  Veventq queue = Queue(4);
  MockDevice other = MockDomainOk(ioas_);
  EXPECT_THAT(iommufd().TriggerVevent(other.idev), FailsWith(ENOENT));
  // A vDEVICE alone is not enough.
  VdeviceAllocOk(viommu_, other.idev, kVirtId + 1);
  EXPECT_THAT(iommufd().TriggerVevent(other.idev), FailsWith(ENOENT));
  // Nor is a device that left the nested HWPT.
  ReplaceOk(device_.stdev, ioas_);
  EXPECT_THAT(iommufd().TriggerVevent(device_.idev), FailsWith(ENOENT));
  for (uint32_t id : {0u, ioas_, viommu_, vdevice_ + 100}) {
    EXPECT_THAT(iommufd().TriggerVevent(id), FailsWith(ENOENT)) << id;
  }
  EXPECT_EQ(ReadEvents(queue.fd, 64).ret, 0);
}

TEST_F(MockVeventqTest, QueueOfAnotherViommuSeesNothing) {
  uint32_t second_viommu = ViommuAllocOk(device_.idev, parent_);
  Veventq queue{};
  Outcome outcome = iommufd().VeventqAlloc(second_viommu, 4);
  ASSERT_THAT(outcome, Succeeds());
  queue.fd = static_cast<int>(outcome.As<uapi::IommuVeventqAlloc>().out_veventq_fd);
  fds_.push_back(queue.fd);
  EXPECT_THAT(iommufd().TriggerVevent(device_.idev), FailsWith(EOPNOTSUPP));
  EXPECT_EQ(ReadEvents(queue.fd, 64).ret, 0);
}

// A vEVENTQ descriptor keeps its iommufd's objects alive after the iommufd itself is closed.
TEST_F(MockVeventqTest, QueueReadsOnAfterItsIommufdIsClosed) {
  Backend& backend = iommufd().backend();
  int queue_fd = -1;
  {
    IommufdSession second(backend);
    ASSERT_THAT(second.open_outcome(), Succeeds());
    uint32_t ioas =
        Require(second.IoasAlloc(), "IOAS_ALLOC").As<uapi::IommuIoasAlloc>().out_ioas_id;
    uint32_t idev = Require(second.MockDomain(ioas), "MOCK_DOMAIN")
                        .As<uapi::IommuTestCmd>()
                        .mock_domain.out_idev_id;
    uint32_t parent =
        Require(second.HwptAlloc(idev, ioas, uapi::kIommuHwptAllocNestParent), "HWPT_ALLOC")
            .As<uapi::IommuHwptAlloc>()
            .out_hwpt_id;
    uint32_t viommu_id = Require(second.ViommuAlloc(idev, parent), "VIOMMU_ALLOC")
                             .As<uapi::IommuViommuAlloc>()
                             .out_viommu_id;
    queue_fd = static_cast<int>(Require(second.VeventqAlloc(viommu_id, 2), "VEVENTQ_ALLOC")
                                    .As<uapi::IommuVeventqAlloc>()
                                    .out_veventq_fd);
  }
  EXPECT_EQ(ReadEvents(queue_fd, 64).ret, 0);
  EXPECT_EQ(backend.Poll(queue_fd, POLLIN).ret, 0);
  EXPECT_THAT(Close(queue_fd), Succeeds());
}

}  // namespace
}  // namespace iommufd_conform
