#include "reference/model/model.h"

#include <cerrno>

#include "reference/model/context.h"
#include "reference/model/vfio_device_file.h"

namespace iommufd_conform::model {

Model::Model(ModelConfig config, NumberSource numbers)
    : config_(config), numbers_(std::move(numbers)) {}

int Model::Install(std::shared_ptr<ModelFile> file) {
  int fd = numbers_ ? numbers_() : next_fd_++;
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
  return files_.erase(fd) ? Outcome::Success(0) : Outcome::Failure(EBADF);
}

ModelFile* Model::Find(int fd) const {
  auto it = files_.find(fd);
  return it == files_.end() ? nullptr : it->second.get();
}

Outcome Model::Ioctl(int fd, unsigned long request, uint64_t arg) {
  ModelFile* file = Find(fd);
  return file ? file->Ioctl(request, arg) : Outcome::Failure(EBADF);
}

Outcome Model::Read(int fd, uint64_t buf, size_t count) {
  ModelFile* file = Find(fd);
  return file ? file->Read(buf, count) : Outcome::Failure(EBADF);
}

Outcome Model::Write(int fd, uint64_t buf, size_t count) {
  ModelFile* file = Find(fd);
  return file ? file->Write(buf, count) : Outcome::Failure(EBADF);
}

Outcome Model::Poll(int fd, short events) {
  // poll() reports a descriptor that is not open as POLLNVAL rather than failing.
  ModelFile* file = Find(fd);
  return file ? file->Poll(events) : Outcome::Success(POLLNVAL);
}

}  // namespace iommufd_conform::model
