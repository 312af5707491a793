// IOMMU_FAULT_QUEUE_ALLOC and its descriptor: IO page faults the selftest driver raises
// (TRIGGER_IOPF) on devices attached to HWPTs that report to a fault queue, read() as
// iommu_hwpt_pgfault records and answered with iommu_hwpt_page_response writes.
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <memory>

#include "suites/mock/iopf_pasid_test.h"

namespace iommufd_conform {
namespace {

using uapi::IommuHwptPageResponse;
using uapi::IommuHwptPgfault;

constexpr short kReadable = POLLIN | POLLRDNORM;
constexpr short kAllEvents = POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
constexpr uint32_t kLastPage = uapi::kIommuPgfaultFlagsLastPage;
constexpr uint32_t kRead = uapi::kIommuPgfaultPermRead;
constexpr uint32_t kWrite = uapi::kIommuPgfaultPermWrite;

class FaultQueueTest : public IopfPasidTest {
 protected:
  void SetUp() override {
    IopfPasidTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    device_ = MockDomainOk(ioas_);
    queue_ = FaultQueueAllocOk();
  }

  // Moves the fixture's device onto a fresh nested HWPT reporting to the fixture's queue.
  uint32_t AttachToIopfHwpt() {
    uint32_t hwpt = NestedIopfHwptOk(device_.idev, ioas_, queue_.id);
    EXPECT_EQ(ReplaceOk(device_.stdev, hwpt), hwpt);
    return hwpt;
  }

  Outcome PollQueue(short events = kAllEvents) { return iommufd().Poll(queue_.fd, events); }

  MockDevice device_;
  FaultQueue queue_;
};

TEST_F(FaultQueueTest, AllocAnswersTheNextIdAndADescriptor) {
  EXPECT_EQ(queue_.id, device_.hwpt + 1);
  EXPECT_GE(queue_.fd, 0);
  FaultQueue second = FaultQueueAllocOk();
  EXPECT_EQ(second.id, queue_.id + 1);
  EXPECT_NE(second.fd, queue_.fd);
}

TEST_F(FaultQueueTest, UnknownFlagsAreEopnotsupp) {
  EXPECT_THAT(iommufd().FaultQueueAlloc(1), FailsWith(EOPNOTSUPP));
  EXPECT_THAT(iommufd().FaultQueueAlloc(1u << 31), FailsWith(EOPNOTSUPP));
  // Nothing was made: the next queue takes the next id.
  EXPECT_EQ(FaultQueueAllocOk().id, queue_.id + 1);
}

TEST_F(FaultQueueTest, StructEndsWithTheDescriptor) {
  uapi::IommuFaultAlloc arg{};
  arg.size = offsetof(uapi::IommuFaultAlloc, out_fault_fd);
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlFaultQueueAlloc, &arg, sizeof(arg)), FailsWith(EINVAL));
}

TEST_F(FaultQueueTest, NonZeroBytesPastTheStructAreE2bigAndMakeNothing) {
  struct {
    uapi::IommuFaultAlloc alloc;
    uint32_t tail = 1;
  } arg{};
  arg.alloc.size = sizeof(arg);
  EXPECT_THAT(iommufd().Raw(uapi::kIoctlFaultQueueAlloc, &arg, sizeof(arg)), FailsWith(E2BIG));
  EXPECT_EQ(FaultQueueAllocOk().id, queue_.id + 1);
}

TEST_F(FaultQueueTest, QueueWithItsDescriptorClosedStillServesHwpts) {
  CloseFaultFd(queue_);
  uint32_t hwpt = NestedIopfHwptOk(device_.idev, ioas_, queue_.id);
  ReplaceOk(device_.stdev, hwpt);
  TriggerIopfOk(device_.idev, 0, 1);
  EXPECT_THAT(iommufd().Destroy(queue_.id), FailsWith(EBUSY));
  ReplaceOk(device_.stdev, ioas_);
  DestroyOk(hwpt);
  DestroyOk(queue_.id);
}

