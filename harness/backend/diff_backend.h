#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_DIFF_BACKEND_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_DIFF_BACKEND_H_

// The differential backend: every call runs on the kernel and then on the reference model,
// in this process so both read and write the same user memory, and the answers are compared.
// The caller always gets the kernel's answer (and the kernel's bytes in its buffers); what
// the model did differently goes to a sink as DivergenceEvents.
//
//   DiffBackend diff(std::make_unique<KernelBackend>(), std::make_unique<ModelBackend>(config),
//                    {"7.2", Platform::kNone, 4096}, manifest);
//   diff.SetSink([](const DivergenceEvent& event) { ... });
//
// For an ioctl, before the kernel runs, the model is given private copies (UserMirror) of
// the argument struct and of every region the call may write (IoctlShape's OutputRegions),
// as the caller passed them; the kernel then runs on the caller's memory, the model on its
// copies, and ret, errno, the struct and the regions are compared (FirstDifference). The
// caller only ever sees the kernel's bytes. A region is compared only where the kernel could
// have written it (on success, or on an errno the shape names), and bytes the harness itself
// changed meanwhile are nobody's answer; what could not be compared makes the call
// unverifiable, never a pass. Memory a call writes that no OutputRegion describes is not
// compared, and the model writes the caller's memory there, so such regions belong in the
// shape table. A free field is checked instead of compared: the model adopts the kernel's
// automatic IOVA only when its allocator could have chosen it (AdoptAutoIova), and a new
// descriptor pairs the kernel's number with the model's.
//
// A call the model cannot serve (a descriptor it has no counterpart for, such as a device it
// does not model, or an ioctl it declares unmodelled in reference/model/unmodelled.h) runs
// on the kernel only and is reported as kNotCovered; any other ENOTTY of the model is an
// answer like the rest. If the kernel accepted a call the model did not run, or the two sides
// disagreed on whether a call took effect, the states are apart: later divergences in the
// affected iommufd contexts are kUnverifiable, not failures. Calls made in a forked child
// report through a ForkMailbox on the parent's next call.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "harness/backend/backend.h"
#include "harness/backend/call_record.h"
#include "harness/backend/divergence_event.h"
#include "harness/backend/divergence_manifest.h"
#include "harness/backend/fork_mailbox.h"
#include "harness/backend/object_kinds.h"
#include "reference/model/profile.h"

namespace iommufd_conform {

// What the manifest is matched against.
struct DiffTarget {
  std::string kernel_version;  // "7.2"
  model::Platform platform = model::Platform::kNone;
};

// Every call ends in one of four ways: compared (both sides ran and every byte the kernel
// wrote was compared: the answers agreed, or an unexpected divergence failed the case),
// accepted by a manifest entry (`expected`), unverifiable (the states were already apart, or
// part of what the kernel wrote could not be compared), or not covered (only the kernel ran).
struct DiffSummary {
  int calls = 0;          // calls the caller made
  int compared = 0;       // of which both sides ran and were compared in full
  int adopted_iovas = 0;  // automatic IOVAs the model took over from the kernel
  std::map<std::string, int> unexpected;    // by call
  std::map<std::string, int> expected;      // by manifest entry id
  std::map<std::string, int> unverifiable;  // by call
  std::map<std::string, int> not_covered;   // by call
};

class DiffBackend final : public Backend {
 public:
  using Sink = std::function<void(const DivergenceEvent&)>;

  DiffBackend(std::unique_ptr<Backend> kernel, std::unique_ptr<Backend> model, DiffTarget target,
              DivergenceManifest manifest);

  // Where events go; until one is set they are only counted.
  void SetSink(Sink sink) { sink_ = std::move(sink); }
  const DiffSummary& summary() const { return summary_; }
  const DiffTarget& target() const { return target_; }

  std::string_view Name() const override { return "diff"; }
  Outcome OpenIommufd() override;
  Outcome OpenDevice(const std::string& path) override;
  Outcome Ioctl(int fd, unsigned long request, void* arg, size_t arg_size) override;
  Outcome Read(int fd, void* buf, size_t count) override;
  Outcome Write(int fd, const void* buf, size_t count) override;
  Outcome Poll(int fd, short events) override;
  // Both sides map; the caller gets the kernel's address, which Munmap pairs with the
  // model's. Only success and errno are compared: addresses are each side's own.
  Outcome Mmap(int fd, size_t length, int prot, int flags, uint64_t offset) override;
  Outcome Munmap(uint64_t address, size_t length) override;
  Outcome Close(int fd) override;
  // The kernel's device moves the bytes; what it read, and where a write landed (the user
  // memory the model names for it), are compared with the model's translation.
  Outcome DeviceDma(int device_fd, const DeviceDmaRequest& request) override;
  // The kernel's devices. One the model also lists by path but describes otherwise (another
  // PCI function or id) is an unexpected divergence of the call "devices".
  std::vector<DeviceInfo> Devices() override;

 private:
  // The caller's descriptors are the kernel's numbers; each maps to the model's twin.
  struct Twin {
    enum class Kind { kIommufd, kDevice, kDerived };
    std::optional<int> model_fd;  // nullopt: the model has no counterpart
    Kind kind;
    int parent = -1;          // kDerived: the iommufd that created it
    std::string apart_since;  // kIommufd: why the two states differ, "" while in step
    std::deque<std::string> log;
  };

  void BeginCall();
  // Pairs what both sides opened; what only the model opened is closed again.
  void PairOpened(CallRecord& call, Twin::Kind kind);
  Twin* FindTwin(int fd);
  int ModelFd(int fd);
  // The model's number for a descriptor the caller names inside a struct.
  int32_t ModelNumberFor(int32_t fd, bool callers_own = false);
  void Compare(CallRecord& call);
  std::optional<Difference> Reconcile(CallRecord& call);
  void PairNewDescriptors(const CallRecord& call);
  // Emits the divergence, as what the manifest and the states make of it, and says which.
  DivergenceEvent::Kind Report(const CallRecord& call, const Difference& difference);
  void NotCovered(const CallRecord& call, const std::string& why);
  // Marks the contexts `fd` can affect (all of them, for a device) as apart.
  void SetApart(int fd, const std::string& why);
  const std::string& ApartSince(int fd);
  void Emit(DivergenceEvent event);
  // The iommufd a call acts in (its own descriptor, or the one that made a derived one); -1
  // for a device.
  int ContextOf(int fd);
  // What the manifest's `object:` and `when:` look at for this call.
  CallFacts FactsFor(const CallRecord& call);
  // Learns the objects and history a call both sides answered leaves behind.
  void Remember(const CallRecord& call);
  void Log(const CallRecord& call);

  std::unique_ptr<Backend> kernel_;
  std::unique_ptr<Backend> model_;
  DiffTarget target_;
  DivergenceManifest manifest_;
  Sink sink_;
  DiffSummary summary_;
  std::map<int, Twin> twins_;
  std::map<uint64_t, uint64_t> model_mappings_;  // kernel address -> model address
  ObjectKinds object_kinds_;
  bool mapped_own_iommufd_ = false;
  ForkMailbox mailbox_;
};

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_DIFF_BACKEND_H_
