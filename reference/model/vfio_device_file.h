#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_VFIO_DEVICE_FILE_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_VFIO_DEVICE_FILE_H_

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "reference/model/device_dma.h"
#include "reference/model/model_file.h"
#include "reference/model/platform_profile.h"
#include "reference/model/profile.h"
#include "reference/model/written_memory.h"

namespace iommufd_conform::model {

class Context;

// An open VFIO device cdev (/dev/vfio/devices/vfioN) of a platform device: the iommufd
// side of it (VFIO_DEVICE_BIND_IOMMUFD, ATTACH/DETACH_IOMMUFD_PT). Until it is bound, every
// other ioctl is refused; once bound it holds the iommufd context, and closing it unbinds.
class VfioDeviceFile final : public ModelFile {
 public:
  VfioDeviceFile(const ModelConfig& config, const PlatformDevice& device, const FileTable& files)
      : config_(config), device_(device), files_(files) {}
  ~VfioDeviceFile() override;

  Outcome Ioctl(unsigned long request, uint64_t arg) override;
  // The device's DMA through its attachment (Context::DeviceDma); ENODEV until bound.
  DeviceDmaResult Dma(uint64_t iova, std::span<std::byte> data, bool write);
  std::vector<WrittenMemory> DmaTargets(uint64_t iova, uint64_t length);

 private:
  int Bind(uint64_t arg);
  int Attach(uint64_t arg);
  int Detach(uint64_t arg);
  int GetInfo(uint64_t arg);

  const ModelConfig& config_;
  const PlatformDevice& device_;
  const FileTable& files_;
  std::shared_ptr<Context> bound_;  // set once bound
  uint32_t dev_id_ = 0;
};

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_VFIO_DEVICE_FILE_H_