TEST_F(FaultQueueTest, OpenDescriptorKeepsTheObject) {
  EXPECT_THAT(iommufd().Destroy(queue_.id), FailsWith(EBUSY));
  CloseFaultFd(queue_);
  DestroyOk(queue_.id);
  EXPECT_THAT(iommufd().Destroy(queue_.id), FailsWith(ENOENT));
}

TEST_F(FaultQueueTest, EmptyQueueReadsNothingAndPollsWritable) {
  Outcome outcome = ReadFaults(queue_.fd, 1);
  EXPECT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.ret, 0);
  outcome = ReadFaults(queue_.fd, 0);
  EXPECT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.ret, 0);
  EXPECT_EQ(PollQueue().ret, POLLOUT);
  EXPECT_EQ(PollQueue(POLLIN).ret, 0);
}

TEST_F(FaultQueueTest, CountsThatAreNoWholeRecordsAreEspipe) {
  IommuHwptPgfault records[2];
  for (size_t count : {size_t{1}, sizeof(IommuHwptPgfault) - 1, sizeof(IommuHwptPgfault) + 1}) {
    EXPECT_THAT(iommufd().Read(queue_.fd, records, count), FailsWith(ESPIPE)) << count;
  }
  const IommuHwptPageResponse responses[2] = {};
  for (size_t count : {size_t{1}, sizeof(IommuHwptPageResponse) - 1,
                       sizeof(IommuHwptPageResponse) + 4}) {
    EXPECT_THAT(iommufd().Write(queue_.fd, responses, count), FailsWith(ESPIPE)) << count;
  }
}

TEST_F(FaultQueueTest, ResponsesWithoutFaultsAreEinval) {
  EXPECT_EQ(Respond(queue_.fd, {}).ret, 0);
  for (uint32_t cookie : {0u, 1u, 0xffffffffu}) {
    const IommuHwptPageResponse response{cookie, uapi::kIommufdPageRespSuccess};
    EXPECT_THAT(Respond(queue_.fd, {&response, 1}), FailsWith(EINVAL)) << cookie;
  }
}

TEST_F(FaultQueueTest, FaultIsReadOnceAndAnsweredOnce) {
  AttachToIopfHwpt();
  TriggerIopfOk(device_.idev, 0, 5, kRead | kWrite, 0x4000);
  EXPECT_EQ(PollQueue().ret, kReadable | POLLOUT);
  auto records = ReadFaultsOk(queue_.fd, 1);
  ASSERT_EQ(records.size(), 1u);
  const IommuHwptPgfault& fault = records[0];
  EXPECT_EQ(fault.flags, kLastPage);
  EXPECT_EQ(fault.dev_id, device_.idev);
  EXPECT_EQ(fault.pasid, 0u);
  EXPECT_EQ(fault.grpid, 5u);
  EXPECT_EQ(fault.perm, kRead | kWrite);
  EXPECT_EQ(fault.addr, 0x4000u);
  EXPECT_EQ(fault.length, 0u);
  EXPECT_EQ(fault.cookie, 1u);
  // Read faults wait for their response but are no longer readable.
  EXPECT_EQ(PollQueue().ret, POLLOUT);
  EXPECT_EQ(ReadFaults(queue_.fd, 1).ret, 0);
  const IommuHwptPageResponse response{1, uapi::kIommufdPageRespSuccess};
  EXPECT_EQ(Respond(queue_.fd, {&response, 1}).ret, static_cast<long>(sizeof(response)));
  EXPECT_THAT(Respond(queue_.fd, {&response, 1}), FailsWith(EINVAL));
}

TEST_F(FaultQueueTest, RecordFieldsPassThrough) {
  AttachToIopfHwpt();
  TriggerIopfOk(device_.idev, 0, 0xffffffff, 0xffffffff, ~uint64_t{0});
  auto records = ReadFaultsOk(queue_.fd, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].flags, kLastPage);
  EXPECT_EQ(records[0].grpid, 0xffffffffu);
  EXPECT_EQ(records[0].perm, 0xffffffffu);
  EXPECT_EQ(records[0].addr, ~uint64_t{0});
  EXPECT_EQ(records[0].reserved, 0u);
}

