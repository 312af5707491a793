#include "reference/model/model.h"

#include <cerrno>

#include "reference/model/context.h"

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

Outcome Model::Close(int fd) {
  return files_.erase(fd) ? Outcome::Success(0) : Outcome::Failure(EBADF);
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

}  // namespace iommufd_conform::model
