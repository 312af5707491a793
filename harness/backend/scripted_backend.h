#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_SCRIPTED_BACKEND_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_SCRIPTED_BACKEND_H_

// A test double for either side of a DiffBackend.

#include <functional>
#include <string>
#include <vector>

#include "harness/backend/backend.h"

namespace iommufd_conform {

// A backend whose ioctls do what the test says, recording the argument bytes each call saw.
class ScriptedBackend final : public Backend {
 public:
  using Handler = std::function<Outcome(int fd, unsigned long request, void* arg)>;

  explicit ScriptedBackend(int first_fd)
      : next_fd_(first_fd), next_address_(0x10000000L * first_fd) {}

  Handler handler = [](int, unsigned long, void*) { return Outcome::Success(0); };
  std::vector<std::vector<std::byte>> seen;  // argument bytes at entry, per ioctl
  std::vector<int> reads;                    // descriptors read from

  std::string_view Name() const override { return "scripted"; }
  Outcome OpenIommufd() override { return Outcome::Success(next_fd_++); }
  Outcome OpenDevice(const std::string&) override { return Outcome::Success(next_fd_++); }
  Outcome Ioctl(int fd, unsigned long request, void* arg, size_t arg_size) override {
    auto* bytes = static_cast<std::byte*>(arg);
    seen.emplace_back(bytes, bytes + arg_size);
    Outcome outcome = handler(fd, request, arg);
    outcome.out.assign(bytes, bytes + arg_size);
    return outcome;
  }
  Outcome Read(int fd, void*, size_t) override {
    reads.push_back(fd);
    return Outcome::Success(0);
  }
  Outcome Write(int, const void*, size_t) override { return Outcome::Success(0); }
  Outcome Poll(int, short) override { return Outcome::Success(0); }
  // Mappings are pretend addresses, one page apart and apart per backend, never touched.
  int mmap_error = 0;
  std::vector<uint64_t> unmapped;  // addresses Munmap was given
  Outcome Mmap(int, size_t, int, int, uint64_t) override {
    if (mmap_error) return Outcome::Failure(mmap_error);
    next_address_ += 0x1000;
    return Outcome::Success(next_address_);
  }
  Outcome Munmap(uint64_t address, size_t) override {
    unmapped.push_back(address);
    return Outcome::Success(0);
  }
  Outcome Close(int) override { return Outcome::Success(0); }
  std::vector<DeviceInfo> Devices() override { return {}; }  // models no device
  // A device DMA does what the test says.
  std::function<Outcome(int fd, const DeviceDmaRequest& request)> dma =
      [](int, const DeviceDmaRequest&) { return Outcome::Success(0); };
  Outcome DeviceDma(int fd, const DeviceDmaRequest& request) override { return dma(fd, request); }

 private:
  int next_fd_;
  long next_address_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_SCRIPTED_BACKEND_H_
