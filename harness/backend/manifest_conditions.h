#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_MANIFEST_CONDITIONS_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_MANIFEST_CONDITIONS_H_

// The named conditions a divergence manifest entry's `when:` key may require, so that an
// entry accepts a divergence only in the circumstances its reason describes, never every
// call of an ioctl that answers with the same errno pair. Each is a fact about the call's
// arguments, the caller's memory or files, or what the run did before.

#include <span>
#include <string_view>

#include "harness/backend/call_record.h"

namespace iommufd_conform {

// What the differential backend knows beyond the call itself.
struct CallFacts {
  std::string_view object_kind;  // ObjectKinds::KindNamed for the call ("" when none)
  bool mapped_own_iommufd = false;  // an earlier MAP_FILE named the iommufd it was sent on
};

struct Condition {
  std::string_view name;
  std::string_view meaning;  // for the manifest's readers and its error messages
  bool (*holds)(const CallRecord& call, const CallFacts& facts);
};
std::span<const Condition> Conditions();
const Condition* FindCondition(std::string_view name);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_MANIFEST_CONDITIONS_H_
