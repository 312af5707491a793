/* One model file per open file: run under LD_PRELOAD by CTest. Every descriptor of a model
 * file, however it was made (dup, fork, SCM_RIGHTS, exec), must name the same file, and the
 * file must go away only when the last one is closed. Each check fails when processes get
 * copies of the model instead: an object made through one descriptor is looked up through
 * another. Prints "N passed, M failed".
 *
 * usage: preload_sharing_test            the checks
 *        preload_sharing_test exec FD ID   (internal) exec'd child: destroys ID through FD */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/preload/c_expect.h"

#define IOMMU_DESTROY _IO(';', 0x80)
#define IOMMU_IOAS_ALLOC _IO(';', 0x81)
#define IOMMU_IOAS_MAP _IO(';', 0x85)
#define IOMMU_FAULT_QUEUE_ALLOC _IO(';', 0x8e)
#define IOMMU_TEST_CMD _IO(';', 0xa0)
#define IOMMU_TEST_OP_MOCK_DOMAIN 2
#define IOMMU_TEST_OP_MD_CHECK_MAP 3
#define IOMMU_TEST_OP_MD_CHECK_REFS 4
#define kIova (1ull << 24) /* the mock aperture's start */

struct TestCmd {
  uint32_t size, op, id, reserved;
  union {
    struct {
      uint32_t out_stdev_id, out_hwpt_id, out_idev_id;
    } mock_domain;
    struct {
      uint64_t iova, length, uptr;
    } check_map;
    struct {
      uint64_t length, uptr;
      uint32_t refs;
    } check_refs;
    uint64_t pad[6];
  };
  uint32_t last;
};


static uint32_t IoasAlloc(int fd) {
  struct {
    uint32_t size, flags, out_ioas_id;
  } cmd = {sizeof(cmd), 0, 0};
  return ioctl(fd, IOMMU_IOAS_ALLOC, &cmd) == 0 ? cmd.out_ioas_id : 0;
}

static int Destroy(int fd, uint32_t id) {
  struct {
    uint32_t size, id;
  } cmd = {sizeof(cmd), id};
  return ioctl(fd, IOMMU_DESTROY, &cmd);
}

static int Map(int fd, uint32_t ioas, void* buffer, uint64_t length) {
  struct {
    uint32_t size, flags, ioas_id, reserved;
    uint64_t user_va, length, iova;
  } cmd = {sizeof(cmd), 7 /* fixed IOVA, readable, writeable */, ioas, 0, (uintptr_t)buffer,
           length, kIova};
  return ioctl(fd, IOMMU_IOAS_MAP, &cmd);
}

/* The mock domain's HWPT, 0 on failure. */
static uint32_t MockDomain(int fd, uint32_t ioas) {
  struct TestCmd cmd = {.size = sizeof(cmd), .op = IOMMU_TEST_OP_MOCK_DOMAIN, .id = ioas};
  return ioctl(fd, IOMMU_TEST_CMD, &cmd) == 0 ? cmd.mock_domain.out_hwpt_id : 0;
}

static int CheckMap(int fd, uint32_t hwpt, void* buffer, uint64_t length) {
  struct TestCmd cmd = {.size = sizeof(cmd), .op = IOMMU_TEST_OP_MD_CHECK_MAP, .id = hwpt};
  cmd.check_map.iova = kIova;
  cmd.check_map.length = length;
  cmd.check_map.uptr = (uintptr_t)buffer;
  return ioctl(fd, IOMMU_TEST_CMD, &cmd);
}

static int CheckRefs(int fd, void* buffer, uint64_t length, uint32_t refs) {
  struct TestCmd cmd = {.size = sizeof(cmd), .op = IOMMU_TEST_OP_MD_CHECK_REFS};
  cmd.check_refs.length = length;
  cmd.check_refs.uptr = (uintptr_t)buffer;
  cmd.check_refs.refs = refs;
  return ioctl(fd, IOMMU_TEST_CMD, &cmd);
}

