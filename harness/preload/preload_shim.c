/* The libc entry points an iommufd program uses, interposed with LD_PRELOAD: "/dev/iommu"
 * opens a model file, and ioctl, read, write, poll and mmap of model files go to the model
 * server. Everything else reaches the next definition (libc) unchanged: a model file's
 * descriptor is a real one, so close, dup and fcntl need nothing of the model. Written in C
 * so the definitions match the system headers' declarations exactly. */
#define _GNU_SOURCE
#undef _FORTIFY_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness/preload/model_client.h"

#define EXPORT __attribute__((visibility("default")))

/* The next definition of `name`, looked up once. */
#define REAL(name, ret, params)  \
  static ret(*real_##name) params; \
  if (!real_##name) real_##name = (ret(*) params)dlsym(RTLD_NEXT, #name)

static int IsIommu(const char* path) { return path && strcmp(path, "/dev/iommu") == 0; }

static int Owned(int fd) { return iommufd_model_owns(fd); }

/* A -errno result as libc reports it. */
static long Report(long result) {
  if (result < 0) {
    errno = (int)-result;
    return -1;
  }
  return result;
}

static int OpenModel(int flags) { return (int)Report(iommufd_model_open(flags)); }

/* open() and friends take a mode only when they may create a file. */
#define MODE_ARG(flags, mode)                    \
  mode_t mode = 0;                               \
  if ((flags) & (O_CREAT | __O_TMPFILE)) {       \
    va_list ap;                                  \
    va_start(ap, flags);                         \
    mode = (mode_t)va_arg(ap, int);              \
    va_end(ap);                                  \
  }

EXPORT int open(const char* path, int flags, ...) {
  MODE_ARG(flags, mode);
  if (IsIommu(path)) return OpenModel(flags);
  REAL(open, int, (const char*, int, ...));
  return real_open(path, flags, mode);
}

EXPORT int open64(const char* path, int flags, ...) {
  MODE_ARG(flags, mode);
  if (IsIommu(path)) return OpenModel(flags);
  REAL(open64, int, (const char*, int, ...));
  return real_open64(path, flags, mode);
}

/* An absolute path ignores dirfd, as openat() does. */
EXPORT int openat(int dirfd, const char* path, int flags, ...) {
  MODE_ARG(flags, mode);
  if (IsIommu(path)) return OpenModel(flags);
  REAL(openat, int, (int, const char*, int, ...));
  return real_openat(dirfd, path, flags, mode);
}

EXPORT int openat64(int dirfd, const char* path, int flags, ...) {
  MODE_ARG(flags, mode);
  if (IsIommu(path)) return OpenModel(flags);
  REAL(openat64, int, (int, const char*, int, ...));
  return real_openat64(dirfd, path, flags, mode);
}

/* _FORTIFY_SOURCE builds call these for opens without a mode argument. */
EXPORT int __open_2(const char* path, int flags) {
  if (IsIommu(path)) return OpenModel(flags);
  REAL(__open_2, int, (const char*, int));
  return real___open_2(path, flags);
}

EXPORT int __open64_2(const char* path, int flags) {
  if (IsIommu(path)) return OpenModel(flags);
  REAL(__open64_2, int, (const char*, int));
  return real___open64_2(path, flags);
}

EXPORT int __openat_2(int dirfd, const char* path, int flags) {
  if (IsIommu(path)) return OpenModel(flags);
  REAL(__openat_2, int, (int, const char*, int));
  return real___openat_2(dirfd, path, flags);
}

EXPORT int __openat64_2(int dirfd, const char* path, int flags) {
  if (IsIommu(path)) return OpenModel(flags);
  REAL(__openat64_2, int, (int, const char*, int));
  return real___openat64_2(dirfd, path, flags);
}

EXPORT int ioctl(int fd, unsigned long request, ...) {
  va_list ap;
  va_start(ap, request);
  void* arg = va_arg(ap, void*);
  va_end(ap);
  if (Owned(fd)) return (int)Report(iommufd_model_ioctl(fd, request, arg));
  REAL(ioctl, int, (int, unsigned long, ...));
  return real_ioctl(fd, request, arg);
}

EXPORT ssize_t read(int fd, void* buf, size_t count) {
  if (Owned(fd)) return Report(iommufd_model_read(fd, buf, count));
  REAL(read, ssize_t, (int, void*, size_t));
  return real_read(fd, buf, count);
}

EXPORT ssize_t __read_chk(int fd, void* buf, size_t count, size_t buflen) {
  if (Owned(fd)) {
    if (count > buflen) abort(); /* what __chk_fail does, minus the message */
    return Report(iommufd_model_read(fd, buf, count));
  }
  REAL(__read_chk, ssize_t, (int, void*, size_t, size_t));
  return real___read_chk(fd, buf, count, buflen);
}

EXPORT ssize_t write(int fd, const void* buf, size_t count) {
  if (Owned(fd)) return Report(iommufd_model_write(fd, buf, count));
  REAL(write, ssize_t, (int, const void*, size_t));
  return real_write(fd, buf, count);
}

/* A model file received from a process that is not of this program's family makes this
 * process one that may hold model files. */
EXPORT ssize_t recvmsg(int fd, struct msghdr* message, int flags) {
  REAL(recvmsg, ssize_t, (int, struct msghdr*, int));
  ssize_t result = real_recvmsg(fd, message, flags);
  if (result < 0 || iommufd_model_active()) return result;
  for (struct cmsghdr* cmsg = CMSG_FIRSTHDR(message); cmsg; cmsg = CMSG_NXTHDR(message, cmsg)) {
    if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS) continue;
    size_t count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < count; ++i) {
      int received;
      memcpy(&received, CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
      if (iommufd_model_is_file(received)) iommufd_model_set_active();
    }
  }
  return result;
}

/* A copy of `fds` in which the model's entries are hidden from the kernel (fd -1) and their
 * revents already known; returns how many of those are ready, or -1 without memory. */
static long SplitPollSet(const struct pollfd* fds, nfds_t count, struct pollfd** kernel_set,
                         short** model_revents) {
  *kernel_set = malloc(count * sizeof(**kernel_set) + 1);
  *model_revents = calloc(count + 1, sizeof(**model_revents));
  if (!*kernel_set || !*model_revents) {
    free(*kernel_set);
    free(*model_revents);
    return -1;
  }
  long ready = 0;
  for (nfds_t i = 0; i < count; ++i) {
    (*kernel_set)[i] = fds[i];
    if (Owned(fds[i].fd)) {
      (*kernel_set)[i].fd = -1;
      (*model_revents)[i] = iommufd_model_poll(fds[i].fd, fds[i].events);
      /* -1 marks "the model's" even when nothing is ready. */
      if ((*model_revents)[i]) ++ready;
      else (*model_revents)[i] = -1;
    }
  }
  return ready;
}

/* Merges the kernel's answer for the other descriptors; returns poll()'s count. */
static int MergePollSet(struct pollfd* fds, nfds_t count, struct pollfd* kernel_set,
                        short* model_revents) {
  int ready = 0;
  for (nfds_t i = 0; i < count; ++i) {
    if (model_revents[i]) {
      fds[i].revents = model_revents[i] == -1 ? 0 : model_revents[i];
    } else {
      fds[i].revents = kernel_set[i].revents;
    }
    if (fds[i].revents) ++ready;
  }
  free(kernel_set);
  free(model_revents);
  return ready;
}

static int AnyOwned(const struct pollfd* fds, nfds_t count) {
  if (!iommufd_model_active()) return 0;
  for (nfds_t i = 0; i < count; ++i) {
    if (Owned(fds[i].fd)) return 1;
  }
  return 0;
}

/* The model's files change only through calls, so a set with none of them ready waits on
 * the others alone; one with some ready does not wait at all. */
EXPORT int poll(struct pollfd* fds, nfds_t count, int timeout) {
  REAL(poll, int, (struct pollfd*, nfds_t, int));
  if (!AnyOwned(fds, count)) return real_poll(fds, count, timeout);
  struct pollfd* kernel_set;
  short* model_revents;
  long model_ready = SplitPollSet(fds, count, &kernel_set, &model_revents);
  if (model_ready < 0) {
    errno = ENOMEM;
    return -1;
  }
  int result = real_poll(kernel_set, count, model_ready ? 0 : timeout);
  if (result < 0) {
    int saved = errno;
    free(kernel_set);
    free(model_revents);
    errno = saved;
    return result;
  }
  return MergePollSet(fds, count, kernel_set, model_revents);
}

EXPORT int ppoll(struct pollfd* fds, nfds_t count, const struct timespec* timeout,
                 const sigset_t* sigmask) {
  REAL(ppoll, int, (struct pollfd*, nfds_t, const struct timespec*, const sigset_t*));
  if (!AnyOwned(fds, count)) return real_ppoll(fds, count, timeout, sigmask);
  struct pollfd* kernel_set;
  short* model_revents;
  long model_ready = SplitPollSet(fds, count, &kernel_set, &model_revents);
  if (model_ready < 0) {
    errno = ENOMEM;
    return -1;
  }
  static const struct timespec kNoWait = {0, 0};
  int result = real_ppoll(kernel_set, count, model_ready ? &kNoWait : timeout, sigmask);
  if (result < 0) {
    int saved = errno;
    free(kernel_set);
    free(model_revents);
    errno = saved;
    return result;
  }
  return MergePollSet(fds, count, kernel_set, model_revents);
}

EXPORT int __poll_chk(struct pollfd* fds, nfds_t count, int timeout, size_t fds_length) {
  if (fds_length / sizeof(*fds) < count) abort();
  return poll(fds, count, timeout);
}

EXPORT int __ppoll_chk(struct pollfd* fds, nfds_t count, const struct timespec* timeout,
                       const sigset_t* sigmask, size_t fds_length) {
  if (fds_length / sizeof(*fds) < count) abort();
  return ppoll(fds, count, timeout, sigmask);
}

/* The model has nothing to map yet: mapping a model descriptor fails as the kernel's would
 * where nothing was handed out. */
EXPORT void* mmap(void* address, size_t length, int prot, int flags, int fd, off_t offset) {
  if (!(flags & MAP_ANONYMOUS) && Owned(fd)) {
    errno = iommufd_model_mmap_error(fd, prot, flags);
    return MAP_FAILED;
  }
  REAL(mmap, void*, (void*, size_t, int, int, int, off_t));
  return real_mmap(address, length, prot, flags, fd, offset);
}

EXPORT void* mmap64(void* address, size_t length, int prot, int flags, int fd,
                    off64_t offset) {
  if (!(flags & MAP_ANONYMOUS) && Owned(fd)) {
    errno = iommufd_model_mmap_error(fd, prot, flags);
    return MAP_FAILED;
  }
  REAL(mmap64, void*, (void*, size_t, int, int, int, off64_t));
  return real_mmap64(address, length, prot, flags, fd, offset);
}
