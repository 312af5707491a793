// The kernel cache's integrity: checksums written with an entry and verified on use, corrupt
// entries removed for a rebuild, leftovers of killed builds swept, a failed publish (a full
// disk) leaving nothing behind. Each test has its own cache directory.
#include "harness/kernel/kernel_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <string>

#include "harness/kernel/file_lock.h"
#include "harness/kernel/interrupted_build.h"
#include "harness/kernel/test_temp_dir.h"

namespace iommufd_conform {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr char kKey[] = "0123456789abcdef";

// A bzImage-shaped file: the x86 boot protocol magic, then a body.
std::string FakeBzImage(size_t size) {
  std::string image(size, 'k');
  image.replace(0x202, 4, "HdrS");
  return image;
}

class KernelCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { setenv("IOMMUFD_CONFORM_CACHE", (cache_.path() / "cache").c_str(), 1); }
  void TearDown() override { unsetenv("IOMMUFD_CONFORM_CACHE"); }

  EntryFiles Build() const {
    return {build_.Write("out/arch/x86/boot/bzImage", FakeBzImage(64 * 1024)),
            build_.Write("out/.config", "CONFIG_IOMMUFD=y\n"),
            build_.Write("out/build.log", "  CC      drivers/iommu/iommufd/main.o\n"),
            "source: debian:linux-source-7.2"};
  }
  static KernelMetadata Metadata() {
    return {{"arch", "x86_64"}, {"image", "bzImage"}, {"release", "7.2.13"}};
  }
  static fs::path Entry() { return KernelsDir() / kKey; }
  static void Truncate(const fs::path& file, size_t size) { fs::resize_file(file, size); }

  TestTempDir cache_;
  TestTempDir build_;
};

TEST_F(KernelCacheTest, APublishedEntryCarriesChecksumsAndVerifies) {
  auto published = PublishKernel(kKey, Build(), Metadata());
  ASSERT_TRUE(published.ok()) << published.error().message;
  std::ifstream list(Entry() / kChecksumsFile);
  std::string text((std::istreambuf_iterator<char>(list)), {});
  EXPECT_THAT(text, HasSubstr("  bzImage\n"));
  EXPECT_THAT(text, HasSubstr("  config\n"));
  CacheLookup found = LookupCachedKernel(kKey);
  ASSERT_TRUE(found.kernel) << found.problem;
  EXPECT_FALSE(found.unverified);
  EXPECT_EQ(found.kernel->image, Entry() / "bzImage");
}

TEST_F(KernelCacheTest, ATruncatedImageIsCorruptAndRemovedForARebuild) {
  ASSERT_TRUE(PublishKernel(kKey, Build(), Metadata()).ok());
  Truncate(Entry() / "bzImage", 4096);
  CacheLookup found = LookupCachedKernel(kKey);
  EXPECT_FALSE(found.kernel);
  EXPECT_EQ(found.problem, "bzImage does not match its checksum");

  testing::internal::CaptureStderr();
  auto taken = TakeCachedKernel(kKey);
  std::string said = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  EXPECT_FALSE(taken.value());  // the caller builds it again
  EXPECT_THAT(said, HasSubstr("cache entry 0123456789abcdef is corrupt (bzImage does not match "
                              "its checksum); rebuilding it"));
  EXPECT_FALSE(fs::exists(Entry()));
  // The rebuild's publish makes a good entry again.
  ASSERT_TRUE(PublishKernel(kKey, Build(), Metadata()).ok());
  EXPECT_TRUE(LookupCachedKernel(kKey).kernel);
}

TEST_F(KernelCacheTest, AMissingConfigIsCorrupt) {
  ASSERT_TRUE(PublishKernel(kKey, Build(), Metadata()).ok());
  fs::remove(Entry() / "config");
  EXPECT_EQ(LookupCachedKernel(kKey).problem, "config is missing or unreadable");
}

