#ifndef IOMMUFD_CONFORM_HARNESS_VM_QEMU_WATCHDOG_H_
#define IOMMUFD_CONFORM_HARNESS_VM_QEMU_WATCHDOG_H_

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace iommufd_conform {

// Kills a QEMU (found through its -pidfile) when a deadline passes. RunProcess only sees
// console lines, so a guest that goes silent (hung boot, hung payload, wedged after a splat)
// needs this to end on time. The deadline moves as the guest makes progress.
class QemuWatchdog {
 public:
  using Clock = std::chrono::steady_clock;

  QemuWatchdog(std::filesystem::path pidfile, Clock::time_point deadline, std::string reason);
  ~QemuWatchdog();  // disarms; never kills after this
  QemuWatchdog(const QemuWatchdog&) = delete;
  QemuWatchdog& operator=(const QemuWatchdog&) = delete;

  // Replaces the deadline; `reason` is what fired() reports if it passes.
  void Rearm(Clock::time_point deadline, std::string reason);
  // The reason of the deadline that passed and killed QEMU, if one did.
  std::optional<std::string> fired() const;

 private:
  void Run();
  bool KillQemu() const;

  const std::filesystem::path pidfile_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  Clock::time_point deadline_;
  std::string reason_;
  std::optional<std::string> fired_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_VM_QEMU_WATCHDOG_H_
