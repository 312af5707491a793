#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_OBJECT_KINDS_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_OBJECT_KINDS_H_

// What kind of object each id of an iommufd context names, as the differential run saw the
// kernel create them (IOAS_ALLOC's out_ioas_id is an "ioas", HWPT_ALLOC's out_hwpt_id a
// "hwpt", or a "dirty_hwpt" when allocated with DIRTY_TRACKING, ...). The divergence
// manifest's `object:` key narrows an entry to calls naming objects of given kinds.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "harness/backend/call_record.h"

namespace iommufd_conform {

// An output field of a call that names a new object, and the object's kind.
struct CreatedObject {
  unsigned long request;
  std::string_view field;  // the catalog's name, dotted for a union member
  std::string_view kind;
};
std::span<const CreatedObject> CreatedObjects();

// An input field of a call that names an existing object: what `object:` looks at.
struct NamedObject {
  unsigned long request;
  std::string_view field;
};
std::span<const NamedObject> NamedObjects();

class ObjectKinds {
 public:
  // Learns from a call both sides answered on iommufd `context`: the objects it created (on
  // the kernel's side) and the one IOMMU_DESTROY removed.
  void Record(int context, const CallRecord& call);
  // Forgets a closed context.
  void Forget(int context);
  // The kind of the object the call names (NamedObjects), "" when it names none this run
  // created.
  std::string_view KindNamed(int context, const CallRecord& call) const;

 private:
  std::map<std::pair<int, uint32_t>, std::string_view> kinds_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_OBJECT_KINDS_H_
