#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_LEFTOVERS_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_LEFTOVERS_H_

// What the iommufd uAPI holds on behalf of this process, taken before a case and after its
// descriptors are closed, so that ConformTest can tell what the case left behind: pinned
// pages the kernel counts (VmPin), descriptors of the uAPI still open (an iommufd, a VFIO
// device, the anonymous files its objects hand out, a dmabuf), and the model's open files.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reference/model/model.h"

namespace iommufd_conform {

struct Leftovers {
  std::optional<uint64_t> pinned_kib;  // VmPin of /proc/self/status; nullopt if not shown
  // Open descriptors of the uAPI: number -> what /proc/self/fd says it is.
  std::map<int, std::string> descriptors;
  int model_files = 0;  // descriptors the model holds open
};

// `status`: the text of /proc/self/status; `descriptors`: every open descriptor and its link.
Leftovers LeftoversFrom(std::string_view status, const std::map<int, std::string>& descriptors,
                        const model::Model* model);
// This process's, now.
Leftovers CurrentLeftovers(const model::Model* model);

// What `after` holds that `before` did not, one readable line each; empty: nothing.
std::vector<std::string> NewLeftovers(const Leftovers& before, const Leftovers& after);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_LEFTOVERS_H_