TEST_F(FaultQueueTest, CookiesAreTheLowestFreeFromOne) {
  AttachToIopfHwpt();
  for (uint32_t grpid = 0; grpid < 3; ++grpid) TriggerIopfOk(device_.idev, 0, grpid);
  auto records = ReadFaultsOk(queue_.fd, 3);
  ASSERT_EQ(records.size(), 3u);
  for (uint32_t i = 0; i < 3; ++i) {
    EXPECT_EQ(records[i].grpid, i) << "faults are read in the order they came";
    EXPECT_EQ(records[i].cookie, i + 1);
  }
  RespondOk(queue_.fd, 2, uapi::kIommufdPageRespInvalid);
  TriggerIopfOk(device_.idev, 0, 7);
  records = ReadFaultsOk(queue_.fd, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].cookie, 2u);
}

TEST_F(FaultQueueTest, ReadTakesWhatFitsAndZeroBytesIsEinvalWhenFaultsWait) {
  AttachToIopfHwpt();
  for (uint32_t grpid = 0; grpid < 3; ++grpid) TriggerIopfOk(device_.idev, 0, grpid);
  EXPECT_THAT(ReadFaults(queue_.fd, 0), FailsWith(EINVAL));
  auto records = ReadFaultsOk(queue_.fd, 2);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].grpid, 1u);
  records = ReadFaultsOk(queue_.fd, 4);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].grpid, 2u);
  EXPECT_EQ(records[0].cookie, 3u);
}

TEST_F(FaultQueueTest, ReadIntoBadMemoryIsEfaultAndKeepsTheFault) {
  AttachToIopfHwpt();
  TriggerIopfOk(device_.idev, 0, 9);
  EXPECT_THAT(iommufd().Read(queue_.fd, nullptr, sizeof(IommuHwptPgfault)), FailsWith(EFAULT));
  auto records = ReadFaultsOk(queue_.fd, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].grpid, 9u);
  EXPECT_EQ(records[0].cookie, 1u);
}

// Two pages of which only the first is mapped: a buffer ending `tail` bytes into the
// second page runs off the end.
class HalfMappedPair {
 public:
  HalfMappedPair() {
    size_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    void* at = mmap(nullptr, 2 * size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    base_ = at == MAP_FAILED ? nullptr : static_cast<std::byte*>(at);
    if (base_) munmap(base_ + size_, size_);
  }
  ~HalfMappedPair() {
    if (base_) munmap(base_, size_);
  }
  // `before` bytes of mapped memory end where the unmapped page starts.
  std::byte* EndingAt(size_t before) const { return base_ ? base_ + size_ - before : nullptr; }

 private:
  size_t size_ = 0;
  std::byte* base_ = nullptr;
};

TEST_F(FaultQueueTest, ReadRunningOffMappedMemoryReturnsTheWholeRecordsBefore) {
  AttachToIopfHwpt();
  for (uint32_t grpid = 0; grpid < 3; ++grpid) TriggerIopfOk(device_.idev, 0, grpid);
  HalfMappedPair memory;
  // One record fits, the second is cut by the unmapped page.
  std::byte* buffer = memory.EndingAt(sizeof(IommuHwptPgfault) + 8);
  ASSERT_NE(buffer, nullptr);
  Outcome outcome = iommufd().Read(queue_.fd, buffer, 3 * sizeof(IommuHwptPgfault));
  EXPECT_EQ(outcome.ret, static_cast<long>(sizeof(IommuHwptPgfault)));
  auto records = Records(outcome);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].cookie, 1u);
  // The cut fault stays first in line and its cookie is handed out again.
  records = ReadFaultsOk(queue_.fd, 3);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].grpid, 1u);
  EXPECT_EQ(records[0].cookie, 2u);
}

TEST_F(FaultQueueTest, WriteRunningOffMappedMemoryCountsTheResponsesBefore) {
  AttachToIopfHwpt();
  for (uint32_t grpid = 0; grpid < 2; ++grpid) TriggerIopfOk(device_.idev, 0, grpid);
  ASSERT_EQ(ReadFaultsOk(queue_.fd, 2).size(), 2u);
  HalfMappedPair memory;
  std::byte* buffer = memory.EndingAt(sizeof(IommuHwptPageResponse) + 4);
  ASSERT_NE(buffer, nullptr);
  const IommuHwptPageResponse first{1, 0};
  std::memcpy(buffer, &first, sizeof(first));
  EXPECT_EQ(iommufd().Write(queue_.fd, buffer, 2 * sizeof(IommuHwptPageResponse)).ret, 8);
  RespondOk(queue_.fd, 2);
}

