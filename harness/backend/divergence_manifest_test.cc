#include "harness/backend/divergence_manifest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>

#include "harness/backend/test_records.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr std::string_view kEntry = R"(# a comment
[unmap-empty]
call: IOMMU_IOAS_UNMAP
kernel: ENOENT
model: ok
field: errno
when: after-map-file-of-own-iommufd
kernels: 7.2 7.3
platforms: vtd smmuv3
reason: the kernel refuses to unmap
  nothing at all
kernel-bug: yes
reproducer: IoasUnmapTest.EmptyRangeIsEnoent
)";

std::string WithLine(std::string_view text, std::string_view from, std::string_view to) {
  std::string copy(text);
  copy.replace(copy.find(from), from.size(), to);
  return copy;
}

CallRecord Unmap(int kernel_error, int model_error) {
  uapi::IommuIoasUnmap unmap{sizeof(unmap), 1, 0x1000, 0x1000};
  return testing_records::Ioctl(uapi::kIoctlIoasUnmap, unmap, unmap, kernel_error, unmap,
                                model_error);
}

const Difference kErrno{"errno", "result", "ENOENT", "ok(ret=0)", ""};
// The circumstance kEntry names holds.
const CallFacts kAfterOwnMap{"", true};

TEST(ManifestParseTest, ReadsAnEntry) {
  ManifestParse parsed = ParseDivergenceManifest(kEntry);
  ASSERT_THAT(parsed.errors, IsEmpty());
  ASSERT_THAT(parsed.manifest.entries(), SizeIs(1));
  const ManifestEntry& entry = parsed.manifest.entries()[0];
  EXPECT_EQ(entry.id, "unmap-empty");
  EXPECT_EQ(entry.line, 2);
  EXPECT_EQ(entry.call, "IOMMU_IOAS_UNMAP");
  EXPECT_EQ(entry.kernel.kind, OutcomePattern::Kind::kErrno);
  EXPECT_EQ(entry.kernel.error, ENOENT);
  EXPECT_EQ(entry.model.kind, OutcomePattern::Kind::kOk);
  EXPECT_EQ(entry.field, "errno");
  EXPECT_THAT(entry.kernels, ElementsAre("7.2", "7.3"));
  EXPECT_THAT(entry.platforms, ElementsAre(model::Platform::kVtd, model::Platform::kSmmuV3));
  EXPECT_EQ(entry.reason, "the kernel refuses to unmap nothing at all");
  EXPECT_TRUE(entry.kernel_bug);
  EXPECT_EQ(entry.reproducer, "IoasUnmapTest.EmptyRangeIsEnoent");
}

TEST(ManifestParseTest, TheCheckedInManifestIsValid) {
  ManifestParse parsed = ParseDivergenceManifest(EmbeddedDivergenceManifest());
  EXPECT_THAT(parsed.errors, IsEmpty());
}

struct BadManifest {
  std::string text;
  std::string error;
};

void PrintTo(const BadManifest& bad, std::ostream* os) { *os << bad.error; }

class ManifestErrorTest : public ::testing::TestWithParam<BadManifest> {};

