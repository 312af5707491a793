/* fork_client: a plain iommufd program whose iommufd is shared by two processes, built on
 * its own with the system C compiler like mock_client.c. The parent forks before opening
 * /dev/iommu and passes the descriptor to the child over a UNIX socket (SCM_RIGHTS); the two
 * take turns (one acts and writes its lines while the other waits on the socket), so the
 * transcript, written by both to one file, has a single order:
 *   - the child attaches a mock domain to an IOAS the parent mapped its memory into: the
 *     domain holds the parent's pages, which MD_CHECK_MAP sees from the parent, not from the
 *     child (its page at the same address is its own since the fork);
 *   - memory the child maps is the child's; once it has exited, attaching a domain to an IOAS
 *     holding it cannot pin it;
 *   - closing the last descriptor releases the file: the parent's pages are unpinned.
 * Lines start with the process that made the call.
 *
 * usage: fork_client [OUTPUT]   (stdout by default) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define IOMMUFD_TYPE ';'
#define IOMMUFD_CMD(nr) _IO(IOMMUFD_TYPE, 0x80 + (nr))
#define IOMMU_DESTROY IOMMUFD_CMD(0)
#define IOMMU_IOAS_ALLOC IOMMUFD_CMD(1)
#define IOMMU_IOAS_MAP IOMMUFD_CMD(5)
#define IOMMU_TEST_CMD IOMMUFD_CMD(32)

#define IOMMU_IOAS_MAP_FIXED_IOVA (1u << 0)
#define IOMMU_IOAS_MAP_WRITEABLE (1u << 1)
#define IOMMU_IOAS_MAP_READABLE (1u << 2)
#define MAP_RW (IOMMU_IOAS_MAP_WRITEABLE | IOMMU_IOAS_MAP_READABLE)

#define IOMMU_TEST_OP_MOCK_DOMAIN 2
#define IOMMU_TEST_OP_MD_CHECK_MAP 3
#define IOMMU_TEST_OP_MD_CHECK_REFS 4
#define MOCK_APERTURE_START (1ull << 24)
#define MOCK_APERTURE_LAST ((1ull << 31) - 1)

struct iommu_destroy {
  uint32_t size;
  uint32_t id;
};

struct iommu_ioas_alloc {
  uint32_t size;
  uint32_t flags;
  uint32_t out_ioas_id;
};

struct iommu_ioas_map {
  uint32_t size;
  uint32_t flags;
  uint32_t ioas_id;
  uint32_t reserved;
  uint64_t user_va;
  uint64_t length;
  uint64_t iova;
};

struct iommu_test_cmd {
  uint32_t size;
  uint32_t op;
  uint32_t id;
  uint32_t reserved;
  union {
    struct {
      uint32_t out_stdev_id;
      uint32_t out_hwpt_id;
      uint32_t out_idev_id;
    } mock_domain;
    struct {
      uint64_t iova;
      uint64_t length;
      uint64_t uptr;
    } check_map;
    struct {
      uint64_t length;
      uint64_t uptr;
      uint32_t refs;
    } check_refs;
    uint64_t pad[6]; /* the union's size: its largest member has 48 bytes */
  };
  uint32_t last;
};

_Static_assert(sizeof(struct iommu_test_cmd) == 72, "iommu_test_cmd is 72 bytes");

static FILE* out;
static const char* who = "parent";