TEST_F(FaultQueueTest, ResponsesInOneWriteStopAtTheFirstBadOne) {
  AttachToIopfHwpt();
  for (uint32_t grpid = 0; grpid < 4; ++grpid) TriggerIopfOk(device_.idev, 0, grpid);
  ASSERT_EQ(ReadFaultsOk(queue_.fd, 4).size(), 4u);
  const IommuHwptPageResponse both[] = {{1, 0}, {2, 1}};
  EXPECT_EQ(Respond(queue_.fd, both).ret, 16);
  // A bad cookie or code after a good response: the good one counts.
  const IommuHwptPageResponse then_unknown[] = {{3, 0}, {9, 0}};
  EXPECT_EQ(Respond(queue_.fd, then_unknown).ret, 8);
  const IommuHwptPageResponse bad_code_first[] = {{4, 2}, {4, 0}};
  EXPECT_THAT(Respond(queue_.fd, bad_code_first), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().Write(queue_.fd, nullptr, 8), FailsWith(EFAULT));
  RespondOk(queue_.fd, 4, 1);
}

TEST_F(FaultQueueTest, DeviceWithoutAnIopfHwptDropsItsFaults) {
  TriggerIopfOk(device_.idev);
  uint32_t plain_parent = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
  ReplaceOk(device_.stdev, plain_parent);
  TriggerIopfOk(device_.idev);
  EXPECT_EQ(ReadFaults(queue_.fd, 1).ret, 0);
  EXPECT_EQ(PollQueue().ret, POLLOUT);
}

TEST_F(FaultQueueTest, TriggerNeedsADevice) {
  for (uint32_t dev : {0u, ioas_, device_.stdev, device_.hwpt, queue_.id, queue_.id + 100}) {
    EXPECT_THAT(iommufd().TriggerIopf(dev, 0, 0, kRead, 0), FailsWith(ENOENT)) << dev;
  }
}

TEST_F(FaultQueueTest, FaultIdMustNameAFaultQueue) {
  uint32_t parent = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
  static const uint32_t kIotlb = uapi::kIommuTestIotlbDefault;
  for (uint32_t fault_id : {0u, ioas_, parent, device_.idev, queue_.id + 100}) {
    EXPECT_THAT(iommufd().HwptAlloc(device_.idev, parent, uapi::kIommuHwptFaultIdValid,
                                    uapi::kIommuHwptDataSelftest, BytesOf(kIotlb), fault_id),
                FailsWith(ENOENT))
        << fault_id;
  }
  // The failed HWPTs gave their ids back.
  EXPECT_EQ(HwptAllocWithFaultOk(device_.idev, parent, queue_.id, 0,
                                 uapi::kIommuHwptDataSelftest, BytesOf(kIotlb)),
            parent + 1);
}

TEST_F(FaultQueueTest, PagingHwptsReportFaultsFromThePasidDriverOn) {
  bool new_driver = HasPasidMockDriver();
  Outcome outcome =
      iommufd().HwptAlloc(device_.idev, ioas_, uapi::kIommuHwptFaultIdValid, 0, {}, queue_.id);
  EXPECT_THAT(outcome, SucceedsOrFailsWith(new_driver ? 0 : EOPNOTSUPP));
  if (!outcome.ok()) return;
  uint32_t hwpt = outcome.As<uapi::IommuHwptAlloc>().out_hwpt_id;
  ReplaceOk(device_.stdev, hwpt);
  TriggerIopfOk(device_.idev, 0, 3);
  auto records = ReadFaultsOk(queue_.fd, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].grpid, 3u);
}

TEST_F(FaultQueueTest, NestParentCannotReportFaults) {
  EXPECT_THAT(iommufd().HwptAlloc(device_.idev, ioas_,
                                  uapi::kIommuHwptAllocNestParent | uapi::kIommuHwptFaultIdValid, 0,
                                  {}, queue_.id),
              FailsWith(EOPNOTSUPP));
}