TEST_P(ManifestErrorTest, IsRejectedWithItsLine) {
  ManifestParse parsed = ParseDivergenceManifest(GetParam().text);
  EXPECT_THAT(parsed.errors, ElementsAre(HasSubstr(GetParam().error)));
  EXPECT_THAT(parsed.manifest.entries(), IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(
    Errors, ManifestErrorTest,
    ::testing::Values(
        BadManifest{WithLine(kEntry, "field:", "feild:"), "line 6: unknown key 'feild'"},
        BadManifest{WithLine(kEntry, "kernels: 7.2 7.3\n", ""), "missing 'kernels'"},
        BadManifest{WithLine(kEntry, "IOMMU_IOAS_UNMAP", "IOMMU_IOAS_UNMPA"),
                    "unknown call 'IOMMU_IOAS_UNMPA'"},
        BadManifest{WithLine(kEntry, "kernel: ENOENT", "kernel: ENOTANERRNO"),
                    "kernel: 'ENOTANERRNO' is not ok, any or an errno name"},
        BadManifest{WithLine(kEntry, "7.2 7.3", "7.2 8.0"), "unknown version '8.0'"},
        BadManifest{WithLine(kEntry, "vtd smmuv3", "vtd mips"), "unknown platform 'mips'"},
        BadManifest{WithLine(kEntry, "reproducer: IoasUnmapTest.EmptyRangeIsEnoent\n", ""),
                    "a kernel bug needs a reproducer"},
        BadManifest{WithLine(kEntry, "kernel-bug: yes", "kernel-bug: maybe"),
                    "kernel-bug: 'yes' or 'no'"},
        BadManifest{"call: IOMMU_DESTROY\n", "line 1: text outside an entry"},
        BadManifest{WithLine(kEntry, "model: ok", "model: ok\nmodel: any"),
                    "line 6: 'model' given twice"}));

constexpr std::string_view kBugOnly = R"([hangs-somewhere]
call: none
kernels: 7.2
platforms: any
reason: a read never returns
kernel-bug: yes
hazard: hang
reproducer: MockDirtyTrackingTest.ReadingReturns
)";

TEST(ManifestParseTest, AKernelBugWithoutADivergenceAcceptsNothing) {
  ManifestParse parsed = ParseDivergenceManifest(std::string(kEntry) + "\n" + std::string(kBugOnly));
  ASSERT_THAT(parsed.errors, IsEmpty());
  const ManifestEntry* bug = parsed.manifest.Find("hangs-somewhere");
  ASSERT_NE(bug, nullptr);
  EXPECT_FALSE(bug->divergence);
  EXPECT_EQ(bug->hazard, ManifestEntry::Hazard::kHang);
  EXPECT_FALSE(bug->model_copies);
  EXPECT_TRUE(bug->HoldsFor("7.2", model::Platform::kVtd));
  EXPECT_FALSE(bug->HoldsFor("7.3", model::Platform::kVtd));
  EXPECT_EQ(parsed.manifest.Find("no-such-id"), nullptr);
  EXPECT_EQ(parsed.manifest.Find("unmap-empty")->hazard, ManifestEntry::Hazard::kNone);
}

TEST(ManifestParseTest, ABugOnlyEntryMayNotNameOutcomesAndMustBeAKernelBug) {
  EXPECT_THAT(ParseDivergenceManifest(WithLine(kBugOnly, "kernels:", "kernel: ok\nkernels:")).errors,
              ElementsAre(HasSubstr("'kernel' with call: none")));
  EXPECT_THAT(ParseDivergenceManifest(WithLine(kBugOnly, "kernel-bug: yes\nhazard: hang", "kernel-bug: no")).errors,
              ElementsAre(HasSubstr("call: none is for kernel bugs")));
  EXPECT_THAT(ParseDivergenceManifest(WithLine(kBugOnly, "hazard: hang", "hazard: slow")).errors,
              ElementsAre(HasSubstr("hazard: 'warn' or 'hang'")));
  EXPECT_THAT(ParseDivergenceManifest(WithLine(kEntry, "kernel: ENOENT\n", "")).errors,
              ElementsAre(HasSubstr("missing 'kernel'")));
}

TEST(ManifestParseTest, DuplicateIdsAreRejected) {
  std::string twice = std::string(kEntry) + "\n" + std::string(kEntry);
  EXPECT_THAT(ParseDivergenceManifest(twice).errors,
              ElementsAre(HasSubstr("duplicate id 'unmap-empty'")));
}

class ManifestMatchTest : public ::testing::Test {
 protected:
  DivergenceManifest manifest_ = ParseDivergenceManifest(kEntry).manifest;
};

TEST_F(ManifestMatchTest, MatchesCallOutcomesFieldVersionAndPlatform) {
  const ManifestEntry* entry =
      manifest_.Match(Unmap(ENOENT, 0), kErrno, "7.2", model::Platform::kVtd, kAfterOwnMap);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->id, "unmap-empty");
}

TEST_F(ManifestMatchTest, OtherOutcomesDoNotMatch) {
  EXPECT_EQ(
      manifest_.Match(Unmap(EINVAL, 0), kErrno, "7.2", model::Platform::kVtd, kAfterOwnMap),
      nullptr);
  EXPECT_EQ(
      manifest_.Match(Unmap(ENOENT, ENOENT), kErrno, "7.2", model::Platform::kVtd, kAfterOwnMap),
      nullptr);
}

TEST_F(ManifestMatchTest, OtherFieldsDoNotMatch) {
  Difference length{"length", "length (byte 16)", "1", "2", ""};
  EXPECT_EQ(manifest_.Match(Unmap(ENOENT, 0), length, "7.2", model::Platform::kVtd, kAfterOwnMap),
            nullptr);
}

TEST_F(ManifestMatchTest, OtherKernelsAndPlatformsDoNotMatch) {
  EXPECT_EQ(
      manifest_.Match(Unmap(ENOENT, 0), kErrno, "6.12", model::Platform::kVtd, kAfterOwnMap),
      nullptr);
  EXPECT_EQ(
      manifest_.Match(Unmap(ENOENT, 0), kErrno, "7.2", model::Platform::kNone, kAfterOwnMap),
      nullptr);
}

TEST_F(ManifestMatchTest, OtherCallsDoNotMatch) {
  uapi::IommuDestroy destroy{sizeof(destroy), 1};
  CallRecord call =
      testing_records::Ioctl(uapi::kIoctlDestroy, destroy, destroy, ENOENT, destroy, 0);
  EXPECT_EQ(manifest_.Match(call, kErrno, "7.2", model::Platform::kVtd, kAfterOwnMap), nullptr);
}

TEST_F(ManifestMatchTest, NotWithoutTheCircumstanceItNames) {
  EXPECT_EQ(manifest_.Match(Unmap(ENOENT, 0), kErrno, "7.2", model::Platform::kVtd, CallFacts{}),
            nullptr);
}

