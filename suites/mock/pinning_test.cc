// When user pages get pinned: IOAS_MAP only checks them once a domain needs them, and the
// first domain attached to an IOAS pins every area already there.
#include <sys/mman.h>

#include "suites/mock/mock_test.h"
#include "suites/support/forked_child.h"

namespace iommufd_conform {
namespace {

// Two pages of address space: the first read-only, the second not mapped at all.
class UserPages {
 public:
  explicit UserPages(uint64_t page_size) : page_size_(page_size) {
    void* p = mmap(nullptr, 2 * page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    base_ = p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
    if (base_) munmap(base_ + page_size, page_size);
  }
  ~UserPages() {
    if (base_) munmap(base_, page_size_);
  }
  bool ok() const { return base_ != nullptr; }
  const uint8_t* read_only() const { return base_; }
  const uint8_t* unmapped() const { return base_ + page_size_; }

 private:
  uint64_t page_size_;
  uint8_t* base_;
};

class MockPinningTest : public MockTest {
 protected:
  void SetUp() override {
    MockTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    ASSERT_TRUE(pages_.ok());
  }
  UserPages pages_{static_cast<uint64_t>(sysconf(_SC_PAGESIZE))};
};

TEST_F(MockPinningTest, WithoutADomainNothingIsPinned) {
  MapFixedOk(ioas_, pages_.unmapped(), page_size(), kApertureIova);
  MapFixedOk(ioas_, pages_.read_only(), page_size(), kApertureIova + page_size());
}

TEST_F(MockPinningTest, WithADomainUnpinnablePagesAreEfault) {
  MockDomainOk(ioas_);
  EXPECT_THAT(
      iommufd().IoasMap(ioas_, pages_.unmapped(), page_size(), kApertureIova, kFixedReadWrite),
      FailsWith(EFAULT));
  EXPECT_THAT(iommufd().IoasMap(ioas_, pages_.unmapped(), page_size(), 0, kReadWrite),
              FailsWith(EFAULT));
  // Half mapped is not mapped.
  EXPECT_THAT(iommufd().IoasMap(ioas_, pages_.read_only(), 2 * page_size(), kApertureIova,
                                uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapReadable),
              FailsWith(EFAULT));
}

TEST_F(MockPinningTest, WithADomainWritingNeedsWritablePages) {
  MockDomainOk(ioas_);
  EXPECT_THAT(iommufd().IoasMap(ioas_, pages_.read_only(), page_size(), kApertureIova,
                                uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapWriteable),
              FailsWith(EFAULT));
  EXPECT_THAT(iommufd().IoasMap(ioas_, pages_.read_only(), page_size(), kApertureIova,
                                uapi::kIommuIoasMapFixedIova | uapi::kIommuIoasMapReadable),
              Succeeds());
}

TEST_F(MockPinningTest, IovaIsCheckedBeforeThePages) {
  MockDomainOk(ioas_);
  MapFixedOk(ioas_, buffer(), page_size(), kApertureIova);
  EXPECT_THAT(
      iommufd().IoasMap(ioas_, pages_.unmapped(), page_size(), kApertureIova, kFixedReadWrite),
      FailsWith(EEXIST));
  EXPECT_THAT(iommufd().IoasMap(ioas_, pages_.unmapped(), page_size(), 0x1000, kFixedReadWrite),
              FailsWith(EINVAL));
}

TEST_F(MockPinningTest, CopyIntoADomainPinsTheSourcePages) {
  uint32_t source = IoasAllocOk();
  MapFixedOk(source, pages_.unmapped(), page_size(), kApertureIova);
  uint32_t plain = IoasAllocOk();
  EXPECT_THAT(
      iommufd().IoasCopy(plain, source, kApertureIova, page_size(), kApertureIova, kFixedReadWrite),
      Succeeds());
  MockDomainOk(ioas_);
  EXPECT_THAT(
      iommufd().IoasCopy(ioas_, source, kApertureIova, page_size(), kApertureIova, kFixedReadWrite),
      FailsWith(EFAULT));
}

TEST_F(MockPinningTest, FirstDomainPinsTheAreasAlreadyThere) {
  MapFixedOk(ioas_, pages_.unmapped(), page_size(), kApertureIova);
  EXPECT_THAT(iommufd().MockDomain(ioas_), FailsWith(EFAULT));
  MockDevice device = MockDomainOk(IoasAllocOk());
  EXPECT_THAT(iommufd().HwptAlloc(device.idev, ioas_), FailsWith(EFAULT));
  EXPECT_THAT(iommufd().MockDomainReplace(device.stdev, ioas_), FailsWith(EFAULT));
  // Nothing was left behind on the IOAS.
  UnmapOk(ioas_, kApertureIova, page_size());
  DestroyOk(ioas_);
}

TEST_F(MockPinningTest, ReadOnlyPagesMappedWritableFailOnlyWhenPinned) {
  MapFixedOk(ioas_, pages_.read_only(), page_size(), kApertureIova);
  EXPECT_THAT(iommufd().MockDomain(ioas_), FailsWith(EFAULT));
}

TEST_F(MockPinningTest, ApertureIsCheckedBeforeThePages) {
  MapFixedOk(ioas_, pages_.unmapped(), page_size(), 0x1000);
  EXPECT_THAT(iommufd().MockDomain(ioas_), FailsWith(EADDRINUSE));
}

TEST_F(MockPinningTest, LaterDomainsShareThePinsOfTheFirst) {
  void* p = mmap(nullptr, page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  static_cast<uint8_t*>(p)[0] = 1;
  MapFixedOk(ioas_, p, page_size(), kApertureIova);
  MockDevice device = MockDomainOk(ioas_);
  munmap(p, page_size());
  // The pages stay pinned by the first domain, so a second one needs nothing from the VA.
  uint32_t second = HwptAllocOk(device.idev, ioas_);
  EXPECT_NE(second, device.hwpt);
}

// Many pages of private anonymous memory, touched back to front, followed by one page that
// is not mapped: pinning the range pins thousands of pages before it fails.
class ScatteredPagesThenAHole {
 public:
  ScatteredPagesThenAHole(uint64_t page_size, uint64_t pages)
      : length_((pages + 1) * page_size) {
    void* p = mmap(nullptr, length_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    base_ = static_cast<uint8_t*>(p);
    (void)madvise(base_, length_, MADV_NOHUGEPAGE);
    for (uint64_t i = pages; i-- > 0;) base_[i * page_size] = 1;
    munmap(base_ + pages * page_size, page_size);
  }
  ~ScatteredPagesThenAHole() {
    if (base_) munmap(base_, length_);
  }
  bool ok() const { return base_ != nullptr; }
  const uint8_t* data() const { return base_; }
  // The good pages and the hole.
  uint64_t length() const { return length_; }

 private:
  uint64_t length_;
  uint8_t* base_ = nullptr;
};

// More pages than fit in 64 KiB of page pointers.
constexpr uint64_t kManyPages = 12288;

TEST_F(MockPinningTest, AHoleLateInTheRangeFailsTheMapIntoTwoDomains) {
  ScatteredPagesThenAHole memory(page_size(), kManyPages);
  ASSERT_TRUE(memory.ok());
  MockDevice device = MockDomainOk(ioas_);
  HwptAllocOk(device.idev, ioas_);
  MockDomainOk(ioas_);
  EXPECT_THAT(
      iommufd().IoasMap(ioas_, memory.data(), memory.length(), kApertureIova, kFixedReadWrite),
      FailsWith(EFAULT));
  // Nothing of it stayed mapped.
  MapFixedOk(ioas_, memory.data(), kManyPages * page_size(), kApertureIova);
}

TEST_F(MockPinningTest, AHoleLateInTheRangeFailsTheDomainThatPinsIt) {
  ScatteredPagesThenAHole memory(page_size(), kManyPages);
  ASSERT_TRUE(memory.ok());
  MapFixedOk(ioas_, memory.data(), memory.length(), kApertureIova);
  EXPECT_THAT(iommufd().MockDomain(ioas_), FailsWith(EFAULT));
  UnmapOk(ioas_, kApertureIova, memory.length());
}

// A domain attached from another process pins the pages of the process that mapped them.
TEST_F(MockPinningTest, ADomainAddedByAnotherProcessPinsTheMappersPages) {
  MapFixedOk(ioas_, buffer(), kBufferPages * page_size(), kApertureIova);
  std::optional<Outcome> attached = InForkedChild([&] { return iommufd().MockDomain(ioas_); });
  ASSERT_TRUE(attached.has_value());
  EXPECT_THAT(*attached, Succeeds());
}

}  // namespace
}  // namespace iommufd_conform