TEST_F(KernelCacheTest, AnEntryWithoutChecksumsIsAdoptedIfItsImageLooksRight) {
  ASSERT_TRUE(PublishKernel(kKey, Build(), Metadata()).ok());
  fs::remove(Entry() / kChecksumsFile);
  CacheLookup found = LookupCachedKernel(kKey);
  ASSERT_TRUE(found.kernel);
  EXPECT_TRUE(found.unverified);

  testing::internal::CaptureStderr();
  auto taken = TakeCachedKernel(kKey);
  EXPECT_THAT(testing::internal::GetCapturedStderr(), HasSubstr("predates checksums"));
  ASSERT_TRUE(taken.ok() && taken.value());
  EXPECT_TRUE(fs::exists(Entry() / kChecksumsFile));
  EXPECT_FALSE(LookupCachedKernel(kKey).unverified);
}

TEST_F(KernelCacheTest, AnEntryWithoutChecksumsAndAGarbledImageIsCorrupt) {
  ASSERT_TRUE(PublishKernel(kKey, Build(), Metadata()).ok());
  fs::remove(Entry() / kChecksumsFile);
  Truncate(Entry() / "bzImage", 0x100);  // cut before the header's magic
  EXPECT_EQ(LookupCachedKernel(kKey).problem, "bzImage is not a x86_64 kernel image");
}

TEST_F(KernelCacheTest, LeftoversOfKilledBuildsAreRemovedUnlessTheirBuildIsAlive) {
  fs::path killed = KernelsDir() / ".tmp-1111111111111111-4242";
  fs::path alive = KernelsDir() / ".tmp-2222222222222222-4343";
  fs::create_directories(killed);
  fs::create_directories(alive);
  std::ofstream(killed / "bzImage") << "half";
  // A build in progress holds its key's lock while it fills its directory.
  auto lock = FileLock::Acquire(LocksDir() / "2222222222222222.lock", "");
  ASSERT_TRUE(lock.ok());
  std::vector<fs::path> removed = RemoveInterruptedEntries();
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0], killed);
  EXPECT_FALSE(fs::exists(killed));
  EXPECT_TRUE(fs::exists(alive));
}

// RLIMIT_FSIZE stands in for a full disk: writes past it fail (EFBIG instead of ENOSPC).
TEST_F(KernelCacheTest, AFailedPublishLeavesNothingBehind) {
  EntryFiles files = Build();
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
  auto previous = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = saved;
  small.rlim_cur = 8 * 1024;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  auto published = PublishKernel(kKey, files, Metadata());
  setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, previous);

  ASSERT_FALSE(published.ok());
  EXPECT_EQ(published.error().kind, HarnessErrorKind::kIo);
  EXPECT_THAT(published.error().message, HasSubstr("the cache is left as it was"));
  EXPECT_TRUE(fs::is_empty(KernelsDir()));
  EXPECT_FALSE(LookupCachedKernel(kKey).kernel);
  // The next run publishes normally.
  ASSERT_TRUE(PublishKernel(kKey, files, Metadata()).ok());
}

TEST(BuildInProgressTest, AKilledBuildsOutputsAreRemovedBeforeTheNextBuild) {
  TestTempDir objects;
  fs::path old_object = objects.Write("drivers/iommu/iommufd/main.o", "whole");
  fs::last_write_time(old_object, fs::file_time_type::clock::now() - std::chrono::hours(1));
  const fs::path cut_object = objects.path() / "drivers/iommu/iommufd/pages.o";
  // A build killed while it writes an object.
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto first = BuildInProgress::Begin(objects.path());
    if (first.ok()) std::ofstream(cut_object) << "ha";
    kill(getpid(), SIGKILL);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && fs::exists(cut_object));
  testing::internal::CaptureStderr();
  auto second = BuildInProgress::Begin(objects.path());
  std::string said = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_THAT(said, HasSubstr("was stopped before it finished; removed the 1 file(s) it wrote"));
  EXPECT_FALSE(fs::exists(cut_object));
  EXPECT_TRUE(fs::exists(old_object));
}

TEST(BuildInProgressTest, ABuildThatEndedLeavesNoMarker) {
  TestTempDir objects;
  { ASSERT_TRUE(BuildInProgress::Begin(objects.path()).ok()); }
  fs::path object = objects.Write("drivers/iommu/iommufd/main.o", "whole");
  testing::internal::CaptureStderr();
  ASSERT_TRUE(BuildInProgress::Begin(objects.path()).ok());
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  EXPECT_TRUE(fs::exists(object));
}

}  // namespace
}  // namespace iommufd_conform
