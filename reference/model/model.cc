#include "reference/model/model.h"

#include <cerrno>

namespace iommufd_conform::model {

Outcome Model::OpenIommufd() {
  int fd = next_fd_++;
  contexts_.emplace(fd, std::make_unique<Context>(config_));
  return Outcome::Success(fd);
}

Outcome Model::Close(int fd) {
  // Closing destroys every object of the context at once.
  return contexts_.erase(fd) ? Outcome::Success(0) : Outcome::Failure(EBADF);
}

Outcome Model::Ioctl(int fd, unsigned long request, uint64_t arg) {
  auto it = contexts_.find(fd);
  if (it == contexts_.end()) return Outcome::Failure(EBADF);
  return it->second->Ioctl(request, arg);
}

}  // namespace iommufd_conform::model
