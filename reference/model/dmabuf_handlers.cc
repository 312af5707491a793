// IOMMU_TEST_OP_DMABUF_GET / DMABUF_REVOKE (the selftest's test dmabuf exporter) and the
// import of such a dmabuf by IOMMU_IOAS_MAP_FILE. The rules were read off 7.2 and 7.3
// guests; suites/mock/dmabuf_test.cc pins them.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "reference/model/context.h"
#include "reference/model/dmabuf.h"
#include "reference/model/user_pages.h"

namespace iommufd_conform::model {
using namespace uapi;

int Context::TestDmabufGet(Command& cmd) {
  const auto& arg = cmd.As<IommuTestCmd>().dmabuf_get;
  // The length is rounded up to whole pages first; open_flags only say close-on-exec.
  uint64_t page = CpuPageSize();
  uint64_t size = (uint64_t{arg.length} + page - 1) & ~(page - 1);
  if (size == 0 || size > kMaxDmabufPages * page) return EINVAL;
  int fd = files_.Install(
      std::make_shared<DmabufFile>(std::make_shared<DmabufBuffer>(DmabufBuffer{size})));
  if (config_.kernel.mock.dmabuf_get_returns_fd) cmd.ret = fd;
  return 0;
}

int Context::TestDmabufRevoke(IommuTestCmd& cmd) {
  const auto& arg = cmd.dmabuf_revoke;
  std::shared_ptr<ModelFile> file = files_.Lookup(arg.dmabuf_fd);
  auto* dmabuf = dynamic_cast<DmabufFile*>(file.get());
  if (!dmabuf) {
    // Any other open file is no dmabuf; the model's own descriptors, or the caller's.
    bool open = file || (arg.dmabuf_fd >= 0 && fcntl(arg.dmabuf_fd, F_GETFD) != -1);
    return open ? EINVAL : EBADF;
  }
  // Importers see the change at once: a revoked buffer cannot be mapped again, and its
  // existing areas stay (unmappable as ever) with nothing behind them.
  dmabuf->buffer()->revoked = arg.revoked != 0;
  return 0;
}

int Context::ImportDmabuf(const IommuIoasMapFile& arg, std::shared_ptr<Pages>* pages) {
  auto* dmabuf = dynamic_cast<DmabufFile*>(files_.Lookup(arg.fd).get());
  if (!dmabuf) return -1;
  if (arg.length == 0) return EINVAL;
  uint64_t last;
  if (__builtin_add_overflow(arg.start, arg.length - 1, &last)) return EOVERFLOW;
  const std::shared_ptr<DmabufBuffer>& buffer = dmabuf->buffer();
  if (last >= buffer->size) return EINVAL;
  // The exporter refuses to hand out the memory of a revoked buffer.
  if (buffer->revoked) return ENODEV;
  bool writable = arg.flags & kIommuIoasMapWriteable;
  *pages = std::make_shared<Pages>(Pages{arg.start, arg.length, writable, {}, {}, buffer});
  return 0;
}

}  // namespace iommufd_conform::model
