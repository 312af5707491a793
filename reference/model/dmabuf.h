#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_DMABUF_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_DMABUF_H_

#include <cstdint>
#include <memory>

#include "reference/model/model_file.h"

namespace iommufd_conform::model {

// The selftest's test dmabuf exporter (IOMMU_TEST_OP_DMABUF_GET): zeroed memory of a whole
// number of pages that the exporter may revoke (DMABUF_REVOKE) and restore. Importers
// (MAP_FILE areas) share this state, so a revoke reaches every area mapping the buffer.
struct DmabufBuffer {
  uint64_t size;  // bytes, a multiple of the CPU page size
  bool revoked = false;
};

// The descriptor DMABUF_GET hands out. It has none of iommufd's operations; MAP_FILE and
// DMABUF_REVOKE find the buffer behind it.
class DmabufFile final : public ModelFile {
 public:
  explicit DmabufFile(std::shared_ptr<DmabufBuffer> buffer) : buffer_(std::move(buffer)) {}
  const std::shared_ptr<DmabufBuffer>& buffer() const { return buffer_; }

 private:
  std::shared_ptr<DmabufBuffer> buffer_;
};

// The largest buffer DMABUF_GET exports, in CPU pages.
inline constexpr uint64_t kMaxDmabufPages = 512;

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_DMABUF_H_
