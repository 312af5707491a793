// The model's dispatch table against the ioctl descriptions: every iommufd command that is
// described has a model handler or a stated reason why not, and no handler serves a number
// nothing describes.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "reference/model/dispatched_ioctls.h"
#include "reference/model/unmodelled.h"
#include "reference/uapi/ioctl_descriptions.h"

namespace iommufd_conform::model {
namespace {

bool Dispatched(unsigned long request) {
  std::vector<unsigned long> requests = DispatchedIoctls();
  return std::find(requests.begin(), requests.end(), request) != requests.end();
}

TEST(ModelDispatchTest, EveryDescribedCommandHasAHandlerOrAReason) {
  for (const uapi::IoctlDescription& description : uapi::kIoctlDescriptions) {
    if (description.family != uapi::IoctlFamily::kIommufd) continue;
    bool handled = Dispatched(description.request);
    bool unmodelled = UnmodelledIommufdIoctl(description.request).has_value();
    EXPECT_TRUE(handled || unmodelled) << description.name << " has no model handler";
    EXPECT_FALSE(handled && unmodelled) << description.name << " is handled yet unmodelled";
  }
}

TEST(ModelDispatchTest, EveryHandlerHasADescription) {
  for (unsigned long request : DispatchedIoctls()) {
    const uapi::IoctlDescription* description =
        uapi::FindDescription(uapi::kIoctlDescriptions, request);
    ASSERT_NE(description, nullptr) << "handler for 0x" << std::hex << request;
    EXPECT_EQ(description->family, uapi::IoctlFamily::kIommufd) << description->name;
  }
}

TEST(ModelDispatchTest, HandlersAreUnique) {
  std::vector<unsigned long> requests = DispatchedIoctls();
  std::sort(requests.begin(), requests.end());
  EXPECT_EQ(std::adjacent_find(requests.begin(), requests.end()), requests.end());
}

}  // namespace
}  // namespace iommufd_conform::model
