// The reference model serving /dev/iommu inside an interposed process. Every model file
// holds a real descriptor (on /dev/null) so its number is the process's own and no other
// open() can be handed the same number while the model uses it.
#include "harness/preload/model_host.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <variant>

#include "harness/preload/preload_config.h"
#include "reference/model/model.h"
#include "reference/model/user_memory.h"

namespace iommufd_conform {
namespace {

// Raw syscalls: the shim interposes the libc functions, and the model's own descriptors
// must not go through it.
int ReserveDescriptor(int open_flags) {
  int flags = O_RDWR | (open_flags & (O_CLOEXEC | O_NONBLOCK));
  return static_cast<int>(syscall(SYS_openat, AT_FDCWD, "/dev/null", flags));
}

void ReleaseDescriptor(int fd) { syscall(SYS_close, fd); }

// Descriptors the model hands out from ioctls are close-on-exec, as anon inodes are.
thread_local int open_flags = O_CLOEXEC;

struct Host {
  std::recursive_mutex mutex;
  std::atomic<bool> active{false};
  model::Model* model = nullptr;  // never destroyed: calls may come during exit
  bool config_failed = false;
};

Host& TheHost() {
  static Host* host = new Host;
  return *host;
}

// The model, made on first use under the lock; nullptr if the environment is bad.
model::Model* ModelLocked(Host& host) {
  if (host.model || host.config_failed) return host.model;
  auto config = PreloadConfigFromEnv([](const char* name) -> const char* {
    return std::getenv(name);
  });
  if (auto* message = std::get_if<std::string>(&config)) {
    std::fprintf(stderr, "libiommufd-model-preload: %s\n", message->c_str());
    host.config_failed = true;
    return nullptr;
  }
  // The interposed program may install signal handlers of its own, so the model's fault
  // guard is checked before each copy (and process_vm_* used while it is not in place).
  model::UserMemory::SetGuard(model::UserMemory::Guard::kShared);
  host.model = new model::Model(std::get<model::ModelConfig>(config),
                                [] { return ReserveDescriptor(open_flags); });
  return host.model;
}

long Result(const Outcome& outcome) { return outcome.ok() ? outcome.ret : -outcome.error; }

uint64_t Address(const void* pointer) { return reinterpret_cast<uintptr_t>(pointer); }

}  // namespace
}  // namespace iommufd_conform

using iommufd_conform::Address;
using iommufd_conform::Host;
using iommufd_conform::Outcome;
using iommufd_conform::Result;
using iommufd_conform::TheHost;

extern "C" {

int iommufd_model_active(void) { return TheHost().active.load(std::memory_order_acquire); }

int iommufd_model_owns(int fd) {
  Host& host = TheHost();
  if (!host.active.load(std::memory_order_acquire)) return 0;
  std::lock_guard lock(host.mutex);
  return host.model->Owns(fd);
}

int iommufd_model_open(int flags) {
  Host& host = TheHost();
  std::lock_guard lock(host.mutex);
  auto* model = iommufd_conform::ModelLocked(host);
  if (!model) return -EINVAL;
  iommufd_conform::open_flags = flags;
  Outcome outcome = model->OpenIommufd();
  iommufd_conform::open_flags = O_CLOEXEC;
  int fd = static_cast<int>(outcome.ret);
  if (fd < 0) {
    // No descriptor was free to reserve: the model's entry under -1 goes again.
    (void)model->Close(fd);
    return -EMFILE;
  }
  host.active.store(true, std::memory_order_release);
  return fd;
}

long iommufd_model_ioctl(int fd, unsigned long request, void* arg) {
  Host& host = TheHost();
  std::lock_guard lock(host.mutex);
  return Result(host.model->Ioctl(fd, request, Address(arg)));
}

long iommufd_model_read(int fd, void* buf, size_t count) {
  Host& host = TheHost();
  std::lock_guard lock(host.mutex);
  return Result(host.model->Read(fd, Address(buf), count));
}

long iommufd_model_write(int fd, const void* buf, size_t count) {
  Host& host = TheHost();
  std::lock_guard lock(host.mutex);
  return Result(host.model->Write(fd, Address(buf), count));
}

short iommufd_model_poll(int fd, short events) {
  Host& host = TheHost();
  std::lock_guard lock(host.mutex);
  return static_cast<short>(host.model->Poll(fd, events).ret);
}

int iommufd_model_mmap_error(int, int prot, int flags) {
  Host& host = TheHost();
  std::lock_guard lock(host.mutex);
  if (!host.model->config().kernel.file_mmap) return ENODEV;
  if (!(flags & MAP_SHARED)) return EINVAL;
  if (prot & PROT_EXEC) return EPERM;
  return ENXIO;
}

int iommufd_model_close(int fd) {
  Host& host = TheHost();
  std::lock_guard lock(host.mutex);
  Outcome outcome = host.model->Close(fd);
  if (outcome.ok()) iommufd_conform::ReleaseDescriptor(fd);
  return static_cast<int>(Result(outcome));
}

void iommufd_model_dup(int fd, int new_fd) {
  Host& host = TheHost();
  std::lock_guard lock(host.mutex);
  (void)host.model->Dup(fd, new_fd);
}

void iommufd_model_forget(int fd) {
  Host& host = TheHost();
  std::lock_guard lock(host.mutex);
  (void)host.model->Close(fd);
}

}  // extern "C"
