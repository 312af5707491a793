#include "reference/model/model.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <set>

#include "reference/model/context.h"
#include "reference/model/user_memory.h"
#include "reference/model/vfio_device_file.h"

namespace iommufd_conform::model {

Model::Model(ModelConfig config, NumberSource numbers)
    : config_(config), numbers_(std::move(numbers)) {}

int Model::Install(std::shared_ptr<ModelFile> file) {
  int fd;
  if (numbers_) {
    fd = numbers_();
  } else {
    // Calls such as MAP_FILE take either a model descriptor or one of the caller's own, so
    // the model holds each of its numbers open in the process: a memfd the caller opens
    // later cannot take it.
    fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    // Out of descriptors, the process cannot run its own calls either.
    if (fd < 0) std::abort();
    held_numbers_.insert(fd);
  }
  files_[fd] = std::move(file);
  return fd;
}

Outcome Model::OpenIommufd() {
  return Outcome::Success(Install(std::make_shared<Context>(config_, *this)));
}

Outcome Model::OpenDevice(std::string_view path) {
  const PlatformDevice* device = FindPlatformDevice(config_.platform, path);
  if (!device) return Outcome::Failure(ENOENT);
  return Outcome::Success(Install(std::make_shared<VfioDeviceFile>(config_, *device, *this)));
}

std::shared_ptr<ModelFile> Model::Lookup(int fd) const {
  auto it = files_.find(fd);
  return it == files_.end() ? nullptr : it->second;
}

Outcome Model::Close(int fd) {
  if (!files_.erase(fd)) return Outcome::Failure(EBADF);
  if (held_numbers_.erase(fd)) close(fd);
  return Outcome::Success(0);
}

Outcome Model::Dup(int fd, int new_fd) {
  auto it = files_.find(fd);
  if (it == files_.end()) return Outcome::Failure(EBADF);
  files_[new_fd] = it->second;
  return Outcome::Success(new_fd);
}

ModelFile* Model::Find(int fd) const {
  auto it = files_.find(fd);
  return it == files_.end() ? nullptr : it->second.get();
}

Outcome Model::Ioctl(int fd, unsigned long request, uint64_t arg) {
  UserMemory::DroppedWrites dropped(config_.fault == ModelFault::kWritesNothing);
  ModelFile* file = Find(fd);
  return file ? file->Ioctl(request, arg) : Outcome::Failure(EBADF);
}

Outcome Model::Read(int fd, uint64_t buf, size_t count) {
  UserMemory::DroppedWrites dropped(config_.fault == ModelFault::kWritesNothing);
  ModelFile* file = Find(fd);
  return file ? file->Read(buf, count) : Outcome::Failure(EBADF);
}

Outcome Model::Write(int fd, uint64_t buf, size_t count) {
  ModelFile* file = Find(fd);
  return file ? file->Write(buf, count) : Outcome::Failure(EBADF);
}

Model::~Model() {
  for (int fd : held_numbers_) close(fd);
  for (const auto& [address, mapping] : mappings_) {
    munmap(reinterpret_cast<void*>(address), mapping.length);
  }
}

Outcome Model::Mmap(int fd, size_t length, int prot, int flags, uint64_t offset) {
  // What mmap(2) refuses before any file sees the call.
  if (length == 0 || offset % config_.page_size) return Outcome::Failure(EINVAL);
  ModelFile* file = Find(fd);
  if (!file) return Outcome::Failure(EBADF);
  std::shared_ptr<void> hold;
  if (int error = file->Mmap(length, prot, flags, offset, &hold)) return Outcome::Failure(error);
  // Anonymous shared memory stands in for the file's pages (the mock's are zeroed).
  void* address = mmap(nullptr, length, prot & ~PROT_EXEC, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (address == MAP_FAILED) return Outcome::Failure(ENOMEM);
  uint64_t at = reinterpret_cast<uintptr_t>(address);
  mappings_[at] = {length, std::move(hold)};
  return Outcome::Success(static_cast<long>(at));
}

Outcome Model::Munmap(uint64_t address, size_t length) {
  if (length == 0 || address % config_.page_size) return Outcome::Failure(EINVAL);
  // Only whole mappings are taken down; the model's mappings are never split.
  auto it = mappings_.find(address);
  if (it == mappings_.end()) return Outcome::Success(0);
  munmap(reinterpret_cast<void*>(address), it->second.length);
  mappings_.erase(it);
  return Outcome::Success(0);
}

Outcome Model::Poll(int fd, short events) {
  // poll() reports a descriptor that is not open as POLLNVAL rather than failing.
  ModelFile* file = Find(fd);
  return file ? file->Poll(events) : Outcome::Success(POLLNVAL);
}

std::vector<std::string> Model::InvariantViolations() const {
  std::vector<std::string> broken;
  for (const auto& [fd, file] : files_) {
    const auto* context = dynamic_cast<const Context*>(file.get());
    if (!context) continue;
    for (std::string& rule : context->InvariantViolations()) {
      broken.push_back("iommufd " + std::to_string(fd) + ": " + std::move(rule));
    }
  }
  return broken;
}

std::string Model::AdoptAutoIova(int fd, uint32_t ioas_id, uint64_t from, uint64_t to) {
  auto* context = dynamic_cast<Context*>(Find(fd));
  return context ? context->AdoptAutoIova(ioas_id, from, to) : "not an iommufd of the model";
}

std::vector<WrittenMemory> Model::AccessRwTargets(int fd, const uapi::IommuTestCmd& cmd) {
  auto* context = dynamic_cast<Context*>(Find(fd));
  return context ? context->AccessRwTargets(cmd) : std::vector<WrittenMemory>{};
}

DeviceDmaResult Model::DeviceDma(int fd, uint64_t iova, std::span<std::byte> data,
                                 bool write) {
  auto* device = dynamic_cast<VfioDeviceFile*>(Find(fd));
  if (!device) return {ENODEV, {}};
  return device->Dma(iova, data, write);
}

std::vector<WrittenMemory> Model::DeviceDmaTargets(int fd, uint64_t iova, uint64_t length) {
  auto* device = dynamic_cast<VfioDeviceFile*>(Find(fd));
  return device ? device->DmaTargets(iova, length) : std::vector<WrittenMemory>{};
}

void Model::ForEachFile(const std::function<void(const ModelFile&)>& visit) const {
  std::set<const ModelFile*> seen;
  for (const auto& [fd, file] : files_) {
    if (seen.insert(file.get()).second) visit(*file);
  }
}

}  // namespace iommufd_conform::model
