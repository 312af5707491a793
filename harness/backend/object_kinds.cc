#include "harness/backend/object_kinds.h"

#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform {
namespace {

using namespace uapi;

constexpr CreatedObject kCreated[] = {
    {kIoctlIoasAlloc, "out_ioas_id", "ioas"},
    {kIoctlHwptAlloc, "out_hwpt_id", "hwpt"},
    {kIoctlViommuAlloc, "out_viommu_id", "viommu"},
    {kIoctlVdeviceAlloc, "out_vdevice_id", "vdevice"},
    {kIoctlFaultQueueAlloc, "out_fault_id", "fault"},
    {kIoctlVeventqAlloc, "out_veventq_id", "veventq"},
    {kIoctlHwQueueAlloc, "out_hw_queue_id", "hw_queue"},
    {kIoctlTestCmd, "mock_domain.out_stdev_id", "selftest_device"},
    {kIoctlTestCmd, "mock_domain.out_hwpt_id", "hwpt"},
    {kIoctlTestCmd, "mock_domain.out_idev_id", "device"},
    {kIoctlTestCmd, "mock_domain_flags.out_stdev_id", "selftest_device"},
    {kIoctlTestCmd, "mock_domain_flags.out_hwpt_id", "hwpt"},
    {kIoctlTestCmd, "mock_domain_flags.out_idev_id", "device"},
};

constexpr NamedObject kNamed[] = {
    {kIoctlDestroy, "id"},
    {kIoctlTestCmd, "pasid_attach.pt_id"},
    {kIoctlTestCmd, "pasid_replace.pt_id"},
};

const uapi::FieldEntry* Field(const CallRecord& call, std::string_view name) {
  const IoctlShape* shape = call.shape();
  const uapi::StructEntry* entry = shape ? FindCatalogStruct(shape->struct_name) : nullptr;
  const uapi::FieldEntry* field = entry ? FieldNamed(*entry, name) : nullptr;
  if (!field || !InMember(*field, shape->SelectedMember(call.input))) return nullptr;
  return field;
}

}  // namespace

std::span<const CreatedObject> CreatedObjects() { return kCreated; }
std::span<const NamedObject> NamedObjects() { return kNamed; }

void ObjectKinds::Record(int context, const CallRecord& call) {
  if (call.kind != CallRecord::Kind::kIoctl || !call.kernel.outcome.ok()) return;
  if (call.request == kIoctlDestroy) {
    if (const uapi::FieldEntry* id = Field(call, "id")) {
      kinds_.erase({context, static_cast<uint32_t>(ReadField(call.input, *id).value_or(0))});
    }
    return;
  }
  for (const CreatedObject& created : kCreated) {
    if (created.request != call.request) continue;
    const uapi::FieldEntry* field = Field(call, created.field);
    auto id = field ? ReadField(call.kernel.outcome.out, *field) : std::nullopt;
    if (!id) continue;
    std::string_view kind = created.kind;
    if (call.request == kIoctlHwptAlloc) {
      const uapi::FieldEntry* flags = Field(call, "flags");
      if (flags && ReadField(call.input, *flags).value_or(0) & kIommuHwptAllocDirtyTracking) {
        kind = "dirty_hwpt";
      }
    }
    kinds_[{context, static_cast<uint32_t>(*id)}] = kind;
  }
}

void ObjectKinds::Forget(int context) {
  std::erase_if(kinds_, [&](const auto& item) { return item.first.first == context; });
}

std::string_view ObjectKinds::KindNamed(int context, const CallRecord& call) const {
  for (const NamedObject& named : kNamed) {
    if (named.request != call.request) continue;
    const uapi::FieldEntry* field = Field(call, named.field);
    auto id = field ? ReadField(call.input, *field) : std::nullopt;
    if (!id) continue;
    auto found = kinds_.find({context, static_cast<uint32_t>(*id)});
    return found == kinds_.end() ? std::string_view() : found->second;
  }
  return {};
}

}  // namespace iommufd_conform
