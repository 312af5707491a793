/* mock_client: a plain iommufd program using the selftest mock driver, built on its own
 * with the system C compiler and never linked to this project. It prints one line per step
 * with the return value and errno, so its transcript on a real kernel (in a guest) can be
 * compared with its transcript on the reference model (under libiommufd-model-preload.so).
 * Where the uAPI leaves the kernel a choice (an automatic IOVA) it prints whether the
 * answer is an allowed one, not the answer.
 *
 * usage: mock_client [OUTPUT]   (stdout by default)
 *
 * The uAPI structs are declared here: the system may have no <linux/iommufd.h>, and the
 * selftest ABI (IOMMU_TEST_CMD) is never in the exported headers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define IOMMUFD_TYPE ';'
#define IOMMUFD_CMD(nr) _IO(IOMMUFD_TYPE, 0x80 + (nr))
#define IOMMU_DESTROY IOMMUFD_CMD(0)
#define IOMMU_IOAS_ALLOC IOMMUFD_CMD(1)
#define IOMMU_IOAS_IOVA_RANGES IOMMUFD_CMD(4)
#define IOMMU_IOAS_MAP IOMMUFD_CMD(5)
#define IOMMU_IOAS_UNMAP IOMMUFD_CMD(6)
#define IOMMU_TEST_CMD IOMMUFD_CMD(32)

#define IOMMU_IOAS_MAP_FIXED_IOVA (1u << 0)
#define IOMMU_IOAS_MAP_WRITEABLE (1u << 1)
#define IOMMU_IOAS_MAP_READABLE (1u << 2)
#define MAP_RW (IOMMU_IOAS_MAP_WRITEABLE | IOMMU_IOAS_MAP_READABLE)

#define IOMMU_TEST_OP_MOCK_DOMAIN 2
#define IOMMU_TEST_OP_MD_CHECK_MAP 3
/* The mock domain's aperture (MOCK_APERTURE_START/LAST) and page size. */
#define MOCK_APERTURE_START (1ull << 24)
#define MOCK_APERTURE_LAST ((1ull << 31) - 1)
#define MOCK_PAGE_SIZE 2048ull

struct iommu_destroy {
  uint32_t size;
  uint32_t id;
};

struct iommu_ioas_alloc {
  uint32_t size;
  uint32_t flags;
  uint32_t out_ioas_id;
};

struct iommu_iova_range {
  uint64_t start;
  uint64_t last;
};

struct iommu_ioas_iova_ranges {
  uint32_t size;
  uint32_t ioas_id;
  uint32_t num_iovas;
  uint32_t reserved;
  uint64_t allowed_iovas;
  uint64_t out_iova_alignment;
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

struct iommu_ioas_unmap {
  uint32_t size;
  uint32_t ioas_id;
  uint64_t iova;
  uint64_t length;
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
    uint64_t pad[6]; /* the union's size: its largest member has 48 bytes */
  };
  uint32_t last;
};

_Static_assert(sizeof(struct iommu_test_cmd) == 72, "iommu_test_cmd is 72 bytes");
_Static_assert(sizeof(struct iommu_ioas_map) == 40, "iommu_ioas_map is 40 bytes");

static FILE* out;

