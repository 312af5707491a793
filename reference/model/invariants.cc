// The context's self-checks, run by the model-only fuzzer after every step.
#include <map>

#include "reference/model/access.h"
#include "reference/model/context.h"
#include "reference/model/fault_queue.h"
#include "reference/model/viommu.h"

namespace iommufd_conform::model {

void HwptPaging::ForEachHeld(const std::function<void(const Object&)>& visit) const {
  visit(*ioas);
  if (fault) visit(*fault);
}

void Access::ForEachHeld(const std::function<void(const Object&)>& visit) const {
  if (ioas) visit(*ioas);
}

void HwptNested::ForEachHeld(const std::function<void(const Object&)>& visit) const {
  if (viommu) {
    visit(*viommu);
  } else {
    visit(*parent);
  }
  if (fault) visit(*fault);
}

void Viommu::ForEachHeld(const std::function<void(const Object&)>& visit) const {
  visit(*parent);
}

void Vdevice::ForEachHeld(const std::function<void(const Object&)>& visit) const {
  visit(*viommu);
}

void HwQueue::ForEachHeld(const std::function<void(const Object&)>& visit) const {
  visit(*viommu);
  if (predecessor) visit(*predecessor);
  if (access) visit(*access);
}

void VeventqObject::ForEachHeld(const std::function<void(const Object&)>& visit) const {
  visit(*viommu);
}

std::vector<std::string> Context::InvariantViolations() const {
  std::vector<std::string> broken;
  std::map<const Object*, int> held;
  for (const auto& entry : objects_.objects()) {
    uint32_t id = entry.first;  // a plain variable: lambdas cannot capture bindings in C++20
    entry.second->ForEachHeld([&](const Object& target) {
      ++held[&target];
      auto found = objects_.objects().find(target.id);
      if (found == objects_.objects().end() || found->second.get() != &target) {
        broken.push_back("object " + std::to_string(id) + " holds object " +
                         std::to_string(target.id) + ", which is not in the table");
      }
    });
  }
  for (const auto& [id, object] : objects_.objects()) {
    if (object->id != id) {
      broken.push_back("object " + std::to_string(id) + " thinks its id is " +
                       std::to_string(object->id));
    }
    if (!object->published) {
      broken.push_back("object " + std::to_string(id) + " was left unpublished");
    }
    int references = (held.count(object.get()) ? held[object.get()] : 0) + object->file_users;
    if (object->users != references) {
      broken.push_back("object " + std::to_string(id) + " counts " +
                       std::to_string(object->users) + " users but " +
                       std::to_string(references) + " objects hold it");
    }
    if (object->type == ObjectType::kIoas) {
      for (std::string& rule : static_cast<const Ioas&>(*object).iopt.InvariantViolations()) {
        broken.push_back("IOAS " + std::to_string(id) + ": " + std::move(rule));
      }
    }
  }
  return broken;
}

}  // namespace iommufd_conform::model