static int SendFd(int socket_fd, int fd) {
  char byte = 0;
  struct iovec iov = {&byte, 1};
  union {
    char buffer[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  memset(&control, 0, sizeof(control));
  struct msghdr header = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buffer,
                          .msg_controllen = sizeof(control.buffer)};
  struct cmsghdr* cmsg = CMSG_FIRSTHDR(&header);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
  return sendmsg(socket_fd, &header, 0) == 1 ? 0 : -1;
}

static int ReceiveFd(int socket_fd) {
  char byte;
  struct iovec iov = {&byte, 1};
  union {
    char buffer[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  struct msghdr header = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buffer,
                          .msg_controllen = sizeof(control.buffer)};
  if (recvmsg(socket_fd, &header, 0) != 1) return -1;
  struct cmsghdr* cmsg = CMSG_FIRSTHDR(&header);
  int fd = -1;
  if (cmsg && cmsg->cmsg_type == SCM_RIGHTS) memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
  return fd;
}

/* Runs `child` in a forked process; its exit status (0 when all its checks held). */
static int InChild(int (*child)(void*), void* arg) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(child(arg));
  int status = -1;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

static void DupShares(void) {
  int fd = open("/dev/iommu", O_RDWR);
  int copy = dup(fd);
  uint32_t ioas = IoasAlloc(copy);
  Expect("dup: an IOAS made through the copy", ioas != 0);
  int other = open("/dev/iommu", O_RDWR);
  Expect("another open is another file", Destroy(other, ioas) == -1 && errno == ENOENT);
  Expect("close of the copy", close(copy) == 0);
  Expect("dup: the original sees the copy's IOAS", Destroy(fd, ioas) == 0);
  close(other);
  close(fd);
}

struct Shared {
  int fd;
  uint32_t id;
};

static int AllocInChild(void* arg) {
  struct Shared* shared = arg;
  shared->id = IoasAlloc(shared->fd);
  /* Told to the parent through the exit status. */
  return (int)shared->id;
}

static void ForkShares(void) {
  int fd = open("/dev/iommu", O_RDWR);
  uint32_t first = IoasAlloc(fd);
  struct Shared shared = {fd, 0};
  int child_id = InChild(AllocInChild, &shared);
  Expect("fork: the child's IOAS comes after the parent's", child_id == (int)first + 1);
  Expect("fork: the parent destroys the child's IOAS", Destroy(fd, (uint32_t)child_id) == 0);
  Expect("fork: the parent's next IOAS comes after the child's",
         IoasAlloc(fd) == (uint32_t)child_id);
  close(fd);
}

static int ReceiveAndAlloc(void* arg) {
  int socket_fd = *(int*)arg;
  int fd = ReceiveFd(socket_fd);
  if (fd < 0) return 101;
  uint32_t id = IoasAlloc(fd);
  close(fd);
  return (int)id;
}

static void ScmRightsShares(void) {
  int pair[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
  /* Sent after the fork: the child has only what arrives over the socket. */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(ReceiveAndAlloc(&pair[1]));
  int fd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
  uint32_t first = IoasAlloc(fd);
  Expect("SCM_RIGHTS: send", SendFd(pair[0], fd) == 0);
  int status = -1;
  waitpid(pid, &status, 0);
  uint32_t child_id = WIFEXITED(status) ? (uint32_t)WEXITSTATUS(status) : 0;
  Expect("SCM_RIGHTS: the receiver's IOAS is in the sender's file", child_id == first + 1 &&
                                                                         Destroy(fd, child_id) == 0);
  close(fd);
  close(pair[0]);
  close(pair[1]);
}

static int CloseAndExit(void* arg) {
  return close(*(int*)arg) == 0 ? 0 : 1;
}

static int HoldThenCheck(void* arg) {
  struct Shared* shared = arg;
  /* The parent has closed its descriptors: this one keeps the file. */
  return Destroy(shared->fd, shared->id) == 0 ? 0 : 1;
}

/* A file lives while any process holds it, and its pinned pages go with its last close. */
static void LastCloseReleases(void) {
  const size_t length = 16384;
  char* buffer = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(buffer, 1, length);
  int fd = open("/dev/iommu", O_RDWR);
  uint32_t ioas = IoasAlloc(fd);
  Expect("map", Map(fd, ioas, buffer, length) == 0);
  Expect("mock domain pins the pages", MockDomain(fd, ioas) != 0 &&
                                            CheckRefs(fd, buffer, length, 1) == 0);
  Expect("a child closing its copy leaves the file", InChild(CloseAndExit, &fd) == 0 &&
                                                         CheckRefs(fd, buffer, length, 1) == 0);
  int watcher = open("/dev/iommu", O_RDWR);
  Expect("close of the last descriptor", close(fd) == 0);
  Expect("the last close unpins the pages", CheckRefs(watcher, buffer, length, 0) == 0);

  /* Now the last holder is a child. */
  int pair[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
  fd = open("/dev/iommu", O_RDWR);
  ioas = IoasAlloc(fd);
  Map(fd, ioas, buffer, length);
  MockDomain(fd, ioas);
  struct Shared shared = {fd, 0};
  uint32_t spare = IoasAlloc(fd);
  shared.id = spare;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char byte;
    if (read(pair[1], &byte, 1) != 1) _exit(2);
    _exit(HoldThenCheck(&shared));
  }
  close(fd);
  Expect("a child's descriptor keeps the file (pages pinned)",
         CheckRefs(watcher, buffer, length, 1) == 0);
  Expect("wake the child", write(pair[0], "x", 1) == 1);
  int status = -1;
  waitpid(pid, &status, 0);
  Expect("the child still reached the file", WIFEXITED(status) && WEXITSTATUS(status) == 0);
  Expect("the child's exit released the file", CheckRefs(watcher, buffer, length, 0) == 0);
  close(watcher);
  close(pair[0]);
  close(pair[1]);
  munmap(buffer, length);
}

/* A descriptor without O_CLOEXEC crosses exec and still names the file; one with it does
 * not cross. */
static void ExecShares(const char* self) {
  int fd = open("/dev/iommu", O_RDWR);
  int cloexec = open("/dev/iommu", O_RDWR | O_CLOEXEC);
  uint32_t ioas = IoasAlloc(fd);
  char fd_text[16], cloexec_text[16], id_text[16];
  snprintf(fd_text, sizeof(fd_text), "%d", fd);
  snprintf(cloexec_text, sizeof(cloexec_text), "%d", cloexec);
  snprintf(id_text, sizeof(id_text), "%u", ioas);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    execl(self, self, "exec", fd_text, id_text, cloexec_text, (char*)NULL);
    _exit(127);
  }
  int status = -1;
  waitpid(pid, &status, 0);
  Expect("exec: the new program destroyed the IOAS through the inherited descriptor",
         WIFEXITED(status) && WEXITSTATUS(status) == 0 && Destroy(fd, ioas) == -1 &&
             errno == ENOENT);
  close(fd);
  close(cloexec);
}

static int ExecChild(int fd, uint32_t id, int cloexec) {
  if (fcntl(cloexec, F_GETFD) != -1) return 3;  /* O_CLOEXEC did not close it */
  return Destroy(fd, id) == 0 ? 0 : 4;
}

/* Memory behind an area is the mapping process's: a domain filled later by another process
 * holds the mapper's pages, and once the mapper has exited they cannot be pinned. */
static int MapAndExit(void* arg) {
  struct Shared* shared = arg;
  char* own = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(own, 2, 8192);
  return Map(shared->fd, shared->id, own, 8192) == 0 ? 0 : 1;
}

static void MemoryIsTheMappers(void) {
  const size_t length = 8192;
  char* buffer = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  int fd = open("/dev/iommu", O_RDWR);
  uint32_t ioas = IoasAlloc(fd);
  struct Shared shared = {fd, ioas};
  Expect("a child maps its memory", InChild(MapAndExit, &shared) == 0);
  /* The child has exited: its pages are gone. */
  errno = 0;
  Expect("attaching to the gone child's memory is EFAULT", MockDomain(fd, ioas) == 0 &&
                                                                errno == EFAULT);
  uint32_t mine = IoasAlloc(fd);
  memset(buffer, 3, length);
  Map(fd, mine, buffer, length);
  uint32_t hwpt = MockDomain(fd, mine);
  Expect("the domain holds the mapper's pages", hwpt && CheckMap(fd, hwpt, buffer, length) == 0);
  close(fd);
  munmap(buffer, length);
}

/* A file the model hands out (a fault queue) is installed in the calling process and shared
 * like the iommufd. */
static int ReadFaultQueue(void* arg) {
  char byte;
  errno = 0;
  /* Not a whole record: ESPIPE from the model; a plain socket would block. */
  return read(*(int*)arg, &byte, 1) == -1 && errno == ESPIPE ? 0 : 1;
}

static void HandedOutFiles(void) {
  int fd = open("/dev/iommu", O_RDWR);
  struct {
    uint32_t size, flags, out_fault_id, out_fault_fd;
  } cmd = {sizeof(cmd), 0, 0, 0};
  Expect("fault queue alloc", ioctl(fd, IOMMU_FAULT_QUEUE_ALLOC, &cmd) == 0);
  int fault_fd = (int)cmd.out_fault_fd;
  Expect("the fault queue's descriptor is the caller's, close-on-exec",
         fcntl(fault_fd, F_GETFD) == FD_CLOEXEC);
  Expect("its read goes to the model, also from a child",
         ReadFaultQueue(&fault_fd) == 0 && InChild(ReadFaultQueue, &fault_fd) == 0);
  Expect("close of the fault queue", close(fault_fd) == 0);
  close(fd);
}

/* Calls from several threads at once each get their own answer. */
static void* AllocMany(void* arg) {
  int fd = *(int*)arg;
  for (int i = 0; i < 200; ++i) {
    uint32_t id = IoasAlloc(fd);
    if (!id || Destroy(fd, id) != 0) return (void*)1;
  }
  return NULL;
}

static void ThreadsShare(void) {
  int fd = open("/dev/iommu", O_RDWR);
  pthread_t threads[4];
  for (int i = 0; i < 4; ++i) pthread_create(&threads[i], NULL, AllocMany, &fd);
  int bad = 0;
  for (int i = 0; i < 4; ++i) {
    void* result;
    pthread_join(threads[i], &result);
    bad |= result != NULL;
  }
  Expect("threads: every call answered", !bad);
  close(fd);
}

/* A program that closes every descriptor it does not know (as daemons do) closes the
 * interposer's channel too: the next call must still reach the server, and must not be sent
 * on whatever file took the number. */
static int CloseEverythingThenCall(void* arg) {
  int fd = *(int*)arg;
  if (!IoasAlloc(fd)) return 2; /* the child's own channel exists */
  for (int other = 3; other < 1024; ++other) {
    if (other != fd) close(other);
  }
  int taker = open("/dev/null", O_RDWR); /* likely the channel's old number */
  uint32_t id = IoasAlloc(fd);
  close(taker);
  return id ? 0 : 1;
}

static void ClosedChannel(void) {
  int fd = open("/dev/iommu", O_RDWR);
  Expect("calls after the program closed the channel's number",
         InChild(CloseEverythingThenCall, &fd) == 0);
  close(fd);
}

int main(int argc, char** argv) {
  if (argc == 5 && strcmp(argv[1], "exec") == 0) {
    return ExecChild(atoi(argv[2]), (uint32_t)atoi(argv[3]), atoi(argv[4]));
  }
  DupShares();
  ForkShares();
  ScmRightsShares();
  LastCloseReleases();
  ExecShares(argv[0]);
  MemoryIsTheMappers();
  HandedOutFiles();
  ThreadsShare();
  ClosedChannel();
  return ExpectSummary();
}
