#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_IOMMUFD_SESSION_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_IOMMUFD_SESSION_H_

#include <cstdint>
#include <span>
#include <vector>

#include "harness/backend/backend.h"
#include "reference/uapi/iommufd.h"

namespace iommufd_conform {

// One open iommufd on a backend, with a typed call per ioctl. Every call returns the raw
// Outcome; deciding what is right is the test's job.
class IommufdSession {
 public:
  explicit IommufdSession(Backend& backend);
  ~IommufdSession();
  IommufdSession(const IommufdSession&) = delete;
  IommufdSession& operator=(const IommufdSession&) = delete;

  // The outcome of opening the fd; the other calls are meaningless unless it succeeded.
  const Outcome& open_outcome() const { return open_outcome_; }
  int fd() const { return fd_; }
  Backend& backend() { return backend_; }

  Outcome Destroy(uint32_t id);
  Outcome IoasAlloc(uint32_t flags = 0);
  Outcome IoasMap(uint32_t ioas_id, const void* user_va, uint64_t length, uint64_t iova,
                  uint32_t flags);
  Outcome IoasUnmap(uint32_t ioas_id, uint64_t iova, uint64_t length);
  Outcome IoasCopy(uint32_t dst_ioas_id, uint32_t src_ioas_id, uint64_t src_iova,
                   uint64_t length, uint64_t dst_iova, uint32_t flags);
  // Fills `ranges` as far as it goes; the outcome's struct says how many exist.
  Outcome IoasIovaRanges(uint32_t ioas_id, std::span<uapi::IommuIovaRange> ranges);
  Outcome IoasAllowIovas(uint32_t ioas_id, std::span<const uapi::IommuIovaRange> ranges);
  Outcome Option(uint32_t option_id, uint16_t op, uint32_t object_id, uint64_t val64);
  // IOMMU_FAULT_QUEUE_ALLOC: out_fault_id and out_fault_fd, a descriptor of this backend.
  Outcome FaultQueueAlloc(uint32_t flags = 0);

  // IOMMU_TEST_OP_MD_CHECK_REFS (selftest driver): whether every page of
  // [uptr, uptr + length) is pinned exactly `refs` times.
  Outcome CheckRefs(const void* uptr, uint64_t length, uint32_t refs);

  // Calls on descriptors the context handed out (fault queues, ...).
  Outcome Read(int fd, void* buf, size_t count) { return backend_.Read(fd, buf, count); }
  Outcome Write(int fd, const void* buf, size_t count) { return backend_.Write(fd, buf, count); }
  // ret is the descriptor's revents for `events`, without waiting.
  Outcome Poll(int fd, short events) { return backend_.Poll(fd, events); }
  Outcome Close(int fd) { return backend_.Close(fd); }

  // Any ioctl with caller-built bytes: for malformed sizes, flags and trailing bytes.
  Outcome Raw(unsigned long request, void* arg, size_t arg_size);

 private:
  template <typename T>
  Outcome Call(unsigned long request, T& arg) {
    arg.size = sizeof(T);
    return backend_.Ioctl(fd_, request, &arg, sizeof(T));
  }

  Backend& backend_;
  Outcome open_outcome_;
  int fd_ = -1;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_IOMMUFD_SESSION_H_
