// The mock driver's checks of what the kernel did with user pages (MD_CHECK_MAP,
// MD_CHECK_REFS) and its batch memory limit (SET_TEMP_MEMORY_LIMIT). The answers below were
// read off a 7.2 guest with a probe; the suites in suites/mock/page_checks_test.cc pin them.
#include <unistd.h>

#include <cerrno>
#include <set>
#include <vector>

#include "reference/model/caller.h"
#include "reference/model/context.h"
#include "reference/model/pages_io.h"
#include "reference/model/user_pages.h"

namespace iommufd_conform::model {

using namespace uapi;

int Context::TestMdCheckMap(IommuTestCmd& cmd) {
  const auto& check = cmd.check_map;
  uint64_t end;
  const bool bad_args = check.iova % kMockPageSize || check.length % kMockPageSize ||
                        check.uptr % kMockPageSize ||
                        __builtin_add_overflow(check.iova, check.length, &end);
  if (bad_args && config_.kernel.mock.check_map_args_first) return EINVAL;
  // Only a mock paging domain answers; an IOAS, a device or a nested HWPT is ENOENT.
  auto* hwpt = objects_.Find<HwptPaging>(cmd.id, ObjectType::kHwptPaging);
  if (!hwpt) return ENOENT;
  if (bad_args) return EINVAL;
  const IoPagetable& iopt = hwpt->ioas->iopt;
  uint64_t page = CpuPageSize();
  // Looking pages up one by one reads the process's mappings each time, so that is done
  // only when the whole range is not readable and the first bad page decides.
  bool all_readable = CanPinUserPages(check.uptr, check.length, /*writable=*/false);
  // Each mock page of the range must map the same CPU page, at the same offset in it, as
  // the caller's address; the caller's page is looked up first (EFAULT when unmapped).
  for (uint64_t done = 0; done < check.length; done += kMockPageSize) {
    uint64_t iova = check.iova + done;
    uint64_t uptr = check.uptr + done;
    if (!all_readable && !CanPinUserPages(uptr & ~(page - 1), page, /*writable=*/false)) {
      return EFAULT;
    }
    auto it = iopt.areas().upper_bound(iova);
    if (it == iopt.areas().begin() || std::prev(it)->second.last < iova) return EINVAL;
    --it;
    const Area& area = it->second;
    uint64_t offset = area.pages_offset + (iova - it->first);
    uint64_t in_page = (area.pages->user_va + offset) % page;
    if (in_page != uptr % page) return EINVAL;
    int error;
    if (!IsSamePage(*area.pages, offset - in_page, uptr - in_page, &error)) {
      return error ? error : EINVAL;
    }
  }
  return 0;
}

void Context::CollectPinners(uint64_t va, std::set<const Pages*>& pinners) const {
  for (const auto& [id, object] : objects_.objects()) {
    if (object->type != ObjectType::kIoas) continue;
    const IoPagetable& iopt = static_cast<const Ioas&>(*object).iopt;
    for (const auto& [start, area] : iopt.areas()) {
      const Pages& pages = *area.pages;
      // No process maps a dmabuf's pages; user memory counts in the process that mapped it.
      if (pages.dmabuf) continue;
      if (!pages.file && !pages.owner->SameProcess(*CurrentCaller())) continue;
      // A file's pages count where the process maps the file (found by the differential
      // fuzzer: a memfd page a MAP_FILE area pinned, checked through the memfd's mapping).
      uint64_t page_of_pages = va;
      if (pages.file) {
        auto offset = FileOffsetOfUserPage(pages, va);
        if (!offset) continue;
        page_of_pages = *offset;
      }
      uint64_t first = (pages.file ? pages.user_va : UntaggedUserAddress(pages.user_va)) +
                        area.pages_offset;
      uint64_t last = first + (area.last - start);
      if (page_of_pages + CpuPageSize() - 1 < first || page_of_pages > last) continue;
      // Pages are pinned once per map, whether for domains or for accesses.
      if (iopt.pinned() || pages.access_pins.count(page_of_pages)) pinners.insert(&pages);
    }
  }
}

int Context::TestMdCheckRefs(IommuTestCmd& cmd) {
  // `id` is not looked at: pins are counted across the whole process.
  const auto& check = cmd.check_refs;
  uint64_t page = CpuPageSize();
  uint64_t end;
  // A range that wraps the address space is refused too (found by the differential fuzzer).
  if (check.uptr % page || check.length % page ||
      __builtin_add_overflow(check.uptr, check.length, &end)) {
    return EINVAL;
  }
  bool all_readable = CanPinUserPages(check.uptr, check.length, /*writable=*/false);
  // The contexts are listed once, not per page: the list does not change during the call.
  std::vector<const Context*> contexts;
  files_.ForEachFile([&](const ModelFile& file) {
    if (const auto* context = dynamic_cast<const Context*>(&file)) contexts.push_back(context);
  });
  std::set<const Pages*> pinners;
  const uint64_t first = UntaggedUserAddress(check.uptr);
  for (uint64_t va = first; va < first + check.length; va += page) {
    // The pages are looked up as pinning would: mapped and readable (a PROT_NONE page is
    // EFAULT; found by the differential fuzzer).
    if (!all_readable && !CanPinUserPages(va, page, /*writable=*/false)) return EFAULT;
    pinners.clear();
    for (const Context* context : contexts) context->CollectPinners(va, pinners);
    if (pinners.size() != check.refs) return EIO;
  }
  return 0;
}

int Context::TestSetTempMemoryLimit(IommuTestCmd& cmd) {
  // Below 12 bytes a batch cannot hold anything. The limit only changes how the kernel
  // batches pinning, which no answer shows, so the model keeps nothing.
  return cmd.memory_limit.limit < 12 ? EINVAL : 0;
}

}  // namespace iommufd_conform::model