static void Step(const char* name, long ret, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "WHO NAME: ret=R errno=NAME": what one call answered, errno only when it failed. */
static void Step(const char* name, long ret, const char* fmt, ...) {
  int error = ret < 0 ? errno : 0;
  fprintf(out, "%s %s: ret=%ld errno=%s", who, name, ret, error ? strerrorname_np(error) : "0");
  if (fmt && ret >= 0) {
    va_list ap;
    va_start(ap, fmt);
    fputc(' ', out);
    vfprintf(out, fmt, ap);
    va_end(ap);
  }
  fputc('\n', out);
  fflush(out);
}

static int fd = -1;

static long IoasAlloc(uint32_t* id) {
  struct iommu_ioas_alloc cmd = {.size = sizeof(cmd)};
  long ret = ioctl(fd, IOMMU_IOAS_ALLOC, &cmd);
  *id = cmd.out_ioas_id;
  return ret;
}

static long Map(uint32_t ioas, uint32_t flags, void* buffer, uint64_t length, uint64_t* iova) {
  struct iommu_ioas_map cmd = {.size = sizeof(cmd), .flags = flags, .ioas_id = ioas,
                               .user_va = (uintptr_t)buffer, .length = length, .iova = *iova};
  long ret = ioctl(fd, IOMMU_IOAS_MAP, &cmd);
  *iova = cmd.iova;
  return ret;
}

static long Destroy(uint32_t id) {
  struct iommu_destroy cmd = {.size = sizeof(cmd), .id = id};
  return ioctl(fd, IOMMU_DESTROY, &cmd);
}

static long MockDomain(uint32_t ioas, struct iommu_test_cmd* cmd) {
  *cmd = (struct iommu_test_cmd){.size = sizeof(*cmd), .op = IOMMU_TEST_OP_MOCK_DOMAIN,
                                 .id = ioas};
  return ioctl(fd, IOMMU_TEST_CMD, cmd);
}

static long CheckMap(uint32_t hwpt, uint64_t iova, uint64_t length, void* uptr) {
  struct iommu_test_cmd cmd = {.size = sizeof(cmd), .op = IOMMU_TEST_OP_MD_CHECK_MAP,
                               .id = hwpt};
  cmd.check_map.iova = iova;
  cmd.check_map.length = length;
  cmd.check_map.uptr = (uintptr_t)uptr;
  return ioctl(fd, IOMMU_TEST_CMD, &cmd);
}

/* Whether each page of [uptr, uptr + length) is pinned `refs` times. */
static long CheckRefs(void* uptr, uint64_t length, uint32_t refs) {
  struct iommu_test_cmd cmd = {.size = sizeof(cmd), .op = IOMMU_TEST_OP_MD_CHECK_REFS};
  cmd.check_refs.length = length;
  cmd.check_refs.uptr = (uintptr_t)uptr;
  cmd.check_refs.refs = refs;
  return ioctl(fd, IOMMU_TEST_CMD, &cmd);
}

/* What the processes tell each other: a few numbers, and a descriptor with the first. */
struct Note {
  uint32_t ioas, hwpt;
  uint64_t iova;
};

static int channel;

static long Send(const struct Note* note, int attached) {
  struct iovec iov = {(void*)note, sizeof(*note)};
  union {
    char buffer[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  memset(&control, 0, sizeof(control));
  struct msghdr header = {.msg_iov = &iov, .msg_iovlen = 1};
  if (attached >= 0) {
    header.msg_control = control.buffer;
    header.msg_controllen = sizeof(control.buffer);
    struct cmsghdr* cmsg = CMSG_FIRSTHDR(&header);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &attached, sizeof(int));
  }
  return sendmsg(channel, &header, 0) == sizeof(*note) ? 0 : -1;
}

/* Waits for the other process's note; *attached is the descriptor it sent, or -1. */
static long Receive(struct Note* note, int* attached) {
  struct iovec iov = {note, sizeof(*note)};
  union {
    char buffer[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  struct msghdr header = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buffer,
                          .msg_controllen = sizeof(control.buffer)};
  if (recvmsg(channel, &header, MSG_CMSG_CLOEXEC) != sizeof(*note)) return -1;
  if (attached) {
    struct cmsghdr* cmsg = CMSG_FIRSTHDR(&header);
    *attached = -1;
    if (cmsg && cmsg->cmsg_type == SCM_RIGHTS) memcpy(attached, CMSG_DATA(cmsg), sizeof(int));
  }
  return 0;
}

static const uint64_t kIova = MOCK_APERTURE_START;

/* The child's turns: it holds only the descriptor it was sent. */
static int Child(char* buffer) {
  who = "child";
  memset(buffer, 0x5a, 64 * 1024);  /* its own pages, not the parent's */
  struct Note note;
  int received = -1;
  long ret = Receive(&note, &received);
  Receive(&(struct Note){0}, NULL); /* the parent has written its line about sending */
  Step("receive_iommufd", ret, "got_descriptor=%d", received >= 0);
  if (received < 0) return 1;
  fd = received;
  uint32_t ioas;
  ret = IoasAlloc(&ioas);
  Step("ioas_alloc", ret, "ioas_id=%u", ioas);
  struct iommu_test_cmd mock;
  ret = MockDomain(note.ioas, &mock);
  Step("mock_domain_on_parent_ioas", ret, "stdev_id=%u hwpt_id=%u idev_id=%u",
       mock.mock_domain.out_stdev_id, mock.mock_domain.out_hwpt_id,
       mock.mock_domain.out_idev_id);
  uint32_t hwpt = mock.mock_domain.out_hwpt_id;
  Step("md_check_map_parent_area_own_pages", CheckMap(hwpt, kIova, 16384, buffer), NULL);
  uint64_t iova = 0;
  ret = Map(note.ioas, MAP_RW, buffer + 16384, 8192, &iova);
  Step("map_auto_own_memory", ret, "in_aperture=%d", iova >= MOCK_APERTURE_START &&
                                                         iova + 8191 <= MOCK_APERTURE_LAST);
  Step("md_check_map_own_area", CheckMap(hwpt, iova, 8192, buffer + 16384), NULL);
  Send(&(struct Note){.ioas = note.ioas, .hwpt = hwpt, .iova = iova}, -1);

  Receive(&note, NULL);
  iova = kIova;
  Step("map_into_parent_ioas",
       Map(note.ioas, IOMMU_IOAS_MAP_FIXED_IOVA | MAP_RW, buffer + 32768, 16384, &iova), NULL);
  Step("close_iommufd", close(fd), NULL);
  return 0;
}

int main(int argc, char** argv) {
  out = argc > 1 ? fopen(argv[1], "w") : stdout;
  if (!out) {
    perror(argv[1]);
    return 2;
  }
  const size_t buffer_size = 64 * 1024;
  char* buffer = mmap(NULL, buffer_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                      -1, 0);
  int pair[2];
  if (buffer == MAP_FAILED || socketpair(AF_UNIX, SOCK_SEQPACKET, 0, pair) != 0) {
    perror("setup");
    return 2;
  }
  /* Before the iommufd exists: the child can only get it through the socket. */
  pid_t child = fork();
  if (child < 0) {
    perror("fork");
    return 2;
  }
  if (child == 0) {
    close(pair[0]);
    channel = pair[1];
    _exit(Child(buffer));
  }
  close(pair[1]);
  channel = pair[0];
  memset(buffer, 0xa5, buffer_size);

  fd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
  Step("open", fd < 0 ? -1 : 0, NULL);
  if (fd < 0) {
    kill(child, SIGKILL);
    return 1;
  }
  uint32_t ioas;
  long ret = IoasAlloc(&ioas);
  Step("ioas_alloc", ret, "ioas_id=%u", ioas);
  uint64_t iova = kIova;
  ret = Map(ioas, IOMMU_IOAS_MAP_FIXED_IOVA | MAP_RW, buffer, 16384, &iova);
  Step("map_fixed", ret, "iova=%#llx", (unsigned long long)iova);
  Step("send_iommufd", Send(&(struct Note){.ioas = ioas}, fd), NULL);
  Send(&(struct Note){0}, -1); /* the child's turn */

  struct Note note;
  Receive(&note, NULL);
  Step("md_check_map_own_area", CheckMap(note.hwpt, kIova, 16384, buffer), NULL);
  Step("md_check_map_child_area_own_pages", CheckMap(note.hwpt, note.iova, 8192,
                                                     buffer + 16384), NULL);
  Step("md_check_refs_pinned_once", CheckRefs(buffer, 16384, 1), NULL);
  uint32_t second;
  ret = IoasAlloc(&second);
  Step("ioas_alloc_after_child", ret, "ioas_id=%u", second);
  Send(&(struct Note){.ioas = second}, -1);

  int status = 0;
  ret = waitpid(child, &status, 0);
  Step("child_exited", ret < 0 ? -1 : 0, "status=%d", WIFEXITED(status) ? WEXITSTATUS(status)
                                                                         : -1);
  struct iommu_test_cmd mock;
  Step("mock_domain_on_gone_child_memory", MockDomain(second, &mock), NULL);
  Step("destroy_second_ioas", Destroy(second), NULL);
  Step("md_check_refs_still_pinned", CheckRefs(buffer, 16384, 1), NULL);
  Step("close_last_iommufd", close(fd), NULL);
  fd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
  Step("open_again", fd < 0 ? -1 : 0, NULL);
  Step("md_check_refs_released", CheckRefs(buffer, 16384, 0), NULL);
  Step("close", close(fd), NULL);
  return 0;
}
