#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_MODEL_FILE_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_MODEL_FILE_H_

#include <poll.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "reference/uapi/outcome.h"

namespace iommufd_conform::model {

// Anything the model hands out a descriptor for: an iommufd context, and the descriptors
// its objects return (fault queues, event queues, accesses). The defaults are what the
// kernel answers for a file without that operation.
class ModelFile {
 public:
  virtual ~ModelFile() = default;
  virtual Outcome Ioctl(unsigned long /*request*/, uint64_t /*arg*/) {
    return Outcome::Failure(ENOTTY);
  }
  // `buf` is the caller's pointer, read and written as the kernel would.
  virtual Outcome Read(uint64_t /*buf*/, size_t /*count*/) { return Outcome::Failure(EINVAL); }
  virtual Outcome Write(uint64_t /*buf*/, size_t /*count*/) { return Outcome::Failure(EINVAL); }
  // mmap of `length` bytes at `offset`: on success, `*hold` keeps whatever the mapping pins
  // until it is unmapped; the model backs the mapping with memory of its own. A file without
  // an mmap operation answers ENODEV.
  virtual int Mmap(size_t /*length*/, int /*prot*/, int /*flags*/, uint64_t /*offset*/,
                   std::shared_ptr<void>* /*hold*/) {
    return ENODEV;
  }
  // ret is the revents poll() would report for `events`, without waiting.
  virtual Outcome Poll(short events) {
    constexpr short kDefaultMask = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
    return Outcome::Success(kDefaultMask & (events | POLLERR | POLLHUP));
  }
};

// Where a context installs the descriptors its objects hand out. Installed files live until
// their descriptor is closed; a file that needs its context alive holds it (shared_ptr).
class FileTable {
 public:
  virtual ~FileTable() = default;
  // The new descriptor's number.
  virtual int Install(std::shared_ptr<ModelFile> file) = 0;
  // The file behind a descriptor, for calls that name another descriptor; nullptr if none.
  virtual std::shared_ptr<ModelFile> Lookup(int fd) const = 0;
  // Every open file, once each (a dup'd one is visited once).
  virtual void ForEachFile(const std::function<void(const ModelFile&)>& visit) const = 0;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_MODEL_FILE_H_
