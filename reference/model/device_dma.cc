// Device DMA through a VFIO device's attachment: the translation the uAPI promises, byte by
// byte, for the device-DMA oracle (DeviceDmaResult).
#include <algorithm>
#include <cerrno>

#include "reference/model/context.h"
#include "reference/model/pages_io.h"
#include "reference/model/user_pages.h"

namespace iommufd_conform::model {
namespace {

// The paging HWPT behind a device's attachment; nullptr when it reaches nothing. *nested when
// the attachment is a nested HWPT, whose translation the model does not know.
const HwptPaging* TranslationOf(const Device& device, bool* nested) {
  *nested = device.hwpt && device.hwpt->type != ObjectType::kHwptPaging;
  if (!device.hwpt || *nested) return nullptr;
  return static_cast<const HwptPaging*>(device.hwpt);
}

// Whether the device may move bytes in `write`'s direction through `slice` of `hwpt`.
bool Permits(const HwptPaging& hwpt, const IoPagetable::Slice& slice, bool write) {
  if (write) return slice.writable;
  if (slice.readable) return true;
  return slice.writable && hwpt.iommu && hwpt.iommu->write_only_is_readable &&
         !hwpt.nest_parent;
}

// Calls visit(offset_in_transfer, slice) for each mapped piece of [iova, iova + length) and
// refused(offset, length) for the rest. The IOMMU translates page by page, so a gap or a
// permission ends at a page boundary: each CPU page of the transfer is looked up alone.
template <typename Visit, typename Refuse>
void WalkTransfer(const HwptPaging* hwpt, uint64_t iova, uint64_t length, Visit visit,
                  Refuse refused) {
  const Ioas* ioas = hwpt ? hwpt->ioas : nullptr;
  const uint64_t page = CpuPageSize();
  uint64_t done = 0;
  while (done < length) {
    uint64_t at = iova + done;
    uint64_t chunk = std::min(length - done, page - at % page);
    std::vector<IoPagetable::Slice> slices;
    if (!ioas || at + chunk - 1 < at || ioas->iopt.GetSlices(at, at + chunk - 1, &slices)) {
      refused(done, chunk);
    } else {
      uint64_t offset = done;
      for (const IoPagetable::Slice& slice : slices) {
        visit(offset, slice);
        offset += slice.length;
      }
    }
    done += chunk;
  }
}

}  // namespace

DeviceDmaResult Context::DeviceDma(uint32_t dev_id, uint64_t iova, std::span<std::byte> data,
                                   bool write) {
  DeviceDmaResult result;
  auto* device = objects_.Find<Device>(dev_id, ObjectType::kDevice);
  if (!device) {
    result.error = ENODEV;
    return result;
  }
  bool nested;
  const HwptPaging* hwpt = TranslationOf(*device, &nested);
  if (nested) {
    result.error = ENOTTY;
    return result;
  }
  auto refuse = [&](uint64_t offset, uint64_t length) {
    if (!result.refused.empty() &&
        result.refused.back().offset + result.refused.back().length == offset) {
      result.refused.back().length += length;
    } else {
      result.refused.push_back({offset, length});
    }
  };
  WalkTransfer(
      hwpt, iova, data.size(),
      [&](uint64_t offset, const IoPagetable::Slice& slice) {
        if (!Permits(*hwpt, slice, write)) {
          refuse(offset, slice.length);
          return;
        }
        // The pinned pages stay the device's even when the caller unmaps them; the model
        // only reaches them through the caller's mapping.
        if (PagesRw(*slice.pages, slice.pages_offset, data.data() + offset, slice.length,
                    write)) {
          result.error = ENOTTY;
        }
      },
      refuse);
  if (!result.refused.empty() && device->iommu) {
    result.fault_reported = hwpt ? device->iommu->fault_interrupt
                                 : device->iommu->blocked_fault_interrupt;
  }
  return result;
}

std::vector<WrittenMemory> Context::DeviceDmaTargets(uint32_t dev_id, uint64_t iova,
                                                     uint64_t length) {
  std::vector<WrittenMemory> targets;
  auto* device = objects_.Find<Device>(dev_id, ObjectType::kDevice);
  bool nested;
  if (!device) return targets;
  const HwptPaging* hwpt = TranslationOf(*device, &nested);
  WalkTransfer(
      hwpt, iova, length,
      [&](uint64_t, const IoPagetable::Slice& slice) {
        if (!slice.writable || slice.pages->dmabuf) return;
        targets.push_back({slice.pages->user_va + slice.pages_offset, slice.length,
                           slice.pages->file ? slice.pages->file->fd() : -1});
      },
      [](uint64_t, uint64_t) {});
  return targets;
}

}  // namespace iommufd_conform::model
