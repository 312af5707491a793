#ifndef IOMMUFD_CONFORM_FUZZ_FAILNTH_FAULTING_BACKENDS_H_
#define IOMMUFD_CONFORM_FUZZ_FAILNTH_FAULTING_BACKENDS_H_

// The two sides of a fault-injection run under a DiffBackend:
//   FaultingKernel wraps the kernel backend and fails the n-th fault site of one call;
//   FaultMirror wraps the model and, when that call failed with the injected fault, does not
//   run it: the kernel is expected to have undone everything, so the model's state (which
//   never saw the call) must match it for the rest of the sequence.
// DiffBackend runs each call on the kernel first, then on the model, which is what lets the
// mirror look at the kernel's answer to the same call.

#include <memory>
#include <optional>
#include <span>

#include "fuzz/failnth/fault_injector.h"
#include "harness/backend/backend.h"

namespace iommufd_conform::fuzz {

// What the armed call did.
struct Injection {
  bool injected = false;  // the n-th site was reached inside the call
  Outcome outcome;        // the kernel's answer
};

// Arms only around the raw syscall, so nothing of ours (an Outcome's allocation growing the
// heap with brk) can meet the fault in its place.
class FaultingKernel final : public Backend {
 public:
  FaultingKernel(std::unique_ptr<Backend> kernel, FaultInjector& injector)
      : kernel_(std::move(kernel)), injector_(injector) {}

  // The next call fails its n-th fault site.
  void ArmNextCall(unsigned n) { armed_ = n; }
  // The armed call's result, once it ran; cleared by the next call.
  const std::optional<Injection>& last_injection() const { return last_; }

  std::string_view Name() const override { return "kernel+fail-nth"; }
  Outcome OpenIommufd() override;
  Outcome OpenDevice(const std::string& path) override;
  Outcome Ioctl(int fd, unsigned long request, void* arg, size_t arg_size) override;
  Outcome Read(int fd, void* buf, size_t count) override;
  Outcome Write(int fd, const void* buf, size_t count) override;
  Outcome Poll(int fd, short events) override;
  Outcome Mmap(int fd, size_t length, int prot, int flags, uint64_t offset) override;
  Outcome Munmap(uint64_t address, size_t length) override;
  Outcome Close(int fd) override;
  std::vector<DeviceInfo> Devices() override { return kernel_->Devices(); }

 private:
  // The syscall's return value and errno, the fault armed around it when planned.
  struct Raw {
    long ret;
    int error;
  };
  template <typename Syscall>
  std::optional<Raw> Armed(Syscall syscall);
  Outcome Finish(const Raw& raw, std::span<const std::byte> bytes = {});

  std::unique_ptr<Backend> kernel_;
  FaultInjector& injector_;
  unsigned armed_ = 0;
  std::optional<Injection> last_;
};

class FaultMirror final : public Backend {
 public:
  FaultMirror(std::unique_ptr<Backend> model, const FaultingKernel& kernel)
      : model_(std::move(model)), kernel_(kernel) {}

  std::string_view Name() const override { return model_->Name(); }
  Outcome OpenIommufd() override { return Run([&] { return model_->OpenIommufd(); }); }
  Outcome OpenDevice(const std::string& path) override {
    return Run([&] { return model_->OpenDevice(path); });
  }
  Outcome Ioctl(int fd, unsigned long request, void* arg, size_t arg_size) override {
    std::span<const std::byte> bytes;
    if (arg) bytes = {static_cast<const std::byte*>(arg), arg_size};
    if (auto skipped = Skipped(bytes)) return *skipped;
    return model_->Ioctl(fd, request, arg, arg_size);
  }
  Outcome Read(int fd, void* buf, size_t count) override {
    return Run([&] { return model_->Read(fd, buf, count); });
  }
  Outcome Write(int fd, const void* buf, size_t count) override {
    return Run([&] { return model_->Write(fd, buf, count); });
  }
  Outcome Poll(int fd, short events) override {
    return Run([&] { return model_->Poll(fd, events); });
  }
  Outcome Mmap(int fd, size_t length, int prot, int flags, uint64_t offset) override {
    return Run([&] { return model_->Mmap(fd, length, prot, flags, offset); });
  }
  Outcome Munmap(uint64_t address, size_t length) override {
    return Run([&] { return model_->Munmap(address, length); });
  }
  // A close always takes effect, whatever it answers: the model closes too.
  Outcome Close(int fd) override {
    Outcome outcome = model_->Close(fd);
    if (auto skipped = Skipped()) return *skipped;
    return outcome;
  }
  std::vector<DeviceInfo> Devices() override { return model_->Devices(); }

 private:
  // The kernel's failure, when its call failed with the injected fault: the model's answer
  // to a call it did not run. The struct bytes stay as the caller passed them.
  std::optional<Outcome> Skipped(std::span<const std::byte> bytes = {}) const {
    const auto& injection = kernel_.last_injection();
    if (!injection || !injection->injected || injection->outcome.ok()) return std::nullopt;
    return Outcome::Failure(injection->outcome.error, bytes);
  }
  template <typename Call>
  Outcome Run(Call call) {
    if (auto skipped = Skipped()) return *skipped;
    return call();
  }

  std::unique_ptr<Backend> model_;
  const FaultingKernel& kernel_;
};

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_FAILNTH_FAULTING_BACKENDS_H_