TEST_F(FaultQueueTest, HwptHoldsItsFaultQueue) {
  uint32_t hwpt = NestedIopfHwptOk(device_.idev, ioas_, queue_.id);
  CloseFaultFd(queue_);
  EXPECT_THAT(iommufd().Destroy(queue_.id), FailsWith(EBUSY));
  DestroyOk(hwpt);
  DestroyOk(queue_.id);
}

TEST_F(FaultQueueTest, ReplaceAwayAnswersTheDevicesPendingFaults) {
  AttachToIopfHwpt();
  TriggerIopfOk(device_.idev, 0, 1);
  TriggerIopfOk(device_.idev, 0, 2);
  ASSERT_EQ(ReadFaultsOk(queue_.fd, 1).size(), 1u);
  ReplaceOk(device_.stdev, ioas_);
  EXPECT_EQ(ReadFaults(queue_.fd, 1).ret, 0);
  const IommuHwptPageResponse response{1, 0};
  EXPECT_THAT(Respond(queue_.fd, {&response, 1}), FailsWith(EINVAL));
}

TEST_F(FaultQueueTest, ReplaceToAnotherIopfHwptOnTheSameQueueStillAnswersThem) {
  AttachToIopfHwpt();
  TriggerIopfOk(device_.idev, 0, 1);
  uint32_t other = NestedIopfHwptOk(device_.idev, ioas_, queue_.id);
  ReplaceOk(device_.stdev, other);
  EXPECT_EQ(ReadFaults(queue_.fd, 1).ret, 0);
  TriggerIopfOk(device_.idev, 0, 2);
  auto records = ReadFaultsOk(queue_.fd, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].grpid, 2u);
}

TEST_F(FaultQueueTest, ReplaceToTheSameHwptKeepsThem) {
  uint32_t hwpt = AttachToIopfHwpt();
  TriggerIopfOk(device_.idev, 0, 1);
  EXPECT_EQ(ReplaceOk(device_.stdev, hwpt), hwpt);
  EXPECT_EQ(ReadFaultsOk(queue_.fd, 1).size(), 1u);
}

TEST_F(FaultQueueTest, DestroyingTheDeviceAnswersItsFaultsOnly) {
  uint32_t hwpt = AttachToIopfHwpt();
  MockDevice second = MockDomainOk(hwpt);
  TriggerIopfOk(device_.idev, 0, 1);
  TriggerIopfOk(second.idev, 0, 2);
  TriggerIopfOk(device_.idev, 0, 3);
  ASSERT_EQ(ReadFaultsOk(queue_.fd, 1).size(), 1u);  // device_'s first, cookie 1
  DestroyOk(device_.stdev);
  auto records = ReadFaultsOk(queue_.fd, 4);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].dev_id, second.idev);
  EXPECT_EQ(records[0].grpid, 2u);
  EXPECT_EQ(records[0].cookie, 1u) << "the dropped fault's cookie is free again";
}

TEST_F(FaultQueueTest, QueuesCountCookiesApart) {
  FaultQueue other = FaultQueueAllocOk();
  AttachToIopfHwpt();
  MockDevice second = MockDomainOk(ioas_);
  uint32_t other_hwpt = NestedIopfHwptOk(second.idev, ioas_, other.id);
  ReplaceOk(second.stdev, other_hwpt);
  TriggerIopfOk(device_.idev, 0, 1);
  TriggerIopfOk(second.idev, 0, 2);
  auto mine = ReadFaultsOk(queue_.fd, 2);
  auto theirs = ReadFaultsOk(other.fd, 2);
  ASSERT_EQ(mine.size(), 1u);
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(mine[0].cookie, 1u);
  EXPECT_EQ(theirs[0].cookie, 1u);
  EXPECT_EQ(theirs[0].dev_id, second.idev);
  const IommuHwptPageResponse response{1, 0};
  EXPECT_EQ(Respond(other.fd, {&response, 1}).ret, 8);
  EXPECT_EQ(Respond(queue_.fd, {&response, 1}).ret, 8);
}

