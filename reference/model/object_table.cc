#include "reference/model/object_table.h"

namespace iommufd_conform::model {

uint32_t ObjectTable::Add(std::unique_ptr<Object> object) {
  uint32_t id;
  if (!free_ids_.empty()) {
    id = *free_ids_.begin();
    free_ids_.erase(free_ids_.begin());
  } else {
    id = next_id_++;
  }
  object->id = id;
  objects_.emplace(id, std::move(object));
  return id;
}

Object* ObjectTable::Find(uint32_t id) const {
  auto it = objects_.find(id);
  return it == objects_.end() || !it->second->published ? nullptr : it->second.get();
}

std::unique_ptr<Object> ObjectTable::RemoveLeavingTombstone(uint32_t id) {
  auto it = objects_.find(id);
  if (it == objects_.end()) return nullptr;
  std::unique_ptr<Object> object = std::move(it->second);
  objects_.erase(it);
  return object;
}

std::unique_ptr<Object> ObjectTable::Remove(uint32_t id) {
  auto it = objects_.find(id);
  if (it == objects_.end()) return nullptr;
  std::unique_ptr<Object> object = std::move(it->second);
  objects_.erase(it);
  if (id + 1 == next_id_) {
    --next_id_;
    // Collapse trailing free ids so the free set stays small.
    while (!free_ids_.empty() && *free_ids_.rbegin() + 1 == next_id_) {
      free_ids_.erase(std::prev(free_ids_.end()));
      --next_id_;
    }
  } else {
    free_ids_.insert(id);
  }
  return object;
}

}  // namespace iommufd_conform::model
