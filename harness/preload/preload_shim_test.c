/* The interposer's less common entry points, run under LD_PRELOAD by CTest: the fortified
 * forms (__open_2, __read_chk, __poll_chk, ...), ppoll, dup3 and running out of descriptors.
 * What each must answer is what the same call gives on /dev/iommu of a 7.2 kernel (see
 * examples/mock_client.kernel-7.2.txt for the plain forms). Prints "N passed, M failed". */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "harness/preload/c_expect.h"

int __open_2(const char* path, int flags);
int __openat_2(int dirfd, const char* path, int flags);
ssize_t __read_chk(int fd, void* buf, size_t count, size_t buflen);
int __poll_chk(struct pollfd* fds, nfds_t count, int timeout, size_t fds_length);


/* IOMMU_IOAS_ALLOC on `fd`: whether it reached a live context. */
static int IoasAllocWorks(int fd) {
  struct {
    unsigned size, flags, out_ioas_id;
  } cmd = {sizeof(cmd), 0, 0};
  return ioctl(fd, _IO(';', 0x81), &cmd) == 0 && cmd.out_ioas_id != 0;
}

int main(void) {
  int fd = __open_2("/dev/iommu", O_RDWR);
  Expect("__open_2 opens a context", fd >= 0 && IoasAllocWorks(fd));
  int at = __openat_2(AT_FDCWD, "/dev/iommu", O_RDWR | O_CLOEXEC);
  Expect("__openat_2 opens another context", at >= 0 && at != fd && IoasAllocWorks(at));

  char byte;
  errno = 0;
  Expect("__read_chk reads like read: EINVAL", __read_chk(fd, &byte, 1, 1) == -1 &&
                                                   errno == EINVAL);

  struct pollfd set = {.fd = fd, .events = POLLIN};
  Expect("__poll_chk reports POLLIN", __poll_chk(&set, 1, 0, sizeof(set)) == 1 &&
                                          set.revents == POLLIN);
  struct timespec no_wait = {0, 0};
  set.revents = 0;
  Expect("ppoll reports POLLIN", ppoll(&set, 1, &no_wait, NULL) == 1 && set.revents == POLLIN);
  /* A model descriptor that is ready must not make poll wait on the others. */
  int pipe_fds[2];
  Expect("pipe", pipe(pipe_fds) == 0);
  struct pollfd mixed[2] = {{.fd = pipe_fds[0], .events = POLLIN}, {.fd = fd, .events = POLLIN}};
  Expect("poll returns at once when a model file is ready",
         poll(mixed, 2, 60000) == 1 && mixed[0].revents == 0 && mixed[1].revents == POLLIN);

  int target = at + 10;
  Expect("dup3 onto a free number", dup3(fd, target, O_CLOEXEC) == target &&
                                        IoasAllocWorks(target));
  Expect("close of the dup3 copy", close(target) == 0);
  errno = 0;
  Expect("closed copy is EBADF", !IoasAllocWorks(target) && errno == EBADF);
  Expect("original still works", IoasAllocWorks(fd));

  /* Out of descriptors: the open fails with EMFILE, as the kernel's would. */
  struct rlimit limit;
  getrlimit(RLIMIT_NOFILE, &limit);
  struct rlimit low = {at + 20, limit.rlim_max};
  setrlimit(RLIMIT_NOFILE, &low);
  int opened = 0, last = 0;
  for (int i = 0; i < 64; ++i) {
    last = open("/dev/iommu", O_RDWR);
    if (last < 0) break;
    ++opened;
  }
  Expect("running out of descriptors is EMFILE", last == -1 && errno == EMFILE && opened > 0);

  return ExpectSummary();
}