/* "ret=R errno=NAME": what one call answered, errno only when it failed. */
static void Step(const char* name, long ret, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void Step(const char* name, long ret, const char* fmt, ...) {
  int error = ret < 0 ? errno : 0;
  fprintf(out, "%s: ret=%ld errno=%s", name, ret, error ? strerrorname_np(error) : "0");
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

static int fd;

static long IoasAlloc(uint32_t flags, uint32_t* id) {
  struct iommu_ioas_alloc cmd = {.size = sizeof(cmd), .flags = flags};
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

static long Unmap(uint32_t ioas, uint64_t iova, uint64_t length, uint64_t* unmapped) {
  struct iommu_ioas_unmap cmd = {.size = sizeof(cmd), .ioas_id = ioas, .iova = iova,
                                 .length = length};
  long ret = ioctl(fd, IOMMU_IOAS_UNMAP, &cmd);
  *unmapped = cmd.length;
  return ret;
}

static long Destroy(uint32_t id) {
  struct iommu_destroy cmd = {.size = sizeof(cmd), .id = id};
  return ioctl(fd, IOMMU_DESTROY, &cmd);
}

static long CheckMap(uint32_t hwpt, uint64_t iova, uint64_t length, void* uptr) {
  struct iommu_test_cmd cmd = {.size = sizeof(cmd), .op = IOMMU_TEST_OP_MD_CHECK_MAP,
                               .id = hwpt};
  cmd.check_map.iova = iova;
  cmd.check_map.length = length;
  cmd.check_map.uptr = (uintptr_t)uptr;
  return ioctl(fd, IOMMU_TEST_CMD, &cmd);
}

static void IovaRanges(const char* name, uint32_t ioas, uint32_t room) {
  struct iommu_iova_range ranges[8];
  memset(ranges, 0, sizeof(ranges));
  struct iommu_ioas_iova_ranges cmd = {.size = sizeof(cmd), .ioas_id = ioas, .num_iovas = room,
                                       .allowed_iovas = (uintptr_t)ranges};
  long ret = ioctl(fd, IOMMU_IOAS_IOVA_RANGES, &cmd);
  /* EMSGSIZE still reports how many ranges there are. */
  int error = errno;
  fprintf(out, "%s: ret=%ld errno=%s num_iovas=%u alignment=%#llx", name, ret,
          ret < 0 ? strerrorname_np(error) : "0", cmd.num_iovas,
          (unsigned long long)cmd.out_iova_alignment);
  for (uint32_t i = 0; ret == 0 && i < cmd.num_iovas && i < room; ++i) {
    fprintf(out, " [%#llx,%#llx]", (unsigned long long)ranges[i].start,
            (unsigned long long)ranges[i].last);
  }
  fputc('\n', out);
  fflush(out);
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
  if (buffer == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  memset(buffer, 0xa5, buffer_size);

  fd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
  Step("open", fd < 0 ? -1 : 0, NULL);
  if (fd < 0) return 1;

  uint32_t ioas, unused;
  long ret = IoasAlloc(0, &ioas);
  Step("ioas_alloc", ret, "ioas_id=%u", ioas);
  Step("ioas_alloc_bad_flags", IoasAlloc(1, &unused), NULL);
  IovaRanges("iova_ranges_no_room", ioas, 0);
  IovaRanges("iova_ranges", ioas, 8);

  const uint64_t kIova = MOCK_APERTURE_START;
  uint64_t iova = kIova;
  ret = Map(ioas, IOMMU_IOAS_MAP_FIXED_IOVA | MAP_RW, buffer, 16384, &iova);
  Step("map_fixed", ret, "iova=%#llx", (unsigned long long)iova);
  iova = kIova;
  Step("map_fixed_again", Map(ioas, IOMMU_IOAS_MAP_FIXED_IOVA | MAP_RW, buffer, 16384, &iova),
       NULL);
  iova = kIova + 0x100000;
  Step("map_unknown_flag", Map(ioas, (1u << 3) | MAP_RW, buffer, 4096, &iova), NULL);
  Step("map_no_access", Map(ioas, IOMMU_IOAS_MAP_FIXED_IOVA, buffer, 4096, &iova), NULL);
  Step("map_length_0", Map(ioas, IOMMU_IOAS_MAP_FIXED_IOVA | MAP_RW, buffer, 0, &iova), NULL);

  struct iommu_test_cmd mock = {.size = sizeof(mock), .op = IOMMU_TEST_OP_MOCK_DOMAIN,
                                .id = ioas};
  ret = ioctl(fd, IOMMU_TEST_CMD, &mock);
  uint32_t stdev = mock.mock_domain.out_stdev_id, hwpt = mock.mock_domain.out_hwpt_id;
  Step("mock_domain", ret, "stdev_id=%u hwpt_id=%u idev_id=%u", stdev, hwpt,
       mock.mock_domain.out_idev_id);
  Step("md_check_map", CheckMap(hwpt, kIova, 16384, buffer), NULL);
  Step("md_check_map_other_pages", CheckMap(hwpt, kIova, 16384, buffer + 4096), NULL);
  Step("md_check_map_unmapped_iova", CheckMap(hwpt, kIova + 0x100000, 4096, buffer), NULL);
  IovaRanges("iova_ranges_with_domain", ioas, 8);

  iova = 0x1000;
  Step("map_outside_aperture",
       Map(ioas, IOMMU_IOAS_MAP_FIXED_IOVA | MAP_RW, buffer, 4096, &iova), NULL);
  iova = 0;
  ret = Map(ioas, MAP_RW, buffer + 16384, 8192, &iova);
  Step("map_auto_iova", ret, "in_aperture=%d page_aligned=%d overlaps_fixed=%d",
       iova >= MOCK_APERTURE_START && iova + 8191 <= MOCK_APERTURE_LAST,
       iova % MOCK_PAGE_SIZE == 0, iova < kIova + 16384 && kIova < iova + 8192);
  Step("md_check_map_auto", CheckMap(hwpt, iova, 8192, buffer + 16384), NULL);

  uint64_t unmapped = 0;
  Step("unmap_partial", Unmap(ioas, kIova + 4096, 4096, &unmapped), NULL);
  ret = Unmap(ioas, kIova, 16384, &unmapped);
  Step("unmap_fixed", ret, "unmapped=%#llx", (unsigned long long)unmapped);
  Step("unmap_fixed_again", Unmap(ioas, kIova, 16384, &unmapped), NULL);
  ret = Unmap(ioas, 0, UINT64_MAX, &unmapped);
  Step("unmap_all", ret, "unmapped=%#llx", (unsigned long long)unmapped);

  Step("destroy_ioas_in_use", Destroy(ioas), NULL);
  Step("destroy_stdev", Destroy(stdev), NULL);
  Step("destroy_auto_hwpt_after_detach", Destroy(hwpt), NULL);
  Step("destroy_ioas", Destroy(ioas), NULL);
  Step("destroy_ioas_again", Destroy(ioas), NULL);

  Step("ioctl_unknown_nr", ioctl(fd, _IO(IOMMUFD_TYPE, 0xff), NULL), NULL);
  char byte;
  Step("read", read(fd, &byte, 1), NULL);
  Step("write", write(fd, &byte, 1), NULL);
  struct pollfd poll_set = {.fd = fd, .events = POLLIN | POLLOUT};
  ret = poll(&poll_set, 1, 0);
  Step("poll", ret, "revents=%#x", poll_set.revents);
  /* The model hands out nothing to map, so no offset of an iommufd maps. */
  Step("mmap_shared", mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED ? -1 : 0,
       NULL);
  Step("mmap_private", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED ? -1 : 0,
       NULL);
  Step("mmap_exec",
       mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0) == MAP_FAILED ? -1 : 0, NULL);
  Step("mmap_private_exec",
       mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0) == MAP_FAILED ? -1 : 0,
       NULL);

  /* Descriptor plumbing: a dup names the same context, and the numbers are the process's. */
  int original = fd;
  int copy = dup(fd);
  Step("dup", copy < 0 ? -1 : 0, NULL);
  fd = copy;
  ret = IoasAlloc(0, &ioas);
  Step("ioas_alloc_via_dup", ret, "ioas_id=%u", ioas);
  fd = original;
  Step("close_dup", close(copy), NULL);
  Step("destroy_ioas_via_original", Destroy(ioas), NULL);
  ret = fcntl(fd, F_GETFD);
  Step("cloexec", ret, "fd_cloexec=%d", ret >= 0 && (ret & FD_CLOEXEC));
  int high = fcntl(fd, F_DUPFD_CLOEXEC, 100);
  Step("fcntl_dupfd", high < 0 ? -1 : 0, "at_least_100=%d", high >= 100);
  fd = high;
  ret = IoasAlloc(0, &ioas);
  Step("ioas_alloc_via_fcntl_dup", ret, "ioas_id=%u", ioas);
  fd = original;
  int other = open("/dev/null", O_RDONLY);
  Step("open_other", other < 0 ? -1 : 0, "distinct=%d", other != fd && other != high);
  int pipe_fds[2];
  Step("pipe", pipe(pipe_fds), NULL);
  struct pollfd mixed[2] = {{.fd = fd, .events = POLLIN}, {.fd = pipe_fds[0], .events = POLLIN}};
  ret = poll(mixed, 2, 0);
  Step("poll_with_empty_pipe", ret, "iommufd=%#x pipe=%#x", mixed[0].revents, mixed[1].revents);
  /* dup2 onto a copy of the iommufd replaces it: the number now names the pipe. */
  ret = dup2(pipe_fds[0], high);
  Step("dup2_over_iommufd", ret < 0 ? -1 : 0, NULL);
  fd = high;
  Step("ioctl_on_replaced_number", IoasAlloc(0, &unused), NULL);
  fd = original;
  Step("context_alive_after_dup2", Destroy(ioas), NULL);
  Step("close", close(fd), NULL);
  Step("ioctl_after_close", IoasAlloc(0, &ioas), NULL);
  return 0;
}
