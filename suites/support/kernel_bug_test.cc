#include "suites/support/kernel_bug.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "suites/support/leftovers.h"

namespace iommufd_conform {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

ManifestEntry Bug(std::vector<std::string> kernels) {
  ManifestEntry entry;
  entry.id = "some-bug";
  entry.kernel_bug = true;
  entry.kernels = std::move(kernels);
  return entry;
}

TEST(ExpectationTest, OnTheKernelsItListsAReproducerIsExpectedToFail) {
  ManifestEntry entry = Bug({"7.2"});
  EXPECT_EQ(ExpectationOf(entry, {true, "7.2"}, model::Platform::kNone), BugExpectation::kFails);
  EXPECT_EQ(ExpectationOf(entry, {true, "7.3"}, model::Platform::kNone),
            BugExpectation::kPasses);
}

TEST(ExpectationTest, OnlyOnThePlatformsItLists) {
  ManifestEntry entry = Bug({"7.2"});
  entry.platforms = {model::Platform::kVtd};
  EXPECT_EQ(ExpectationOf(entry, {true, "7.2"}, model::Platform::kVtd), BugExpectation::kFails);
  EXPECT_EQ(ExpectationOf(entry, {true, "7.2"}, model::Platform::kSmmuV3),
            BugExpectation::kPasses);
}

TEST(ExpectationTest, TheModelPassesUnlessItCopiesTheBug) {
  ManifestEntry entry = Bug({"7.3"});
  EXPECT_EQ(ExpectationOf(entry, {false, "7.3"}, model::Platform::kNone),
            BugExpectation::kPasses);
  entry.model_copies = true;
  EXPECT_EQ(ExpectationOf(entry, {false, "7.3"}, model::Platform::kNone),
            BugExpectation::kFails);
  EXPECT_EQ(ExpectationOf(entry, {false, "7.2"}, model::Platform::kNone),
            BugExpectation::kPasses);
}

TEST(ExpectationTest, AHazardousBugIsNotRunWhereItIsKnown) {
  ManifestEntry entry = Bug({"7.2"});
  entry.hazard = ManifestEntry::Hazard::kHang;
  EXPECT_EQ(ExpectationOf(entry, {true, "7.2"}, model::Platform::kNone),
            BugExpectation::kFailsNotRun);
  EXPECT_EQ(ExpectationOf(entry, {true, "7.3"}, model::Platform::kNone),
            BugExpectation::kPasses);
  EXPECT_EQ(ExpectationOf(entry, {false, "7.2"}, model::Platform::kNone),
            BugExpectation::kPasses);
}

TEST(ExpectationTest, AnEntryThatIsNoKernelBugExpectsNothing) {
  ManifestEntry entry = Bug({"7.2"});
  entry.kernel_bug = false;
  EXPECT_EQ(ExpectationOf(entry, {true, "7.2"}, model::Platform::kNone),
            BugExpectation::kPasses);
}

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::filesystem::path kSuites = std::filesystem::path(IOMMUFD_CONFORM_SOURCE_DIR) / "suites";

// Every suite source's text, by path.
std::map<std::string, std::string> SuiteSources() {
  std::map<std::string, std::string> sources;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kSuites)) {
    if (entry.path().extension() == ".cc") sources[entry.path().string()] = Read(entry.path());
  }
  return sources;
}

// The body of TEST_F(suite, name) up to the next case, or "" when there is none.
std::string CaseBody(const std::string& source, const std::string& suite,
                     const std::string& name) {
  std::regex head("TEST(_F|_P)?\\(" + suite + ",\\s*" + name + "\\)");
  std::smatch match;
  if (!std::regex_search(source, match, head)) return "";
  std::string rest = match.suffix();
  size_t next = rest.find("\nTEST");
  return rest.substr(0, next);
}

