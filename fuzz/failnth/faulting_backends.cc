#include "fuzz/failnth/faulting_backends.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

namespace iommufd_conform::fuzz {

template <typename Syscall>
std::optional<FaultingKernel::Raw> FaultingKernel::Armed(Syscall syscall) {
  last_.reset();
  if (armed_ == 0) return std::nullopt;
  injector_.Arm(armed_);
  armed_ = 0;
  long ret = syscall();
  int error = ret < 0 ? errno : 0;
  bool injected = injector_.Disarm();
  last_ = Injection{injected, {}};
  return Raw{ret, error};
}

Outcome FaultingKernel::Finish(const Raw& raw, std::span<const std::byte> bytes) {
  Outcome outcome =
      raw.ret < 0 ? Outcome::Failure(raw.error, bytes) : Outcome::Success(raw.ret, bytes);
  last_->outcome = outcome;
  return outcome;
}

Outcome FaultingKernel::OpenIommufd() {
  auto raw = Armed([] { return static_cast<long>(open("/dev/iommu", O_RDWR | O_CLOEXEC)); });
  return raw ? Finish(*raw) : kernel_->OpenIommufd();
}

Outcome FaultingKernel::OpenDevice(const std::string& path) {
  auto raw = Armed([&] { return static_cast<long>(open(path.c_str(), O_RDWR | O_CLOEXEC)); });
  return raw ? Finish(*raw) : kernel_->OpenDevice(path);
}

Outcome FaultingKernel::Ioctl(int fd, unsigned long request, void* arg, size_t arg_size) {
  auto raw = Armed([&] { return static_cast<long>(ioctl(fd, request, arg)); });
  if (!raw) return kernel_->Ioctl(fd, request, arg, arg_size);
  std::span<const std::byte> bytes;
  if (arg) bytes = {static_cast<const std::byte*>(arg), arg_size};
  return Finish(*raw, bytes);
}

Outcome FaultingKernel::Read(int fd, void* buf, size_t count) {
  auto raw = Armed([&] { return static_cast<long>(read(fd, buf, count)); });
  if (!raw) return kernel_->Read(fd, buf, count);
  std::span<const std::byte> bytes;
  if (raw->ret > 0) bytes = {static_cast<const std::byte*>(buf), static_cast<size_t>(raw->ret)};
  return Finish(*raw, bytes);
}

Outcome FaultingKernel::Write(int fd, const void* buf, size_t count) {
  auto raw = Armed([&] { return static_cast<long>(write(fd, buf, count)); });
  return raw ? Finish(*raw) : kernel_->Write(fd, buf, count);
}

Outcome FaultingKernel::Poll(int fd, short events) {
  pollfd entry{fd, events, 0};
  auto raw = Armed([&] { return static_cast<long>(poll(&entry, 1, 0)); });
  if (!raw) return kernel_->Poll(fd, events);
  if (raw->ret >= 0) raw->ret = entry.revents;
  return Finish(*raw);
}

Outcome FaultingKernel::Mmap(int fd, size_t length, int prot, int flags, uint64_t offset) {
  auto raw = Armed([&] {
    void* address = mmap(nullptr, length, prot, flags, fd, static_cast<off_t>(offset));
    return address == MAP_FAILED ? -1L : static_cast<long>(reinterpret_cast<uintptr_t>(address));
  });
  return raw ? Finish(*raw) : kernel_->Mmap(fd, length, prot, flags, offset);
}

Outcome FaultingKernel::Munmap(uint64_t address, size_t length) {
  auto raw = Armed([&] {
    return static_cast<long>(munmap(reinterpret_cast<void*>(address), length));
  });
  return raw ? Finish(*raw) : kernel_->Munmap(address, length);
}

Outcome FaultingKernel::Close(int fd) {
  auto raw = Armed([&] { return static_cast<long>(close(fd)); });
  return raw ? Finish(*raw) : kernel_->Close(fd);
}

}  // namespace iommufd_conform::fuzz
