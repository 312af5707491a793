#include "harness/backend/side_effects.h"

#include <unistd.h>

#include <cstdio>

#include "harness/backend/user_mirror.h"
#include "reference/model/user_memory.h"

namespace iommufd_conform {
namespace {

// Larger stretches are not compared; the suites' accesses move a few pages.
constexpr uint64_t kMaxTargetBytes = uint64_t{1} << 20;

std::vector<std::byte> Load(const model::WrittenMemory& where) {
  if (where.file_fd < 0) return ReadAccessible(where.address, where.length);
  std::vector<std::byte> bytes(where.length);
  ssize_t done = pread(where.file_fd, bytes.data(), bytes.size(),
                       static_cast<off_t>(where.address));
  bytes.resize(done < 0 ? 0 : static_cast<size_t>(done));
  return bytes;
}

void Store(const model::WrittenMemory& where, const std::vector<std::byte>& bytes) {
  if (where.file_fd < 0) {
    (void)model::UserMemory::CopyTo(where.address, bytes.data(), bytes.size());
  } else {
    (void)!pwrite(where.file_fd, bytes.data(), bytes.size(), static_cast<off_t>(where.address));
  }
}

std::string Hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof(text), "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

std::string ByteText(std::byte value) {
  char text[8];
  std::snprintf(text, sizeof(text), "0x%02x", static_cast<unsigned>(value));
  return text;
}

}  // namespace

SideEffectCheck::SideEffectCheck(std::vector<model::WrittenMemory> targets) {
  for (model::WrittenMemory& where : targets) {
    if (where.length == 0 || where.length > kMaxTargetBytes) continue;
    std::vector<std::byte> before = Load(where);
    targets_.push_back({where, std::move(before), {}, {}});
  }
}

void SideEffectCheck::KernelDone() {
  for (Target& target : targets_) {
    target.kernel = Load(target.where);
    Store(target.where, target.before);
  }
}

void SideEffectCheck::ModelDone() {
  for (Target& target : targets_) {
    target.model = Load(target.where);
    Store(target.where, target.kernel);
  }
}

std::optional<Difference> SideEffectCheck::FirstDifference() const {
  for (size_t i = 0; i < targets_.size(); ++i) {
    const Target& target = targets_[i];
    size_t common = std::min(target.kernel.size(), target.model.size());
    for (size_t at = 0; at < common; ++at) {
      if (target.kernel[at] == target.model[at]) continue;
      std::string where = target.where.file_fd < 0
                              ? "user memory at " + Hex(target.where.address + at)
                              : "file offset " + Hex(target.where.address + at);
      return Difference{"written memory",
                        "written memory " + std::to_string(i) + " byte " + std::to_string(at) +
                            " (" + where + ")",
                        ByteText(target.kernel[at]), ByteText(target.model[at]),
                        "what the call wrote through the IOAS"};
    }
  }
  return std::nullopt;
}

}  // namespace iommufd_conform
