#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_MODEL_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string_view>

#include "reference/model/model_file.h"
#include "reference/model/profile.h"
#include "reference/uapi/outcome.h"

namespace iommufd_conform::model {

// The reference model of the iommufd uAPI: a table of open descriptors (iommufd contexts
// and the files their objects hand out) answering calls with the kernel's numbers and byte
// layouts.
class Model final : public FileTable {
 public:
  // Picks the number of each new descriptor. The default counts up from 3 in a number
  // space of the model's own; the interposer reserves real descriptors instead, so the
  // model's numbers never collide with the process's.
  using NumberSource = std::function<int()>;

  explicit Model(ModelConfig config, NumberSource numbers = {});

  const ModelConfig& config() const { return config_; }
  Outcome OpenIommufd();
  // A VFIO cdev of the configured platform (PlatformDevices); ENOENT for any other path.
  Outcome OpenDevice(std::string_view path);
  // Closing the last descriptor of a context destroys every object in it.
  Outcome Close(int fd);
  // `arg` and `buf` are the caller's pointers.
  Outcome Ioctl(int fd, unsigned long request, uint64_t arg);
  Outcome Read(int fd, uint64_t buf, size_t count);
  Outcome Write(int fd, uint64_t buf, size_t count);
  Outcome Poll(int fd, short events);
  bool Owns(int fd) const { return files_.count(fd) != 0; }

  int Install(std::shared_ptr<ModelFile> file) override;
  std::shared_ptr<ModelFile> Lookup(int fd) const override;

 private:
  ModelFile* Find(int fd) const;

  ModelConfig config_;
  NumberSource numbers_;
  std::map<int, std::shared_ptr<ModelFile>> files_;
  int next_fd_ = 3;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_MODEL_H_
