#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_CALLER_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_CALLER_H_

#include <sys/types.h>

#include <memory>

namespace iommufd_conform::model {

// The process a call comes from: whose memory its user pointers name and whose descriptor
// numbers its arguments name, as `current` is for the kernel. The model usually runs inside
// its caller (Self); a model server serving other processes names the caller of each call
// (CallerScope), and areas remember the process that mapped them (Pages::owner).
class CallerProcess {
 public:
  // The process the model runs in, whatever its pid becomes after a fork.
  static std::shared_ptr<const CallerProcess> Self();
  // Another process, held by a pidfd so that a reused pid is never mistaken for it;
  // nullptr when it is already gone.
  static std::shared_ptr<const CallerProcess> Remote(pid_t pid);

  ~CallerProcess();
  CallerProcess(const CallerProcess&) = delete;
  CallerProcess& operator=(const CallerProcess&) = delete;

  bool IsSelf() const { return pidfd_ < 0; }
  // The pid to name in process_vm_* and /proc; getpid() for Self.
  pid_t pid() const;
  // False once the process has exited: its memory can no longer be read or pinned.
  bool Alive() const;
  // Whether both name the same process.
  bool SameProcess(const CallerProcess& other) const;
  // A close-on-exec copy, in this process, of the caller's descriptor `fd`; -1 with errno
  // set (EBADF when the caller has no such descriptor).
  int CopyDescriptor(int fd) const;
  // Whether the caller has an open descriptor `fd`, of whatever file.
  bool HasDescriptor(int fd) const;

 private:
  CallerProcess(pid_t pid, int pidfd) : pid_(pid), pidfd_(pidfd) {}

  pid_t pid_;
  int pidfd_;  // -1 for Self
};

// The caller of the call running on this thread: Self unless a CallerScope names another.
const std::shared_ptr<const CallerProcess>& CurrentCaller();

// Names the caller for the calls made while it lives on this thread.
class CallerScope {
 public:
  explicit CallerScope(std::shared_ptr<const CallerProcess> caller);
  ~CallerScope();
  CallerScope(const CallerScope&) = delete;
  CallerScope& operator=(const CallerScope&) = delete;

 private:
  std::shared_ptr<const CallerProcess> previous_;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_CALLER_H_
