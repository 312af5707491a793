#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_MODEL_BACKEND_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_MODEL_BACKEND_H_

#include <utility>

#include "harness/backend/backend.h"
#include "harness/backend/iova_adoption.h"
#include "harness/backend/side_effects.h"
#include "reference/model/model.h"

namespace iommufd_conform {

// The reference model, in this process, behind the same interface as a kernel.
class ModelBackend final : public Backend, public IovaAdopter, public SideEffectSource {
 public:
  // `numbers`: where the model's descriptor numbers come from (see model::Model).
  explicit ModelBackend(model::ModelConfig config, model::Model::NumberSource numbers = {})
      : model_(config, std::move(numbers)) {}

  const model::Model& model() const { return model_; }
  std::string_view Name() const override { return "model"; }
  Outcome OpenIommufd() override { return model_.OpenIommufd(); }
  Outcome OpenDevice(const std::string& path) override;
  Outcome Ioctl(int fd, unsigned long request, void* arg, size_t arg_size) override;
  Outcome Read(int fd, void* buf, size_t count) override;
  Outcome Write(int fd, const void* buf, size_t count) override;
  Outcome Poll(int fd, short events) override { return model_.Poll(fd, events); }
  Outcome Mmap(int fd, size_t length, int prot, int flags, uint64_t offset) override {
    return model_.Mmap(fd, length, prot, flags, offset);
  }
  Outcome Munmap(uint64_t address, size_t length) override {
    return model_.Munmap(address, length);
  }
  Outcome Close(int fd) override { return model_.Close(fd); }
  // The translation the model gives the device; refused bytes read as zero, as QEMU's
  // devices read them.
  Outcome DeviceDma(int device_fd, const DeviceDmaRequest& request) override;
  std::vector<DeviceInfo> Devices() override;
  std::string AdoptAutoIova(int fd, uint32_t ioas_id, uint64_t from, uint64_t to) override {
    return model_.AdoptAutoIova(fd, ioas_id, from, to);
  }
  std::vector<model::WrittenMemory> SideEffectTargets(int fd, unsigned long request,
                                                      std::span<const std::byte> input) override;
  std::vector<model::WrittenMemory> DeviceDmaTargets(int fd, uint64_t iova,
                                                     uint64_t length) override {
    return model_.DeviceDmaTargets(fd, iova, length);
  }

 private:
  model::Model model_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_MODEL_BACKEND_H_
