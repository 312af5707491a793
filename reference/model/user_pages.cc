#include "reference/model/user_pages.h"

#include <cinttypes>
#include <cstdio>

namespace iommufd_conform::model {

bool CanPinUserPages(uint64_t address, uint64_t length, bool writable) {
  uint64_t end;
  if (length == 0 || __builtin_add_overflow(address, length, &end)) return false;
  std::FILE* maps = std::fopen("/proc/self/maps", "r");
  if (!maps) return false;
  // The mappings come sorted by address; walk them until [address, end) is covered.
  uint64_t at = address;
  char line[512];
  while (at < end && std::fgets(line, sizeof(line), maps)) {
    uint64_t start, stop;
    char perms[5];
    if (std::sscanf(line, "%" SCNx64 "-%" SCNx64 " %4s", &start, &stop, perms) != 3) continue;
    if (stop <= at) continue;
    if (start > at || perms[0] != 'r' || (writable && perms[1] != 'w')) break;
    at = stop;
  }
  std::fclose(maps);
  return at >= end;
}

}  // namespace iommufd_conform::model
