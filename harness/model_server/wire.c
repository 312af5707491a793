#define _GNU_SOURCE
#include "harness/model_server/wire.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int IommufdModelSend(int channel, const struct IommufdModelMessage* message, int fd) {
  struct iovec iov = {(void*)message, sizeof(*message)};
  union {
    char buffer[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  struct msghdr header = {.msg_iov = &iov, .msg_iovlen = 1};
  if (fd >= 0) {
    memset(&control, 0, sizeof(control));
    header.msg_control = control.buffer;
    header.msg_controllen = sizeof(control.buffer);
    struct cmsghdr* cmsg = CMSG_FIRSTHDR(&header);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
  }
  ssize_t sent;
  do {
    sent = sendmsg(channel, &header, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) return errno == ECONNRESET ? -EPIPE : -errno;
  return 0;
}

int IommufdModelReceive(int channel, struct IommufdModelMessage* message, int* fd,
                        int cloexec) {
  *fd = -1;
  struct iovec iov = {message, sizeof(*message)};
  union {
    char buffer[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  struct msghdr header = {.msg_iov = &iov,
                          .msg_iovlen = 1,
                          .msg_control = control.buffer,
                          .msg_controllen = sizeof(control.buffer)};
  ssize_t got;
  do {
    got = recvmsg(channel, &header, cloexec ? MSG_CMSG_CLOEXEC : 0);
  } while (got < 0 && errno == EINTR);
  if (got < 0) return errno == ECONNRESET ? -EPIPE : -errno;
  for (struct cmsghdr* cmsg = CMSG_FIRSTHDR(&header); cmsg; cmsg = CMSG_NXTHDR(&header, cmsg)) {
    if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS &&
        cmsg->cmsg_len == CMSG_LEN(sizeof(int))) {
      memcpy(fd, CMSG_DATA(cmsg), sizeof(int));
    }
  }
  if (got == 0) return -EPIPE;
  if ((size_t)got != sizeof(*message) || (header.msg_flags & MSG_TRUNC)) {
    if (*fd >= 0) syscall(SYS_close, *fd);
    *fd = -1;
    return -EPROTO;
  }
  /* The message came, but the descriptor with it found no free number. */
  return (header.msg_flags & MSG_CTRUNC) ? -EMFILE : 0;
}
