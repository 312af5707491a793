#include "reference/model/unmodelled.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <vector>

#include "reference/model/model.h"
#include "reference/uapi/abi_catalog.h"
#include "reference/uapi/iommufd.h"

namespace iommufd_conform::model {
namespace {

// The model answers ENOTTY to an ioctl of the catalog exactly where it declares the ioctl
// unmodelled: a differential run trusts that list to tell "not covered" from a wrong answer.
TEST(UnmodelledTest, TheModelsEnottysOnAnIommufdAreTheDeclaredOnes) {
  for (const char* version : {"6.12", "7.2", "7.3"}) {
    auto profile = KernelProfileFor(version);
    ASSERT_TRUE(profile) << version;
    Model model(ModelConfig{*profile, Platform::kNone});
    int fd = static_cast<int>(model.OpenIommufd().ret);
    for (const uapi::ConstantEntry& constant : uapi::CatalogConstants()) {
      if (!constant.name.starts_with("kIoctl") || constant.header != uapi::KernelHeader::kIommufd ||
          !constant.versions.Contains(*uapi::ParseKernelVersion(version))) {
        continue;
      }
      // Zeroes are enough to get past the dispatch to a handler (EINVAL for size 0).
      std::vector<uint64_t> arg(64);
      Outcome outcome = model.Ioctl(fd, constant.value, reinterpret_cast<uintptr_t>(arg.data()));
      bool declared = UnmodelledIommufdIoctl(constant.value).has_value();
      EXPECT_EQ(outcome.error == ENOTTY, declared) << constant.kernel_name << " on " << version;
    }
  }
}

}  // namespace
}  // namespace iommufd_conform::model