TEST_F(FaultQueueTest, PasidFaultOnTheRidFollowsANestedHwpt) {
  AttachToIopfHwpt();
  TriggerIopfOk(device_.idev, 7, 1);
  auto records = ReadFaultsOk(queue_.fd, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].flags, kLastPage | uapi::kIommuPgfaultFlagsPasidValid);
  EXPECT_EQ(records[0].pasid, 7u);
}

TEST_F(FaultQueueTest, PasidFaultIsDroppedOnAPagingRid) {
  if (!HasPasidMockDriver()) GTEST_SKIP() << "6.12's paging HWPTs cannot report faults";
  uint32_t hwpt = HwptAllocWithFaultOk(device_.idev, ioas_, queue_.id);
  ReplaceOk(device_.stdev, hwpt);
  TriggerIopfOk(device_.idev, 7, 1);
  EXPECT_EQ(ReadFaults(queue_.fd, 1).ret, 0);
}

TEST_F(FaultQueueTest, FaultOnAnAttachedPasidGoesToItsHwpt) {
  if (!HasPasidMockDriver()) GTEST_SKIP() << "6.12's driver has no PASID devices";
  MockDevice device = MockDomainOk(ioas_, uapi::kMockFlagsDevicePasid);
  uint32_t rid_hwpt = HwptAllocOk(device.idev, ioas_, uapi::kIommuHwptAllocPasid);
  ReplaceOk(device.stdev, rid_hwpt);
  uint32_t pasid_hwpt =
      HwptAllocWithFaultOk(device.idev, ioas_, queue_.id, uapi::kIommuHwptAllocPasid);
  PasidAttachOk(device.stdev, 20, pasid_hwpt);
  TriggerIopfOk(device.idev, 20, 4, kWrite, 0x8000);
  TriggerIopfOk(device.idev, 21, 5);  // no HWPT on that PASID
  TriggerIopfOk(device.idev, 0, 6);   // the RID's HWPT reports nowhere
  auto records = ReadFaultsOk(queue_.fd, 4);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].flags, kLastPage | uapi::kIommuPgfaultFlagsPasidValid);
  EXPECT_EQ(records[0].dev_id, device.idev);
  EXPECT_EQ(records[0].pasid, 20u);
  EXPECT_EQ(records[0].grpid, 4u);
  // Detaching the PASID answers its pending faults.
  TriggerIopfOk(device.idev, 20, 8);
  PasidDetachOk(device.stdev, 20);
  EXPECT_EQ(ReadFaults(queue_.fd, 1).ret, 0);
  const IommuHwptPageResponse response{records[0].cookie, 0};
  EXPECT_THAT(Respond(queue_.fd, {&response, 1}), FailsWith(EINVAL));
}

TEST_F(FaultQueueTest, ReplacingAPasidAnswersItsFaults) {
  if (!HasPasidMockDriver()) GTEST_SKIP() << "6.12's driver has no PASID devices";
  MockDevice device = MockDomainOk(ioas_, uapi::kMockFlagsDevicePasid);
  uint32_t rid_hwpt = HwptAllocOk(device.idev, ioas_, uapi::kIommuHwptAllocPasid);
  ReplaceOk(device.stdev, rid_hwpt);
  uint32_t first = HwptAllocWithFaultOk(device.idev, ioas_, queue_.id, uapi::kIommuHwptAllocPasid);
  uint32_t second =
      HwptAllocWithFaultOk(device.idev, ioas_, queue_.id, uapi::kIommuHwptAllocPasid);
  PasidAttachOk(device.stdev, 3, first);
  TriggerIopfOk(device.idev, 3, 1);
  TriggerIopfOk(device.idev, 3, 2);
  ASSERT_EQ(ReadFaultsOk(queue_.fd, 1).size(), 1u);
  // Replacing with the same HWPT keeps the attachment and its faults.
  PasidReplaceOk(device.stdev, 3, first);
  EXPECT_EQ(PollQueue().ret, kReadable | POLLOUT);
  PasidReplaceOk(device.stdev, 3, second);
  EXPECT_EQ(ReadFaults(queue_.fd, 1).ret, 0);
  TriggerIopfOk(device.idev, 3, 4);
  auto records = ReadFaultsOk(queue_.fd, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].grpid, 4u);
  EXPECT_EQ(records[0].cookie, 1u);
  PasidDetachOk(device.stdev, 3);
}

