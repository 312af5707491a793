// The size rules iommufd's dispatcher applies to every ioctl of its table before the
// ioctl's own handler runs, checked on every described ioctl (reference/uapi/
// ioctl_descriptions.h): a `size` below the minimum is EINVAL, a longer struct with a nonzero
// byte past the kernel's is E2BIG, and one with a zero tail gets the answer the struct of
// the normal size gets.
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "reference/model/unmodelled.h"
#include "reference/uapi/ioctl_descriptions.h"
#include "suites/support/conform_test.h"
#include "suites/support/suite_backend.h"

namespace iommufd_conform {
namespace {

using uapi::IoctlDescription;

std::vector<const IoctlDescription*> IommufdTable() {
  std::vector<const IoctlDescription*> table;
  for (const IoctlDescription& description : uapi::kIoctlDescriptions) {
    if (description.family == uapi::IoctlFamily::kIommufd) table.push_back(&description);
  }
  return table;
}

class SizeRulesTest : public ConformTest,
                      public testing::WithParamInterface<const IoctlDescription*> {
 protected:
  static constexpr size_t kTail = 8;

  void SetUp() override {
    ConformTest::SetUp();
    std::optional<uapi::KernelVersion> version =
        uapi::ParseKernelVersion(CurrentSuiteTarget().kernel_version);
    if (version && !description().versions.Contains(*version)) {
      GTEST_SKIP() << description().name << " is not in " << CurrentSuiteTarget().kernel_version;
    }
    // Where the model answers, an ioctl it knowingly does not serve has no answer to check.
    if (!CurrentSuiteTarget().kernel_answers) {
      std::optional<std::string_view> reason =
          model::UnmodelledIommufdIoctl(description().request);
      if (reason) GTEST_SKIP() << *reason;
    }
  }

  const IoctlDescription& description() const { return *GetParam(); }

  // The call with an all-zero struct of `size` bytes in a buffer `kTail` bytes longer than
  // the kernel's struct, the tail's last byte set to `tail_byte`.
  Outcome Call(uint32_t size, uint8_t tail_byte = 0) {
    std::vector<std::byte> arg(description().struct_size + kTail);
    std::memcpy(arg.data(), &size, sizeof(size));
    arg.back() = std::byte{tail_byte};
    Outcome outcome = iommufd().Raw(description().request, arg.data(), arg.size());
    CloseNewDescriptors(outcome);
    return outcome;
  }

  // A successful call may have made a descriptor (FAULT_QUEUE_ALLOC): the case closes it.
  void CloseNewDescriptors(const Outcome& outcome) {
    if (!outcome.ok()) return;
    for (const uapi::FieldDescription& field : description().fields) {
      if (field.role != uapi::FieldRole::kFd || field.direction == uapi::Direction::kIn) continue;
      if (field.offset + sizeof(int32_t) > outcome.out.size()) continue;
      int32_t fd;
      std::memcpy(&fd, outcome.out.data() + field.offset, sizeof(fd));
      (void)iommufd().Close(fd);
    }
  }
};

TEST_P(SizeRulesTest, SizeBelowTheMinimumIsEinval) {
  EXPECT_THAT(Call(description().min_size - 1), FailsWith(EINVAL));
}

TEST_P(SizeRulesTest, SizeZeroIsEinval) { EXPECT_THAT(Call(0), FailsWith(EINVAL)); }

TEST_P(SizeRulesTest, NonZeroTailIsE2big) {
  EXPECT_THAT(Call(description().struct_size + kTail, 1), FailsWith(E2BIG));
}

TEST_P(SizeRulesTest, ZeroTailGetsTheNormalSizesAnswer) {
  Outcome normal = Call(description().struct_size);
  Outcome longer = Call(description().struct_size + kTail);
  EXPECT_EQ(longer.ok(), normal.ok());
  EXPECT_EQ(longer.error, normal.error) << "normal size: " << normal.error;
  EXPECT_EQ(longer.ret, normal.ret);
}

INSTANTIATE_TEST_SUITE_P(Generic, SizeRulesTest, testing::ValuesIn(IommufdTable()),
                         [](const testing::TestParamInfo<const IoctlDescription*>& info) {
                           return std::string(info.param->name);
                         });

}  // namespace
}  // namespace iommufd_conform
