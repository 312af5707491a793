#include "harness/backend/manifest_conditions.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <optional>

#include "reference/model/user_pages.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform {
namespace {

std::optional<uint64_t> Input(const CallRecord& call, std::string_view name) {
  const IoctlShape* shape = call.shape();
  const uapi::StructEntry* entry = shape ? FindCatalogStruct(shape->struct_name) : nullptr;
  const uapi::FieldEntry* field = entry ? FieldNamed(*entry, name) : nullptr;
  if (!field || !InMember(*field, shape->SelectedMember(call.input))) return std::nullopt;
  return ReadField(call.input, *field);
}

bool BitmapNotWritable(const CallRecord& call, const CallFacts&) {
  const IoctlShape* shape = call.shape();
  if (call.request != uapi::kIoctlHwptGetDirtyBitmap || shape->regions.empty()) return false;
  uint64_t bytes = shape->regions[0].bytes(call.input);
  auto data = Input(call, "data");
  return data && bytes && !model::CanPinUserPages(*data, bytes, true);
}

// A page's entry in /proc/self/pagemap and its frame's flags in /proc/kpageflags (root only:
// without them nothing is known and the condition does not hold).
std::optional<uint64_t> Read64(const char* path, uint64_t index) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  uint64_t value;
  bool ok = pread(fd, &value, sizeof(value), static_cast<off_t>(index * sizeof(value))) ==
            sizeof(value);
  close(fd);
  return ok ? std::optional<uint64_t>(value) : std::nullopt;
}

bool ZeroOrLargeFolioPage(uint64_t address) {
  constexpr uint64_t kPresent = uint64_t{1} << 63;
  constexpr uint64_t kFrameMask = (uint64_t{1} << 55) - 1;
  constexpr uint64_t kCompoundHead = uint64_t{1} << 15, kCompoundTail = uint64_t{1} << 16;
  constexpr uint64_t kThp = uint64_t{1} << 22, kZeroPage = uint64_t{1} << 24;
  auto entry = Read64("/proc/self/pagemap", address / model::CpuPageSize());
  if (!entry) return false;
  // Never-written anonymous memory has no page yet; the op's own lookup maps the zero page.
  if (!(*entry & kPresent)) return true;
  auto flags = Read64("/proc/kpageflags", *entry & kFrameMask);
  return flags && (*flags & (kZeroPage | kThp | kCompoundHead | kCompoundTail));
}

bool PagesZeroOrLargeFolio(const CallRecord& call, const CallFacts&) {
  auto uptr = Input(call, "check_refs.uptr");
  auto length = Input(call, "check_refs.length");
  if (!uptr || !length || *length == 0) return false;
  uint64_t page = model::CpuPageSize();
  for (uint64_t at = *uptr & ~(page - 1); at < *uptr + *length; at += page) {
    if (ZeroOrLargeFolioPage(at)) return true;
  }
  return false;
}

bool WritableMapOfReadOnlyFile(const CallRecord& call, const CallFacts&) {
  if (call.request != uapi::kIoctlIoasMapFile) return false;
  auto flags = Input(call, "flags");
  auto fd = Input(call, "fd");
  if (!flags || !fd || !(*flags & uapi::kIommuIoasMapWriteable)) return false;
  int number = static_cast<int32_t>(*fd);
  int mode = fcntl(number, F_GETFL);
  int seals = fcntl(number, F_GET_SEALS);
  return (mode >= 0 && (mode & O_ACCMODE) == O_RDONLY) ||
         (seals >= 0 && (seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)));
}

bool AfterMapFileOfOwnIommufd(const CallRecord&, const CallFacts& facts) {
  return facts.mapped_own_iommufd;
}

constexpr Condition kConditions[] = {
    {"bitmap-not-writable",
     "HWPT_GET_DIRTY_BITMAP into a bitmap the caller cannot write (unmapped or read-only)",
     BitmapNotWritable},
    {"pages-zero-or-large-folio",
     "MD_CHECK_REFS over a page that is the shared zero page, not yet present, or part of a "
     "large folio (read from /proc/self/pagemap and /proc/kpageflags)",
     PagesZeroOrLargeFolio},
    {"writable-map-of-read-only-file",
     "IOAS_MAP_FILE with IOMMU_IOAS_MAP_WRITEABLE of a descriptor opened read-only or sealed "
     "against writes",
     WritableMapOfReadOnlyFile},
    {"after-map-file-of-own-iommufd",
     "the run has mapped an iommufd into an IOAS of that same iommufd before",
     AfterMapFileOfOwnIommufd},
};

}  // namespace

std::span<const Condition> Conditions() { return kConditions; }

const Condition* FindCondition(std::string_view name) {
  for (const Condition& condition : kConditions) {
    if (condition.name == name) return &condition;
  }
  return nullptr;
}

}  // namespace iommufd_conform
