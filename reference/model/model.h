#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_MODEL_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>
#include <string_view>

#include "reference/model/device_dma.h"
#include "reference/model/model_file.h"
#include "reference/model/profile.h"
#include "reference/model/written_memory.h"
#include "reference/uapi/iommufd_test.h"
#include "reference/uapi/outcome.h"

namespace iommufd_conform::model {

// The reference model of the iommufd uAPI: a table of open descriptors (iommufd contexts
// and the files their objects hand out) answering calls with the kernel's numbers and byte
// layouts.
class Model final : public FileTable {
 public:
  // Picks the number of each new descriptor. By default the model holds a descriptor of
  // the process open under each of its numbers, so they never collide with the process's;
  // the interposer reserves its own, and the fuzzers count far above the process's.
  using NumberSource = std::function<int()>;

  explicit Model(ModelConfig config, NumberSource numbers = {});
  ~Model() override;

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
  // mmap(NULL, length, prot, flags, fd, offset) and munmap: ret is the model's address.
  Outcome Mmap(int fd, size_t length, int prot, int flags, uint64_t offset);
  Outcome Munmap(uint64_t address, size_t length);
  bool Owns(int fd) const { return files_.count(fd) != 0; }
  // Every broken invariant of every open context (Context::InvariantViolations).
  std::vector<std::string> InvariantViolations() const;
  // Context::AdoptAutoIova of the context behind `fd`.
  std::string AdoptAutoIova(int fd, uint32_t ioas_id, uint64_t from, uint64_t to);
  // Context::AccessRwTargets of the context behind `fd`.
  std::vector<WrittenMemory> AccessRwTargets(int fd, const uapi::IommuTestCmd& cmd);
  // A DMA transfer of the VFIO device open as `fd` (DeviceDmaResult), and where a write of
  // it lands.
  DeviceDmaResult DeviceDma(int fd, uint64_t iova, std::span<std::byte> data, bool write);
  std::vector<WrittenMemory> DeviceDmaTargets(int fd, uint64_t iova, uint64_t length);
  // Makes `new_fd` (a number the caller reserved) name the same file as `fd`, as dup()
  // does: the file lives until both are closed. EBADF if `fd` is not the model's.
  Outcome Dup(int fd, int new_fd);

  int Install(std::shared_ptr<ModelFile> file) override;
  std::shared_ptr<ModelFile> Lookup(int fd) const override;
  void ForEachFile(const std::function<void(const ModelFile&)>& visit) const override;

 private:
  ModelFile* Find(int fd) const;

  ModelConfig config_;
  NumberSource numbers_;
  std::map<int, std::shared_ptr<ModelFile>> files_;
  // Live mappings by address: their length and what they hold.
  struct Mapping {
    size_t length;
    std::shared_ptr<void> hold;
  };
  std::map<uint64_t, Mapping> mappings_;
  // The process descriptors held open under the model's numbers (default numbering).
  std::set<int> held_numbers_;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_MODEL_H_
