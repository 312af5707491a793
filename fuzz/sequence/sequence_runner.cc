#include "fuzz/sequence/sequence_runner.h"

#include <algorithm>
#include <cstring>

#include "harness/backend/call_record.h"
#include "harness/backend/divergence_report.h"

namespace iommufd_conform::fuzz {
namespace {

// Per kind, the most objects remembered; older ones drop out of reach.
constexpr size_t kMaxLive = 8;
// Room past a struct for a malformed, longer size.
constexpr size_t kTailRoom = 16;

}  // namespace

SequenceRunner::SequenceRunner(Backend& backend, const MemoryArena& arena)
    : backend_(backend), arena_(arena) {}

SequenceRunner::~SequenceRunner() {
  for (const VfioDevice& device : vfio_devices_) (void)backend_.Close(device.fd);
  for (int fd : access_fds_) (void)backend_.Close(fd);
  for (int fd : dmabuf_fds_) (void)backend_.Close(fd);
  for (int fd : event_fds_) (void)backend_.Close(fd);
  for (int fd : iommufds_) (void)backend_.Close(fd);
}

size_t SequenceRunner::Run(std::span<const uint8_t> input, size_t max_steps) {
  ops_.clear();
  dmas_ = 0;
  // Every sequence starts with one iommufd, so short inputs do something useful.
  Start();
  OpDecoder decoder(input);
  size_t step = 0;
  for (; step < max_steps && !decoder.done(); ++step) {
    if (!record_ops_) {
      Execute(decoder.Next(DecodeState()));
      continue;
    }
    ops_.push_back(decoder.Next(DecodeState()));
    Execute(ops_.back());
  }
  return step;
}

void SequenceRunner::Execute(const Op& op) {
  std::visit([this](const auto& alternative) { Do(alternative); }, op);
}

int SequenceRunner::PickIommufd(Byte pick) const {
  return iommufds_.empty() ? -1 : iommufds_[pick.value % iommufds_.size()];
}

SequenceRunner::Ref SequenceRunner::Pick(Kind kind, const ObjectPick& pick) const {
  uint8_t b = pick.choice;
  const std::vector<Ref>& live = objects_[static_cast<size_t>(kind)];
  int fd = iommufds_.empty() ? -1 : iommufds_[(b >> 4) % iommufds_.size()];
  // A wild id, or a small raw one when nothing of the kind lives: the ENOENT and
  // wrong-type paths.
  if (pick.has_wide()) return {fd, pick.wide};
  if (live.empty() || b >= 0xe0) return {fd, static_cast<uint32_t>(b & 0xf)};
  return live[b % live.size()];
}

int SequenceRunner::PickDmabufFd(Byte pick) const {
  uint8_t b = pick.value;
  // Not a dmabuf: no descriptor, or a file that is neither a dmabuf nor a memfd. Never an
  // iommufd (or a file holding one): an IOAS mapping its own iommufd keeps it alive after
  // every descriptor is closed (a kernel reference cycle, reference/divergences.txt), and
  // its pins would stay for every later input of the process.
  if (dmabuf_fds_.empty() || b >= 0xf0) return b & 1 ? -1 : arena_.other_file();
  return dmabuf_fds_[b % dmabuf_fds_.size()];
}

int SequenceRunner::PickEventFd(Byte pick) const {
  return event_fds_.empty() ? -1 : event_fds_[pick.value % event_fds_.size()];
}

uint64_t SequenceRunner::PickIova(const IovaPick& pick) const {
  constexpr uint64_t kApertureStart = 1ull << 24;  // the mock domain's aperture
  uint64_t page = arena_.page_size();
  uint8_t b = pick.choice;
  if (b < 0x80) return kApertureStart + (b % 64) * page;
  if (b < 0xc0) return (b & 0x3f) * page;
  if (b < 0xf0) return kApertureStart + (b & 0x0f) * (2ull << 20);
  return pick.wide;
}

uint64_t SequenceRunner::PickLength(const LengthPick& pick) const {
  uint64_t page = arena_.page_size();
  uint8_t b = pick.choice;
  if (b < 0xc0) return page * (1 + b % 8);
  if (b < 0xe0) return 2ull << 20;
  if (b < 0xf0) return (b & 0x0f) * 512 + 1;  // unaligned
  return pick.wide;
}

uint64_t SequenceRunner::PickAddress(const AddressPick& pick) const {
  return pick.has_wide() ? pick.wide : arena_.Address(pick.region, pick.page);
}

void SequenceRunner::Remember(Kind kind, int fd, uint32_t id) {
  std::vector<Ref>& live = objects_[static_cast<size_t>(kind)];
  if (live.size() >= kMaxLive) live.erase(live.begin());
  live.push_back({fd, id});
}

void SequenceRunner::ForgetFd(int fd) {
  std::erase(iommufds_, fd);
  std::erase(event_fds_, fd);
  std::erase(access_fds_, fd);
  for (std::vector<Ref>& live : objects_) {
    std::erase_if(live, [fd](const Ref& ref) { return ref.fd == fd; });
  }
  std::erase_if(hwpt_ioas_, [fd](const auto& entry) { return entry.first.first == fd; });
  // A device stays bound to a closed iommufd's context, which no descriptor names any more.
  for (VfioDevice& device : vfio_devices_) {
    if (device.iommufd != fd) continue;
    device.iommufd = -1;
    device.translation.reset();
  }
}

void SequenceRunner::Keep(std::vector<int>& fds, int fd) {
  if (fds.size() < kMaxFds) fds.push_back(fd);
  else (void)backend_.Close(fd);
}

Outcome SequenceRunner::Send(OpCode op, int fd, unsigned long request, void* arg, size_t size,
                             const Shape& bend) {
  alignas(8) std::byte buffer[256 + kTailRoom] = {};
  size = std::min(size, sizeof(buffer) - kTailRoom);
  std::memcpy(buffer, arg, size);
  size_t length = size;
  uint8_t shape = bend.shape;
  uint32_t size_field;
  std::memcpy(&size_field, buffer, sizeof(size_field));
  if (shape >= 0xe0 && shape < 0xf0) {
    size_field = (shape & 0x0f) * 4;  // mostly below the minimum
  } else if (shape >= 0xf0 && shape < 0xf8) {
    buffer[size + (shape & 7)] = std::byte{1};  // a non-zero byte past the known struct
    size_field += kTailRoom / 2 + (shape & 7) + 1;
    length = size + kTailRoom;
  } else if (shape >= 0xf8) {
    buffer[bend.at % size] ^= std::byte{static_cast<uint8_t>(bend.flip | 1)};
  }
  if (shape >= 0xe0 && shape < 0xf8) std::memcpy(buffer, &size_field, sizeof(size_field));
  std::string description;
  if (describe_calls_) {
    CallRecord call;
    call.kind = CallRecord::Kind::kIoctl;
    call.fd = fd;
    call.request = request;
    call.input.assign(buffer, buffer + length);
    description = DescribeCall(call);
  }
  Outcome outcome = backend_.Ioctl(fd, request, buffer, length);
  std::memcpy(arg, buffer, size);
  Record(op, std::move(description), outcome);
  return outcome;
}

void SequenceRunner::Record(OpCode op, std::string call, const Outcome& outcome) {
  if (call.empty()) call = OpCodeName(op);
  if (on_step) on_step({op, std::move(call), outcome});
}

}  // namespace iommufd_conform::fuzz
