#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_MODEL_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_MODEL_H_

#include <map>
#include <memory>

#include "reference/model/context.h"
#include "reference/model/profile.h"
#include "reference/uapi/outcome.h"

namespace iommufd_conform::model {

// The reference model of the iommufd uAPI: a set of open descriptors, each an iommufd
// context, answering ioctls with the kernel's numbers and byte layouts.
class Model {
 public:
  explicit Model(ModelConfig config) : config_(config) {}

  const ModelConfig& config() const { return config_; }
  Outcome OpenIommufd();
  Outcome Close(int fd);
  // `arg` is the caller's pointer, read and written as the kernel would.
  Outcome Ioctl(int fd, unsigned long request, uint64_t arg);

 private:
  ModelConfig config_;
  std::map<int, std::unique_ptr<Context>> contexts_;
  int next_fd_ = 3;  // model descriptors live in their own number space
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_MODEL_H_
