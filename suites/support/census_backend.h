#ifndef IOMMUFD_CONFORM_SUITES_SUPPORT_CENSUS_BACKEND_H_
#define IOMMUFD_CONFORM_SUITES_SUPPORT_CENSUS_BACKEND_H_

#include <memory>

#include "harness/backend/backend.h"
#include "harness/results/call_census.h"

namespace iommufd_conform {

// Passes every call to `inner` and counts it by the kernel's name (IOMMU_TEST_CMD by op),
// so a run can list which parts of the uAPI its cases reached.
class CensusBackend final : public Backend {
 public:
  explicit CensusBackend(std::unique_ptr<Backend> inner) : inner_(std::move(inner)) {}

  const CallCensus& census() const { return census_; }

  std::string_view Name() const override { return inner_->Name(); }
  Outcome OpenIommufd() override { return Count("open(/dev/iommu)", inner_->OpenIommufd()); }
  Outcome OpenDevice(const std::string& path) override {
    return Count("open(device)", inner_->OpenDevice(path));
  }
  Outcome Ioctl(int fd, unsigned long request, void* arg, size_t arg_size) override;
  Outcome Read(int fd, void* buf, size_t count) override {
    return Count("read", inner_->Read(fd, buf, count));
  }
  Outcome Write(int fd, const void* buf, size_t count) override {
    return Count("write", inner_->Write(fd, buf, count));
  }
  Outcome Poll(int fd, short events) override { return Count("poll", inner_->Poll(fd, events)); }
  Outcome Mmap(int fd, size_t length, int prot, int flags, uint64_t offset) override {
    return Count("mmap", inner_->Mmap(fd, length, prot, flags, offset));
  }
  Outcome Munmap(uint64_t address, size_t length) override {
    return Count("munmap", inner_->Munmap(address, length));
  }
  Outcome Close(int fd) override { return Count("close", inner_->Close(fd)); }
  Outcome DeviceDma(int device_fd, const DeviceDmaRequest& request) override {
    return Count(request.write ? "device DMA write" : "device DMA read",
                 inner_->DeviceDma(device_fd, request));
  }
  std::vector<DeviceInfo> Devices() override { return inner_->Devices(); }

 private:
  Outcome Count(const std::string& name, Outcome outcome);

  std::unique_ptr<Backend> inner_;
  CallCensus census_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_SUITES_SUPPORT_CENSUS_BACKEND_H_
