#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_ACCESS_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_ACCESS_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "reference/model/model_file.h"
#include "reference/model/object_table.h"
#include "reference/model/pages_io.h"

namespace iommufd_conform::model {

class Context;
struct Ioas;

// A selftest access (IOMMU_TEST_OP_CREATE_ACCESS): an in-kernel user of one IOAS, like an
// mdev driver. Its descriptor holds it (so IOMMU_DESTROY is EBUSY) and it holds its IOAS.
struct Access : Object {
  // Its descriptor holds it until closed.
  explicit Access(bool pins) : Object(ObjectType::kAccess), needs_pin_pages(pins) {
    users = file_users = 1;
  }
  void ForEachHeld(const std::function<void(const Object&)>& visit) const override;
  // Pages pinned through ACCESS_PAGES, dropped by DESTROY_ACCESS_PAGES or when the IOVA
  // range they cover is unmapped.
  struct Item {
    uint32_t id;
    uint64_t iova;
    uint64_t last;
    std::vector<std::shared_ptr<PagePin>> pins;  // released with the item
  };
  bool needs_pin_pages;
  Ioas* ioas = nullptr;
  std::vector<Item> items;
  uint32_t next_item_id = 0;

  // Drops every item that meets [start, last].
  void DropItems(uint64_t start, uint64_t last);
};

// The access's descriptor. It keeps the iommufd context alive (the kernel's holds a
// reference on the iommufd file), and closing it destroys the access.
class AccessFile final : public ModelFile {
 public:
  AccessFile(std::shared_ptr<Context> context, uint32_t access_id)
      : context_(std::move(context)), access_id_(access_id) {}
  ~AccessFile() override;
  Context& context() const { return *context_; }
  uint32_t access_id() const { return access_id_; }

 private:
  std::shared_ptr<Context> context_;
  uint32_t access_id_;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_ACCESS_H_
