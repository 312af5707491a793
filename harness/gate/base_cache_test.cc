#include "harness/gate/base_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/gate/gate_test_data.h"
#include "harness/kernel/test_temp_dir.h"

namespace iommufd_conform::gate {
namespace {

using namespace gate_test;  // NOLINT: the hand-made result builders

BaseRunIdentity Identity() {
  return {std::string(40, 'a'), "x86_64", "none", "0123456789abcdef", std::string(64, 'c'),
          "diff"};
}

TEST(BaseCacheTest, StoredRunComesBackWhole) {
  TestTempDir dir;
  PlatformRun run = MakeRun("x86_64", "none",
                        {MakeCase("A.B", CaseStatus::kPassed),
                         MakeCase("A.C", CaseStatus::kFailed, "bytes \xff\xfe and \"quotes\"")});
  run.divergences = {{"A.C", "IOMMU_IOAS_MAP", "result", "report\ntext"}};
  run.config.cases[0].bug_verdict = BugVerdict::kXfail;
  run.config.cases[0].bug_id = "some-bug";
  std::string key = BaseRunKey(Identity());
  ASSERT_TRUE(StoreBaseRun(dir.path(), key, run).ok());
  auto loaded = LoadBaseRun(dir.path(), key);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(loaded->from_cache);
  ASSERT_EQ(loaded->config.cases.size(), 2u);
  EXPECT_EQ(loaded->config.cases[1].status, CaseStatus::kFailed);
  EXPECT_EQ(loaded->config.cases[1].name, "C");
  EXPECT_EQ(loaded->config.cases[0].bug_verdict, BugVerdict::kXfail);
  EXPECT_EQ(loaded->config.cases[0].bug_id, "some-bug");
  EXPECT_EQ(loaded->config.cases[1].bug_verdict, BugVerdict::kNone);
  // Bytes that are not UTF-8 are replaced, never a reason to lose the entry.
  EXPECT_THAT(loaded->config.cases[1].message, ::testing::HasSubstr("\"quotes\""));
  ASSERT_EQ(loaded->divergences.size(), 1u);
  EXPECT_EQ(loaded->divergences[0].Signature(), "IOMMU_IOAS_MAP result");
  EXPECT_EQ(loaded->divergences[0].report, "report\ntext");
}

TEST(BaseCacheTest, RunThatDidNotDeliverIsNotStored) {
  TestTempDir dir;
  PlatformRun run = MakeRun("x86_64", "none", {});
  run.config.harness_error = MakeError(HarnessErrorKind::kBootFailed, "timeout");
  std::string key = BaseRunKey(Identity());
  ASSERT_TRUE(StoreBaseRun(dir.path(), key, run).ok());
  EXPECT_FALSE(LoadBaseRun(dir.path(), key).has_value());
}

TEST(BaseCacheTest, DamagedEntryIsAMiss) {
  TestTempDir dir;
  std::string key = BaseRunKey(Identity());
  dir.Write(key + ".json", "{\"format\": 2, \"cases\": [");
  EXPECT_FALSE(LoadBaseRun(dir.path(), key).has_value());
  dir.Write(key + ".json", "{\"format\": 2}");
  EXPECT_FALSE(LoadBaseRun(dir.path(), key).has_value());
}

TEST(BaseCacheTest, AFinishedWalkComesBackWholeAndAnUnfinishedOneIsNotStored) {
  TestTempDir dir;
  FailNthWalk walk{.arch = "x86_64", .platform = "none", .finished = true, .runs = 40,
                   .fault_sites = 31, .findings = {{"sig", "evidence\ntext"}},
                   .errnos_by_call = {{"ioas_map: IOMMU_IOAS_MAP ENOMEM", 3}},
                   .outcome = "40 runs over 31 fault sites, 1 finding(s)"};
  std::string key = BaseRunKey(Identity());
  ASSERT_TRUE(StoreBaseWalk(dir.path(), key, walk).ok());
  auto loaded = LoadBaseWalk(dir.path(), key);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(loaded->from_cache);
  EXPECT_EQ(loaded->fault_sites, 31);
  ASSERT_EQ(loaded->findings.size(), 1u);
  EXPECT_EQ(loaded->findings[0].evidence, "evidence\ntext");
  EXPECT_EQ(loaded->errnos_by_call, walk.errnos_by_call);
  // A run's entry is not a walk.
  EXPECT_FALSE(LoadBaseRun(dir.path(), key).has_value());

  walk.finished = false;
  std::string other = BaseRunKey({"b", "x86_64", "none", "k", "w", "fail-nth walk"});
  ASSERT_TRUE(StoreBaseWalk(dir.path(), other, walk).ok());
  EXPECT_FALSE(LoadBaseWalk(dir.path(), other).has_value());
}

TEST(BaseCacheTest, EveryPartOfTheIdentityChangesTheKey) {
  const std::string key = BaseRunKey(Identity());
  for (int part = 0; part < 6; ++part) {
    BaseRunIdentity other = Identity();
    std::string* fields[] = {&other.base_commit, &other.arch,        &other.platform,
                             &other.kernel_key,  &other.suite_sha256, &other.options};
    *fields[part] += "x";
    EXPECT_NE(BaseRunKey(other), key) << "part " << part;
  }
}

}  // namespace
}  // namespace iommufd_conform::gate
