#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_OBJECT_TABLE_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_OBJECT_TABLE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>

namespace iommufd_conform::model {

enum class ObjectType {
  kIoas,
  kHwptPaging,
  kHwptNested,
  kDevice,
  kAccess,
  kFault,
  kViommu,
  kVdevice,
  kVeventq,
  kHwQueue,
  kSelftest,
};

// Everything IOMMU_DESTROY can name. `users` counts references from other objects; an
// object is destroyable only when nothing else uses it.
struct Object {
  explicit Object(ObjectType t) : type(t) {}
  virtual ~Object() = default;
  // Calls `visit` with each object this one holds a `users` reference on, so the counts
  // can be checked against who really holds what.
  virtual void ForEachHeld(const std::function<void(const Object&)>& /*visit*/) const {}
  ObjectType type;
  uint32_t id = 0;
  int users = 0;
  // Of `users`, those held by descriptors rather than objects (an open fault queue fd).
  int file_users = 0;
  // An object still being built holds its id, but lookups do not find it yet: the kernel
  // reserves the id first and publishes the object when the call succeeds.
  bool published = true;
  // A kernel-internal object (the access a HW queue pins its memory with): it takes an id
  // and IOMMU_DESTROY sees it, but no typed lookup finds it.
  bool internal = false;
};

// IDs are the lowest free number from 1 up, so a destroyed object's id is handed out again.
class ObjectTable {
 public:
  uint32_t Add(std::unique_ptr<Object> object);
  // nullptr when the id is unused, a tombstone or not yet published; typed lookups also
  // for another type.
  Object* Find(uint32_t id) const;
  template <typename T>
  T* Find(uint32_t id, ObjectType type) const {
    Object* object = Find(id);
    return object && object->type == type && !object->internal ? static_cast<T*>(object)
                                                                : nullptr;
  }
  // Removes an object whatever its users; callers check the rules first.
  std::unique_ptr<Object> Remove(uint32_t id);
  // Removes an object but keeps its id taken until the context closes: DESTROY on it is
  // ENOENT and no new object gets it (a vDEVICE whose device was unplugged).
  std::unique_ptr<Object> RemoveLeavingTombstone(uint32_t id);
  bool empty() const { return objects_.empty(); }
  size_t size() const { return objects_.size(); }
  const std::map<uint32_t, std::unique_ptr<Object>>& objects() const { return objects_; }

 private:
  std::map<uint32_t, std::unique_ptr<Object>> objects_;
  std::set<uint32_t> free_ids_;  // ids below next_id_ that are free again
  uint32_t next_id_ = 1;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_OBJECT_TABLE_H_