// A fault queue's descriptor holds its iommufd context: closing the iommufd leaves the
// queue, its HWPT and the device attached, so faults stay readable and answerable.
TEST_F(FaultQueueTest, QueueOutlivesItsIommufdDescriptor) {
  auto session = std::make_unique<IommufdSession>(iommufd().backend());
  ASSERT_THAT(session->open_outcome(), Succeeds());
  Outcome outcome = session->FaultQueueAlloc();
  ASSERT_THAT(outcome, Succeeds());
  int fd = static_cast<int>(outcome.As<uapi::IommuFaultAlloc>().out_fault_fd);
  uint32_t fault_id = outcome.As<uapi::IommuFaultAlloc>().out_fault_id;
  // The ids of another iommufd count from 1 again.
  EXPECT_EQ(fault_id, 1u);
  uint32_t ioas =
      Require(session->IoasAlloc(), "IOAS_ALLOC").As<uapi::IommuIoasAlloc>().out_ioas_id;
  auto device =
      Require(session->MockDomain(ioas), "MOCK_DOMAIN").As<uapi::IommuTestCmd>().mock_domain;
  uint32_t idev = device.out_idev_id;
  uint32_t parent = Require(session->HwptAlloc(idev, ioas, uapi::kIommuHwptAllocNestParent),
                            "HWPT_ALLOC of the parent")
                        .As<uapi::IommuHwptAlloc>()
                        .out_hwpt_id;
  static const uint32_t kIotlb = uapi::kIommuTestIotlbDefault;
  uint32_t nested =
      Require(session->HwptAlloc(idev, parent, uapi::kIommuHwptFaultIdValid,
                                 uapi::kIommuHwptDataSelftest, BytesOf(kIotlb), fault_id),
              "HWPT_ALLOC of the nested HWPT")
          .As<uapi::IommuHwptAlloc>()
          .out_hwpt_id;
  (void)Require(session->MockDomainReplace(device.out_stdev_id, nested), "MOCK_DOMAIN_REPLACE");
  (void)Require(session->TriggerIopf(idev, 0, 6, kRead, 0x2000), "TRIGGER_IOPF");
  session.reset();
  EXPECT_EQ(iommufd().Poll(fd, kAllEvents).ret, kReadable | POLLOUT);
  auto records = ReadFaultsOk(fd, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].grpid, 6u);
  EXPECT_EQ(records[0].dev_id, idev);
  RespondOk(fd, records[0].cookie);
  EXPECT_THAT(iommufd().Close(fd), Succeeds());
  EXPECT_THAT(iommufd().Close(fd), FailsWith(EBADF));
}

TEST_F(FaultQueueTest, NestedPasidHwptTakesThePasidsFaults) {
  if (!HasPasidMockDriver()) GTEST_SKIP() << "6.12's driver has no PASID devices";
  MockDevice device = MockDomainOk(ioas_, uapi::kMockFlagsDevicePasid);
  uint32_t rid_hwpt = HwptAllocOk(device.idev, ioas_, uapi::kIommuHwptAllocPasid);
  ReplaceOk(device.stdev, rid_hwpt);
  uint32_t nested = NestedIopfHwptOk(device.idev, ioas_, queue_.id, uapi::kIommuHwptAllocPasid);
  PasidAttachOk(device.stdev, 11, nested);
  TriggerIopfOk(device.idev, 11, 1);
  auto records = ReadFaultsOk(queue_.fd, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].pasid, 11u);
  // With the RID detached, faults without a PASID have nowhere to go.
  PasidDetachOk(device.stdev, 0);
  TriggerIopfOk(device.idev, 0, 2);
  TriggerIopfOk(device.idev, 12, 3);
  EXPECT_EQ(ReadFaults(queue_.fd, 1).ret, 0);
  PasidDetachOk(device.stdev, 11);
}

}  // namespace
}  // namespace iommufd_conform
