#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_USER_MEMORY_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_USER_MEMORY_H_

#include <cstddef>
#include <cstdint>

namespace iommufd_conform::model {

// The caller's memory, as the kernel sees it through copy_from_user: a bad address is an
// EFAULT, never a crash. The model runs in the caller's process, so "user" memory is ours.
//
// Copies go page by page, in order, and stop at the first page that cannot be read or
// written: what lies before it is copied, nothing from it on (as process_vm_readv/writev).
// They run as plain loads and stores under a SIGSEGV/SIGBUS guard; faults that are not a
// guarded copy's go on to whatever handler was installed before.
class UserMemory {
 public:
  // How copies are made safe.
  enum class Guard {
    // The fault guard, installed once and trusted to stay (the suites, fuzzers, backends).
    kOwned,
    // The fault guard, but checked before each copy to still be the installed handler,
    // with the faults not blocked, and process_vm_* used when it is not: for processes
    // whose own code may install handlers or block signals (the LD_PRELOAD interposer).
    // Three system calls per copy, still cheaper than process_vm_*.
    kShared,
    // process_vm_readv/writev only.
    kOff,
  };
  // For the whole process; kOwned unless set.
  static void SetGuard(Guard guard);

  // 0 on success, EFAULT if any byte is not readable / writable.
  static int CopyFrom(void* dst, uint64_t user_address, size_t length);
  // As much of the range as can be read, in one call: how many bytes (0 to `length`) were
  // copied. For reading ahead of what the kernel would read; callers fall back to CopyFrom.
  static size_t CopyFromPrefix(void* dst, uint64_t user_address, size_t length);
  static int CopyTo(uint64_t user_address, const void* src, size_t length);
  // access_ok: whether [address, address + length) lies below the end of the user address
  // space. A copy the kernel starts with it fails with EFAULT at once when it does not,
  // whatever the bytes before the end would have said.
  static bool AccessOk(uint64_t address, uint64_t length);
  // Whether every page of [address, address+length) is mapped in this process.
  static bool IsMapped(uint64_t address, uint64_t length);

  // While one with `drop` set lives on this thread, CopyTo stores nothing and reports
  // success: ModelFault::kWritesNothing, a model that never answers through memory.
  class DroppedWrites {
   public:
    explicit DroppedWrites(bool drop);
    ~DroppedWrites();
    DroppedWrites(const DroppedWrites&) = delete;
    DroppedWrites& operator=(const DroppedWrites&) = delete;

   private:
    bool previous_;
  };
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_USER_MEMORY_H_
