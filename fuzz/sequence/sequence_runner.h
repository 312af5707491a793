#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_SEQUENCE_RUNNER_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_SEQUENCE_RUNNER_H_

// Turns fuzzer bytes into a sequence of iommufd calls on any Backend (the model, a kernel,
// or both through the differential backend). Arguments name live objects by slot, so random
// bytes mostly reach valid states; a share of wild ids, wild addresses and malformed
// structs (see Send) reaches the error paths.
//
// The input is decoded into operations (op_codec.h, ops.h) one step at a time, since whether
// an operation reads some of its bytes depends on the descriptors the steps before left.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fuzz/sequence/byte_reader.h"
#include "fuzz/sequence/memory_arena.h"
#include "fuzz/sequence/op_code.h"
#include "fuzz/sequence/op_codec.h"
#include "fuzz/sequence/ops.h"
#include "harness/backend/backend.h"
#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform::fuzz {

// One step as it ran: the call in readable form and how it ended.
struct StepRecord {
  OpCode op;
  std::string call;  // "IOMMU_IOAS_MAP {size=40 flags=0x7 ...}", or the op's name
  Outcome outcome;
};

class SequenceRunner {
 public:
  SequenceRunner(Backend& backend, const MemoryArena& arena);
  // Closes every descriptor the sequence left open.
  ~SequenceRunner();
  SequenceRunner(const SequenceRunner&) = delete;
  SequenceRunner& operator=(const SequenceRunner&) = delete;

  // Readable calls cost time; a fuzzer turns them on only to print a finding.
  void set_describe_calls(bool describe) { describe_calls_ = describe; }
  // Whether VfioDeviceDma may drive the device. Off unless the caller knows the platform's
  // IOMMU translates the device's DMA: QEMU's AMD-Vi does not, and a transfer there would
  // reach guest memory unchecked.
  void set_device_dma(bool allowed) { device_dma_ = allowed; }

  // Runs at most `max_steps` steps of `input`; returns the steps run (the opening of the
  // first iommufd not counted).
  size_t Run(std::span<const uint8_t> input, size_t max_steps);
  // Opens the first iommufd, as Run does before the input's first step.
  void Start() { Execute(Op{ops::OpenIommufd{}}); }
  // One operation on the sequence so far.
  void Execute(const Op& op);
  // What decoding the next operation needs to know (op_codec.h).
  OpDecodeState DecodeState() const { return {!iommufds_.empty(), !event_fds_.empty()}; }
  // Keeping the operations a Run decoded costs allocations a fuzzer's every input would
  // pay; a finding's replay turns it on.
  void set_record_ops(bool record) { record_ops_ = record; }
  // With set_record_ops: the operations the last Run decoded and ran, in order.
  const std::vector<Op>& ops() const { return ops_; }
  // Called after each call the sequence makes.
  std::function<void(const StepRecord&)> on_step;

  // The live objects, for invariant checks: (iommufd, id) pairs by kind.
  enum class Kind : uint8_t {
    kIoas, kHwpt, kDevice, kStdev, kFault, kViommu, kVdevice, kVeventq, kHwQueue,
    kAccessPages, kCount
  };
  struct Ref {
    int fd;
    uint32_t id;
  };
  const std::vector<Ref>& Live(Kind kind) const { return objects_[static_cast<size_t>(kind)]; }
  const std::vector<int>& iommufds() const { return iommufds_; }

 private:
  // One handler per operation (sequence_ops.cc); Execute visits them (Do), so an operation
  // without one does not compile.
  void Do(const ops::OpenIommufd& op);
  void Do(const ops::CloseIommufd& op);
  void Do(const ops::Destroy& op);
  void Do(const ops::IoasAlloc& op);
  void Do(const ops::IoasMap& op);
  void Do(const ops::IoasMapFile& op);
  void Do(const ops::IoasMapDmabuf& op);
  void Do(const ops::IoasUnmap& op);
  void Do(const ops::IoasCopy& op);
  void Do(const ops::IoasIovaRanges& op);
  void Do(const ops::IoasAllowIovas& op);
  void Do(const ops::Option& op);
  void Do(const ops::IoasChangeProcess& op);
  void Do(const ops::RawIoctl& op);
  void Do(const ops::HwptAlloc& op);
  void Do(const ops::GetHwInfo& op);
  void Do(const ops::HwptSetDirtyTracking& op);
  void Do(const ops::HwptGetDirtyBitmap& op);
  void Do(const ops::HwptInvalidate& op);
  void Do(const ops::FaultQueueAlloc& op);
  void Do(const ops::ViommuAlloc& op);
  void Do(const ops::VdeviceAlloc& op);
  void Do(const ops::VeventqAlloc& op);
  void Do(const ops::HwQueueAlloc& op);
  void Do(const ops::TestAddReserved& op);
  void Do(const ops::TestMockDomain& op);
  void Do(const ops::TestMockDomainReplace& op);
  void Do(const ops::TestMdCheckMap& op);
  void Do(const ops::TestMdCheckRefs& op);
  void Do(const ops::TestCreateAccess& op);
  void Do(const ops::TestAccessPages& op);
  void Do(const ops::TestAccessRw& op);
  void Do(const ops::TestDestroyAccessPages& op);
  void Do(const ops::TestAccessReplaceIoas& op);
  void Do(const ops::TestDirty& op);
  template <OpCode kOp>
  void Do(const ops::CheckCache<kOp>& op);
  void Do(const ops::TestTriggerIopf& op);
  void Do(const ops::TestTriggerVevent& op);
  template <OpCode kOp>
  void Do(const ops::Pasid<kOp>& op);
  void Do(const ops::TestDmabufGet& op);
  void Do(const ops::TestDmabufRevoke& op);
  void Do(const ops::TestSetTempMemoryLimit& op);
  void Do(const ops::ReadEventFd& op);
  void Do(const ops::WriteFaultResponse& op);
  void Do(const ops::PollEventFd& op);
  void Do(const ops::CloseEventFd& op);
  void Do(const ops::VfioGetApiVersion& op);
  template <OpCode kOp>
  void Do(const ops::VfioInt<kOp>& op);
  void Do(const ops::VfioIommuGetInfo& op);
  void Do(const ops::VfioMapDma& op);
  void Do(const ops::VfioUnmapDma& op);
  void Do(const ops::VfioIoas& op);
  void Do(const ops::VfioDeviceOpen& op);
  void Do(const ops::VfioDeviceBind& op);
  void Do(const ops::VfioDeviceAttach& op);
  void Do(const ops::VfioDeviceDetach& op);
  void Do(const ops::VfioDeviceDma& op);