TEST(ManifestParseTest, AnEntryAcceptingEveryCallWithAnOutcomePairIsRejected) {
  std::string broad = WithLine(kEntry, "when: after-map-file-of-own-iommufd\n", "");
  EXPECT_THAT(ParseDivergenceManifest(broad).errors,
              ElementsAre(HasSubstr("accepts every IOMMU_IOAS_UNMAP answered so: narrow it")));
  // A difference in an output field is narrow by itself.
  std::string field = WithLine(broad, "field: errno", "field: length");
  EXPECT_THAT(ParseDivergenceManifest(field).errors, IsEmpty());
}

TEST(ManifestParseTest, UnknownConditionsAndObjectsOfCallsThatNameNoneAreRejected) {
  EXPECT_THAT(ParseDivergenceManifest(WithLine(kEntry, "own-iommufd", "own-iommufdd")).errors,
              ElementsAre(HasSubstr("when: unknown condition 'after-map-file-of-own-iommufdd'")));
  std::string object = WithLine(kEntry, "when: after-map-file-of-own-iommufd", "object: hwpt");
  EXPECT_THAT(ParseDivergenceManifest(object).errors,
              ElementsAre(HasSubstr("object: IOMMU_IOAS_UNMAP names no object")));
}

TEST(ManifestMatchObjectTest, AnEntryWithObjectsHoldsOnlyForCallsNamingThoseKinds) {
  constexpr std::string_view kDestroyEntry = R"([destroy-hwpt]
call: IOMMU_DESTROY
kernel: EBUSY
model: ok
object: hwpt dirty_hwpt
kernels: 7.2
platforms: any
reason: r
kernel-bug: no
)";
  ManifestParse parsed = ParseDivergenceManifest(kDestroyEntry);
  ASSERT_THAT(parsed.errors, IsEmpty());
  uapi::IommuDestroy destroy{sizeof(destroy), 5};
  CallRecord call =
      testing_records::Ioctl(uapi::kIoctlDestroy, destroy, destroy, EBUSY, destroy, 0);
  Difference busy{"errno", "result", "EBUSY", "ok(ret=0)", ""};
  EXPECT_NE(parsed.manifest.Match(call, busy, "7.2", model::Platform::kNone, {"hwpt", false}),
            nullptr);
  EXPECT_EQ(parsed.manifest.Match(call, busy, "7.2", model::Platform::kNone, {"ioas", false}),
            nullptr);
  EXPECT_EQ(parsed.manifest.Match(call, busy, "7.2", model::Platform::kNone, {"", false}),
            nullptr);
}

TEST(ManifestMatchAnyTest, AnyPlatformAndAnyOutcomeMatchEverything) {
  std::string text = WithLine(WithLine(kEntry, "vtd smmuv3", "any"), "model: ok", "model: any");
  text = WithLine(text, "field: errno\n", "");
  ManifestParse parsed = ParseDivergenceManifest(text);
  ASSERT_THAT(parsed.errors, IsEmpty());
  Difference length{"length", "length (byte 16)", "1", "2", ""};
  EXPECT_NE(parsed.manifest.Match(Unmap(ENOENT, EINVAL), length, "7.3", model::Platform::kNone,
                                  kAfterOwnMap),
            nullptr);
}

}  // namespace
}  // namespace iommufd_conform

namespace iommufd_conform {
namespace {

CallRecord TestCmd(uint32_t op) {
  uapi::IommuTestCmd cmd{};
  cmd.size = sizeof(cmd);
  cmd.op = op;
  return testing_records::Ioctl(uapi::kIoctlTestCmd, cmd, cmd, 0, cmd, EINVAL);
}

TEST(ManifestMatchMemberTest, AnEntryWithMembersHoldsOnlyForThoseOps) {
  constexpr std::string_view kPasidEntry = R"([pasid]
call: IOMMU_TEST_CMD
member: pasid_attach pasid_replace
kernel: ok
model: EINVAL
object: dirty_hwpt
kernels: 7.2
platforms: any
reason: r
kernel-bug: no
)";
  ManifestParse parsed = ParseDivergenceManifest(kPasidEntry);
  ASSERT_THAT(parsed.errors, IsEmpty());
  Difference errno_difference{"errno", "result", "ok(ret=0)", "EINVAL", ""};
  for (uint32_t op : {uapi::kIommuTestOpPasidAttach, uapi::kIommuTestOpPasidReplace}) {
    EXPECT_NE(parsed.manifest.Match(TestCmd(op), errno_difference, "7.2", model::Platform::kNone,
                                    {"dirty_hwpt", false}),
              nullptr)
        << op;
  }
  EXPECT_EQ(parsed.manifest.Match(TestCmd(uapi::kIommuTestOpMockDomain), errno_difference, "7.2",
                                  model::Platform::kNone, {"dirty_hwpt", false}),
            nullptr);
}

}  // namespace
}  // namespace iommufd_conform