TEST(KernelBugReproducerTest, EveryKernelBugsReproducerDeclaresItsEntry) {
  std::map<std::string, std::string> sources = SuiteSources();
  std::regex named_case("([A-Za-z0-9_]+Test)\\.([A-Za-z0-9_]+)");
  int reproducers = 0;
  for (const ManifestEntry& entry : SuiteManifest().entries()) {
    if (!entry.kernel_bug) continue;
    auto cases = std::sregex_iterator(entry.reproducer.begin(), entry.reproducer.end(),
                                      named_case);
    ASSERT_NE(cases, std::sregex_iterator()) << "[" << entry.id << "] names no suite case";
    for (auto it = cases; it != std::sregex_iterator(); ++it) {
      std::string body;
      for (const auto& [path, text] : sources) {
        if (std::string found = CaseBody(text, (*it)[1], (*it)[2]); !found.empty()) body = found;
      }
      EXPECT_THAT(body, HasSubstr("KERNEL_BUG_REPRODUCER(\"" + entry.id + "\")"))
          << "[" << entry.id << "]: " << it->str() << " is not a case declaring the entry";
      ++reproducers;
    }
  }
  EXPECT_GE(reproducers, 11);
}

TEST(KernelBugReproducerTest, EveryDeclaredEntryExistsAndIsAKernelBug) {
  std::regex declared("KERNEL_BUG_REPRODUCER\\(\"([^\"]+)\"\\)");
  std::set<std::string> ids;
  for (const auto& [path, text] : SuiteSources()) {
    if (path.find("/support/") != std::string::npos) continue;  // the tests of the mechanism
    for (auto it = std::sregex_iterator(text.begin(), text.end(), declared);
         it != std::sregex_iterator(); ++it) {
      ids.insert((*it)[1]);
    }
  }
  EXPECT_GE(ids.size(), 10u);
  for (const std::string& id : ids) {
    const ManifestEntry* entry = SuiteManifest().Find(id);
    EXPECT_TRUE(entry && entry->kernel_bug) << id << " is no kernel-bug entry";
  }
}

TEST(KernelBugReproducerTest, NoCaseIsLeftOut) {
  std::regex disabled(R"(TEST(_F|_P)?\(\s*(DISABLED_|\w+\s*,\s*DISABLED_))");
  for (const auto& [path, text] : SuiteSources()) {
    EXPECT_FALSE(std::regex_search(text, disabled)) << path << " leaves a case out";
  }
}

TEST(LeftoversTest, ReadsVmPinAndKeepsOnlyTheUapisDescriptors) {
  Leftovers found = LeftoversFrom(
      "Name:\tsuite\nVmLck:\t       0 kB\nVmPin:\t      64 kB\n",
      {{0, "/dev/pts/0"}, {3, "/dev/iommu"}, {4, "anon_inode:[iommufd-pgfault]"},
       {5, "/memfd:test (deleted)"}, {6, "/dev/vfio/devices/vfio0"}, {7, "/dmabuf:"}},
      nullptr);
  EXPECT_EQ(found.pinned_kib, 64u);
  std::vector<int> fds;
  for (const auto& [fd, link] : found.descriptors) fds.push_back(fd);
  EXPECT_THAT(fds, ElementsAre(3, 4, 6, 7));
}

TEST(LeftoversTest, NamesWhatTheCaseLeft) {
  Leftovers before{64, {{3, "/dev/iommu"}}, 1};
  EXPECT_THAT(NewLeftovers(before, before), IsEmpty());
  Leftovers after{72, {{3, "/dev/iommu"}, {9, "/dev/iommu"}}, 2};
  EXPECT_THAT(NewLeftovers(before, after),
              ElementsAre(HasSubstr("8 KiB more"), HasSubstr("descriptor 9 (/dev/iommu)"),
                          HasSubstr("model still holds 1")));
  // Fewer pins than before (a pin of an earlier case went away) is nothing left behind.
  after = {0, {}, 0};
  EXPECT_THAT(NewLeftovers(before, after), IsEmpty());
}

}  // namespace
}  // namespace iommufd_conform