  // A VFIO cdev the sequence opened: the iommufd it is bound to (-1 before), and the IOAS
  // its RID translation comes from while it is attached to one this runner can name (an
  // IOAS, or a paging HWPT the sequence allocated on one), which is where a DMA's bounce
  // page goes.
  struct VfioDevice {
    int fd;
    int iommufd = -1;
    std::optional<Ref> translation;
  };
  // nullptr when the sequence opened no cdev.
  VfioDevice* PickVfioDevice(Byte pick);
  // The backend's VFIO cdevs, asked once per runner.
  const std::vector<std::string>& CdevPaths();
  // Maps the bounce page at the staging IOVA of `ioas`, runs the DMA, unmaps it: the
  // device moves bytes through the bounce page, so it must reach it.
  void DmaThroughBounce(const ops::VfioDeviceDma& op, const VfioDevice& device, Ref ioas);

  int PickIommufd(Byte pick) const;
  Ref Pick(Kind kind, const ObjectPick& pick) const;
  int PickEventFd(Byte pick) const;
  // A selftest access by its descriptor (a raw number when there is none), on an iommufd.
  Ref PickAccess(Byte access, Byte iommufd) const;
  // A test dmabuf's descriptor; sometimes, or when there is none, a number that is not one.
  int PickDmabufFd(Byte pick) const;
  uint64_t PickIova(const IovaPick& pick) const;
  uint64_t PickLength(const LengthPick& pick) const;
  uint64_t PickAddress(const AddressPick& pick) const;
  void Remember(Kind kind, int fd, uint32_t id);
  void ForgetFd(int fd);
  // Keeps a descriptor the sequence was given in `fds`, or closes it when `fds` is full.
  void Keep(std::vector<int>& fds, int fd);

  // The call as built, then as the shape bends it: a shorter or longer size field (with a
  // non-zero tail), or a flipped byte. Returns the outcome and copies the bytes the backend
  // left into `arg`.
  Outcome Send(OpCode op, int fd, unsigned long request, void* arg, size_t size,
               const Shape& shape);
  template <typename T>
  Outcome SendStruct(OpCode op, int fd, unsigned long request, T& arg, const Shape& shape) {
    return Send(op, fd, request, &arg, sizeof(T), shape);
  }
  // IOMMU_TEST_CMD on `target`, then what a successful one made.
  void SendTest(OpCode op, Ref target, uapi::IommuTestCmd& arg, const Shape& shape);
  void KeepTestResult(Ref target, const uapi::IommuTestCmd& arg, const Outcome& outcome);
  void Record(OpCode op, std::string call, const Outcome& outcome);

  Backend& backend_;
  const MemoryArena& arena_;
  // Descriptors (event queues, accesses) kept at once; further ones are closed at once.
  static constexpr size_t kMaxFds = 4;
  static constexpr size_t kMaxIommufds = 3;
  // Device DMAs per Run: each costs about 0.1 s of guest time.
  static constexpr size_t kMaxDmas = 2;
  bool describe_calls_ = true;
  bool record_ops_ = false;
  bool device_dma_ = false;
  size_t dmas_ = 0;
  std::vector<int> iommufds_;
  std::vector<int> event_fds_;   // fault queues and vEVENTQs: read, write, poll
  std::vector<int> access_fds_;  // selftest accesses, named by descriptor in TEST_CMD
  std::vector<int> dmabuf_fds_;  // test dmabufs (DMABUF_GET), for MAP_FILE and REVOKE
  std::vector<VfioDevice> vfio_devices_;
  std::optional<std::vector<std::string>> cdev_paths_;
  // Paging HWPTs the sequence allocated, (iommufd, HWPT id) to the IOAS they map.
  std::map<std::pair<int, uint32_t>, uint32_t> hwpt_ioas_;
  std::array<std::vector<Ref>, static_cast<size_t>(Kind::kCount)> objects_;
  std::vector<Op> ops_;
};

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_SEQUENCE_RUNNER_H_
