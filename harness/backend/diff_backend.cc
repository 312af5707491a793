#include "harness/backend/diff_backend.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdio>

#include "harness/backend/divergence_report.h"
#include "harness/backend/iova_adoption.h"
#include "harness/backend/side_effects.h"
#include "harness/backend/user_mirror.h"
#include "reference/model/unmodelled.h"
#include "reference/uapi/iommufd.h"
#include "reference/model/user_memory.h"

namespace iommufd_conform {
namespace {

using model::UserMemory;

constexpr size_t kLogLength = 16;

uint64_t Address(const void* pointer) { return reinterpret_cast<uintptr_t>(pointer); }

// The caller's bytes, read as the kernel would: a bad pointer leaves `readable` false.
std::vector<std::byte> ReadUser(uint64_t address, size_t length, bool* readable) {
  std::vector<std::byte> bytes(length);
  *readable = length == 0 || UserMemory::CopyFrom(bytes.data(), address, length) == 0;
  if (!*readable) bytes.clear();
  return bytes;
}

void WriteUser(uint64_t address, const std::vector<std::byte>& bytes) {
  if (!bytes.empty()) (void)UserMemory::CopyTo(address, bytes.data(), bytes.size());
}

// A region of the caller's memory the call may write, and the model's private copy of it.
struct PlannedRegion {
  const OutputRegion* region;
  const uapi::FieldEntry* pointer;
  uint64_t address;
  uint64_t length;
  std::unique_ptr<UserMirror> mirror;  // null: too large to mirror, the model gets the original
};

uint64_t RegionBytes(const OutputRegion& region, const uapi::StructEntry& entry,
                     const std::vector<std::byte>& input) {
  if (region.bytes) return region.bytes(input);
  const uapi::FieldEntry* count = FieldNamed(entry, region.count_field);
  uint64_t elements = count ? ReadField(input, *count).value_or(0) : 0;
  uint64_t bytes;
  return __builtin_mul_overflow(elements, region.element_size, &bytes) ? UINT64_MAX : bytes;
}

// The regions `input` points at, each mirrored as it is before the kernel runs.
std::vector<PlannedRegion> PlanRegions(const IoctlShape* shape,
                                       const std::vector<std::byte>& input) {
  std::vector<PlannedRegion> regions;
  const uapi::StructEntry* entry = shape ? FindCatalogStruct(shape->struct_name) : nullptr;
  if (!entry) return regions;
  std::string_view member = shape->SelectedMember(input);
  for (const OutputRegion& region : shape->regions) {
    const uapi::FieldEntry* pointer = FieldNamed(*entry, region.pointer_field);
    if (!pointer || !InMember(*pointer, member)) continue;
    // A missing or zero pointer or size means nothing is written through it.
    uint64_t address = ReadField(input, *pointer).value_or(0);
    uint64_t length = RegionBytes(region, *entry, input);
    if (address == 0 || length == 0) continue;
    regions.push_back({&region, pointer, address, length,
                       length <= UserMirror::kMaxBytes ? UserMirror::Of(address, length) : nullptr});
  }
  return regions;
}

// How much of the caller's memory a struct call reads: its `size` (or VFIO's `argsz`, also
// the first u32), when larger than the struct, up to what a mirror holds.
// A larger one is not mirrored: past the copy the model would meet other memory than the
// kernel does.
size_t StructExtent(const std::vector<std::byte>& input) {
  uint32_t size = 0;
  if (input.size() >= sizeof(size)) std::memcpy(&size, input.data(), sizeof(size));
  size_t extent = std::max<size_t>(input.size(), size);
  return extent <= UserMirror::kMaxBytes ? extent : 0;
}

bool WrittenOnError(const OutputRegion& region, int error) {
  return std::find(region.written_on_error.begin(), region.written_on_error.end(), error) !=
         region.written_on_error.end();
}

// The descriptor fields `bytes` carries, for the calls whose union member they belong to.
std::vector<std::pair<const uapi::FieldEntry*, bool>> DescriptorFields(
    const IoctlShape* shape, std::span<const std::byte> bytes) {
  std::vector<std::pair<const uapi::FieldEntry*, bool>> fields;
  const uapi::StructEntry* entry = shape ? FindCatalogStruct(shape->struct_name) : nullptr;
  if (!entry) return fields;
  std::string_view member = shape->SelectedMember(bytes);
  for (const DescriptorField& descriptor : shape->descriptor_fields) {
    if (!descriptor.member.empty() && descriptor.member != member) continue;
    const uapi::FieldEntry* field = FieldNamed(*entry, descriptor.field);
    if (field && field->offset + field->size <= bytes.size()) {
      fields.emplace_back(field, descriptor.callers_own);
    }
  }
  return fields;
}

void WriteField(std::vector<std::byte>& bytes, const uapi::FieldEntry& field, uint64_t value) {
  std::memcpy(bytes.data() + field.offset, &value, field.size);  // little-endian targets only
}

bool ChangesState(const CallRecord& call) {
  return call.kernel.outcome.ok() &&
         (call.kind == CallRecord::Kind::kIoctl || call.kind == CallRecord::Kind::kWrite);
}

// Puts both sides' bytes of `region` into the record, if the kernel could have written it.
void CompareRegion(CallRecord& call, const PlannedRegion& region,
                   std::vector<std::byte> kernel_bytes) {
  const Outcome& kernel = call.kernel.outcome;
  if (!kernel.ok() && !WrittenOnError(*region.region, kernel.error)) return;
  std::string name(region.region->pointer_field);
  if (!region.mirror) {
    call.unchecked.push_back(name + ": " + std::to_string(region.length) +
                             " bytes, more than a private copy holds");
    return;
  }
  std::vector<std::byte> model_bytes = region.mirror->Bytes();
  // Bytes that changed since the kernel returned were changed by this process (the
  // harness), not by either side: they are no one's answer.
  std::vector<std::byte> now = ReadAccessible(region.address, region.length);
  size_t changed = 0;
  for (size_t i = 0; i < now.size(); ++i) {
    if (now[i] == kernel_bytes[i]) continue;
    model_bytes[i] = kernel_bytes[i];
    ++changed;
  }
  if (changed) {
    call.unchecked.push_back(name + ": " + std::to_string(changed) +
                             " bytes changed by the harness itself");
  }
  call.kernel.regions.push_back({region.region, region.address, true, std::move(kernel_bytes)});
  call.model.regions.push_back({region.region, region.address, true, std::move(model_bytes)});
}

}  // namespace

DiffBackend::DiffBackend(std::unique_ptr<Backend> kernel, std::unique_ptr<Backend> model,
                         DiffTarget target, DivergenceManifest manifest)
    : kernel_(std::move(kernel)),
      model_(std::move(model)),
      target_(std::move(target)),
      manifest_(std::move(manifest)) {
  UserMirror::Reserve();
}

Outcome DiffBackend::OpenIommufd() {
  BeginCall();
  CallRecord call;
  call.kind = CallRecord::Kind::kOpenIommufd;
  call.kernel.outcome = kernel_->OpenIommufd();
  call.model.outcome = model_->OpenIommufd();
  PairOpened(call, Twin::Kind::kIommufd);
  Compare(call);
  Log(call);
  return call.kernel.outcome;
}

Outcome DiffBackend::OpenDevice(const std::string& path) {
  BeginCall();
  CallRecord call;
  call.kind = CallRecord::Kind::kOpenDevice;
  call.path = path;
  std::vector<DeviceInfo> modelled = model_->Devices();
  bool covered = std::any_of(modelled.begin(), modelled.end(),
                             [&](const DeviceInfo& device) { return device.path == path; });
  call.kernel.outcome = kernel_->OpenDevice(path);
  if (!covered) {
    if (call.kernel.outcome.ok()) {
      call.fd = static_cast<int>(call.kernel.outcome.ret);
      twins_[call.fd] = Twin{std::nullopt, Twin::Kind::kDevice, -1, "", {}};
    }
    NotCovered(call, "the model has no device " + path);
    return call.kernel.outcome;
  }
  call.model.outcome = model_->OpenDevice(path);
  PairOpened(call, Twin::Kind::kDevice);
  Compare(call);
  Log(call);
  return call.kernel.outcome;
}

std::vector<DeviceInfo> DiffBackend::Devices() {
  std::vector<DeviceInfo> devices = kernel_->Devices();
  std::vector<DeviceInfo> modelled = model_->Devices();
  for (const DeviceInfo& device : devices) {
    auto twin = std::find_if(modelled.begin(), modelled.end(),
                             [&](const DeviceInfo& m) { return m.path == device.path; });
    // A device the model lacks is reported when it is opened.
    if (twin == modelled.end()) continue;
    auto describe = [](const DeviceInfo& d) {
      char ids[32];
      std::snprintf(ids, sizeof(ids), " %04x:%04x", d.vendor, d.device);
      return d.pci_address + ids;
    };
    if (describe(*twin) != describe(device)) {
      Emit({DivergenceEvent::Kind::kUnexpected, "devices", "",
            "device " + device.path + ": kernel " + describe(device) + ", model " +
                describe(*twin) + "\n"});
    }
  }
  return devices;
}

Outcome DiffBackend::Ioctl(int fd, unsigned long request, void* arg, size_t arg_size) {
  BeginCall();
  CallRecord call;
  call.kind = CallRecord::Kind::kIoctl;
  call.fd = fd;
  call.request = request;
  call.arg = Address(arg);
  bool readable;
  call.input = ReadUser(call.arg, arg_size, &readable);
  Twin* twin = FindTwin(fd);
  if (twin && !twin->model_fd) {
    call.kernel.outcome = kernel_->Ioctl(fd, request, arg, arg_size);
    NotCovered(call, "the model has no counterpart of this descriptor");
    return call.kernel.outcome;
  }

  // The model starts from the bytes the kernel started from, with its own descriptor numbers
  // where the call names one, in private copies of the struct and of every region it may
  // write: the caller's memory is the kernel's alone.
  std::vector<PlannedRegion> regions = PlanRegions(call.shape(), call.input);
  std::vector<std::byte> model_input = call.input;
  auto descriptors = DescriptorFields(call.shape(), call.input);
  for (const auto& [field, callers_own] : descriptors) {
    int32_t number = static_cast<int32_t>(*ReadField(call.input, *field));
    WriteField(model_input, *field, static_cast<uint32_t>(ModelNumberFor(number, callers_own)));
  }
  for (const PlannedRegion& region : regions) {
    if (region.mirror) WriteField(model_input, *region.pointer, region.mirror->address());
  }
  std::unique_ptr<UserMirror> model_arg;
  if (readable && call.shape() && !call.shape()->struct_name.empty()) {
    model_arg = UserMirror::Of(call.arg, StructExtent(call.input), model_input);
  }

  std::optional<SideEffectCheck> side_effects;
  if (auto* source = dynamic_cast<SideEffectSource*>(model_.get())) {
    auto targets = source->SideEffectTargets(ModelFd(fd), request, model_input);
    if (!targets.empty()) side_effects.emplace(std::move(targets));
  }

  call.kernel.outcome = kernel_->Ioctl(fd, request, arg, arg_size);
  if (side_effects) side_effects->KernelDone();
  std::vector<std::vector<std::byte>> kernel_regions;
  for (const PlannedRegion& region : regions) {
    kernel_regions.push_back(region.mirror ? ReadAccessible(region.address, region.length)
                                           : std::vector<std::byte>{});
  }
  if (model_arg) {
    call.model.outcome = model_->Ioctl(ModelFd(fd), request,
                                       reinterpret_cast<void*>(model_arg->address()), arg_size);
  } else {
    // A struct the kernel could not read, or one too large to copy: the model meets the
    // caller's memory, which then gets the kernel's bytes back.
    if (readable) WriteUser(call.arg, model_input);
    call.model.outcome = model_->Ioctl(ModelFd(fd), request, arg, arg_size);
    if (readable) WriteUser(call.arg, call.kernel.outcome.out);
  }
  if (side_effects) {
    side_effects->ModelDone();
    call.side_effect = side_effects->FirstDifference();
  }
  // What the model writes back says the kernel's numbers and the caller's pointers, so only
  // real differences show.
  for (const auto& [field, callers_own] : descriptors) {
    std::optional<uint64_t> written = ReadField(call.model.outcome.out, *field);
    if (written && written == ReadField(model_input, *field)) {
      WriteField(call.model.outcome.out, *field, *ReadField(call.input, *field));
    }
  }
  for (size_t i = 0; i < regions.size(); ++i) {
    const PlannedRegion& region = regions[i];
    if (region.mirror &&
        ReadField(call.model.outcome.out, *region.pointer) == region.mirror->address()) {
      WriteField(call.model.outcome.out, *region.pointer, region.address);
    }
    CompareRegion(call, region, std::move(kernel_regions[i]));
  }

  // Only an ioctl the model declares it does not serve is not covered when it answers
  // ENOTTY; any other ENOTTY is an answer, compared like the rest.
  if (call.model.outcome.error == ENOTTY && call.kernel.outcome.error != ENOTTY) {
    bool device = twin && twin->kind == Twin::Kind::kDevice;
    auto unmodelled = device ? model::UnmodelledDeviceIoctl(request)
                             : model::UnmodelledIommufdIoctl(request);
    if (unmodelled) {
      PairNewDescriptors(call);
      NotCovered(call, std::string(*unmodelled));
      return call.kernel.outcome;
    }
  }
  Compare(call);
  Log(call);
  return call.kernel.outcome;
}

Outcome DiffBackend::Read(int fd, void* buf, size_t count) {
  BeginCall();
  CallRecord call;
  call.kind = CallRecord::Kind::kRead;
  call.fd = fd;
  bool readable;
  call.input = ReadUser(Address(buf), count, &readable);
  std::unique_ptr<UserMirror> mirror = UserMirror::Of(Address(buf), count);
  call.kernel.outcome = kernel_->Read(fd, buf, count);
  Twin* twin = FindTwin(fd);
  if (twin && !twin->model_fd) {
    NotCovered(call, "the model has no counterpart of this descriptor");
    return call.kernel.outcome;
  }
  // The model reads into a private copy of the buffer as it was before the kernel's read.
  if (mirror) {
    call.model.outcome =
        model_->Read(ModelFd(fd), reinterpret_cast<void*>(mirror->address()), count);
  } else {
    std::vector<std::byte> kernel_bytes = ReadUser(Address(buf), count, &readable);
    if (readable) WriteUser(Address(buf), call.input);
    call.model.outcome = model_->Read(ModelFd(fd), buf, count);
    if (readable) WriteUser(Address(buf), kernel_bytes);
  }
  Compare(call);
  Log(call);
  return call.kernel.outcome;
}

Outcome DiffBackend::Write(int fd, const void* buf, size_t count) {
  BeginCall();
  CallRecord call;
  call.kind = CallRecord::Kind::kWrite;
  call.fd = fd;
  bool readable;
  call.input = ReadUser(Address(buf), count, &readable);
  call.kernel.outcome = kernel_->Write(fd, buf, count);
  Twin* twin = FindTwin(fd);
  if (twin && !twin->model_fd) {
    NotCovered(call, "the model has no counterpart of this descriptor");
    return call.kernel.outcome;
  }
  call.model.outcome = model_->Write(ModelFd(fd), buf, count);
  Compare(call);
  Log(call);
  return call.kernel.outcome;
}

Outcome DiffBackend::Poll(int fd, short events) {
  BeginCall();
  CallRecord call;
  call.kind = CallRecord::Kind::kPoll;
  call.fd = fd;
  call.arg = static_cast<uint16_t>(events);
  call.kernel.outcome = kernel_->Poll(fd, events);
  Twin* twin = FindTwin(fd);
  if (twin && !twin->model_fd) {
    NotCovered(call, "the model has no counterpart of this descriptor");
    return call.kernel.outcome;
  }
  call.model.outcome = model_->Poll(ModelFd(fd), events);
  Compare(call);
  Log(call);
  return call.kernel.outcome;
}

Outcome DiffBackend::Mmap(int fd, size_t length, int prot, int flags, uint64_t offset) {
  BeginCall();
  CallRecord call;
  call.kind = CallRecord::Kind::kMmap;
  call.fd = fd;
  call.arg = offset;
  call.kernel.outcome = kernel_->Mmap(fd, length, prot, flags, offset);
  Twin* twin = FindTwin(fd);
  if (twin && !twin->model_fd) {
    NotCovered(call, "the model has no counterpart of this descriptor");
    return call.kernel.outcome;
  }
  call.model.outcome = model_->Mmap(ModelFd(fd), length, prot, flags, offset);
  if (call.kernel.outcome.ok() && call.model.outcome.ok()) {
    model_mappings_[call.kernel.outcome.ret] = call.model.outcome.ret;
  } else if (call.model.outcome.ok()) {
    (void)model_->Munmap(call.model.outcome.ret, length);
  }
  Compare(call);
  Log(call);
  return call.kernel.outcome;
}

Outcome DiffBackend::Munmap(uint64_t address, size_t length) {
  BeginCall();
  CallRecord call;
  call.kind = CallRecord::Kind::kMunmap;
  call.arg = address;
  call.kernel.outcome = kernel_->Munmap(address, length);
  auto paired = model_mappings_.find(address);
  if (paired == model_mappings_.end()) {  // nothing the model mapped
    ++summary_.not_covered["munmap"];
    return call.kernel.outcome;
  }
  call.model.outcome = model_->Munmap(paired->second, length);
  model_mappings_.erase(paired);
  Compare(call);
  return call.kernel.outcome;
}

Outcome DiffBackend::Close(int fd) {
  BeginCall();
  CallRecord call;
  call.kind = CallRecord::Kind::kClose;
  call.fd = fd;
  call.kernel.outcome = kernel_->Close(fd);
  Twin* twin = FindTwin(fd);
  if (twin && !twin->model_fd) {
    twins_.erase(fd);  // closing what only the kernel had is no divergence
    ++summary_.not_covered["close"];
    return call.kernel.outcome;
  }
  call.model.outcome = model_->Close(ModelFd(fd));
  Compare(call);
  if (twin && twin->kind == Twin::Kind::kIommufd) object_kinds_.Forget(fd);
  twins_.erase(fd);
  return call.kernel.outcome;
}

Outcome DiffBackend::DeviceDma(int device_fd, const DeviceDmaRequest& request) {
  BeginCall();
  CallRecord call;
  call.kind = request.write ? CallRecord::Kind::kDmaWrite : CallRecord::Kind::kDmaRead;
  call.fd = device_fd;
  call.arg = request.iova;
  auto written = std::as_bytes(request.bytes);
  call.input.assign(written.begin(), written.end());
  Twin* twin = FindTwin(device_fd);
  if (twin && !twin->model_fd) {
    call.kernel.outcome = kernel_->DeviceDma(device_fd, request);
    NotCovered(call, "the model has no counterpart of this descriptor");
    return call.kernel.outcome;
  }
  std::optional<SideEffectCheck> side_effects;
  auto* source = dynamic_cast<SideEffectSource*>(model_.get());
  if (request.write && source) {
    auto targets = source->DeviceDmaTargets(ModelFd(device_fd), request.iova, written.size());
    if (!targets.empty()) side_effects.emplace(std::move(targets));
  }
  call.kernel.outcome = kernel_->DeviceDma(device_fd, request);
  if (side_effects) side_effects->KernelDone();
  call.model.outcome = model_->DeviceDma(ModelFd(device_fd), request);
  if (side_effects) {
    side_effects->ModelDone();
    call.side_effect = side_effects->FirstDifference();
  }
  if (call.model.outcome.error == ENOTTY) {
    NotCovered(call, "the model does not know this translation (a nested HWPT's stage 1, or "
                     "pinned pages the caller no longer maps)");
    return call.kernel.outcome;
  }
  Compare(call);
  Log(call);
  return call.kernel.outcome;
}

void DiffBackend::BeginCall() {
  ++summary_.calls;
  if (mailbox_.InChild()) return;
  ForkMailbox::Mail mail = mailbox_.Take();
  for (DivergenceEvent& event : mail.events) {
    event.reason = "in a forked child: " + event.reason;
    Emit(std::move(event));
  }
  if (mail.dropped) {
    Emit({DivergenceEvent::Kind::kUnexpected, "(forked child)",
          std::to_string(mail.dropped) + " divergence reports from a forked child were lost",
          ""});
  }
  if (mail.state_changed) SetApart(-1, "a forked child changed the kernel's state");
}

void DiffBackend::PairOpened(CallRecord& call, Twin::Kind kind) {
  std::optional<int> model_fd;
  if (call.model.outcome.ok()) model_fd = static_cast<int>(call.model.outcome.ret);
  if (call.kernel.outcome.ok()) {
    call.fd = static_cast<int>(call.kernel.outcome.ret);
    twins_[call.fd] = Twin{model_fd, kind, -1, "", {}};
  } else if (model_fd) {
    (void)model_->Close(*model_fd);  // only the kernel's descriptors reach the caller
  }
}

DiffBackend::Twin* DiffBackend::FindTwin(int fd) {
  auto it = twins_.find(fd);
  return it == twins_.end() ? nullptr : &it->second;
}

int32_t DiffBackend::ModelNumberFor(int32_t fd, bool callers_own) {
  // A number without a twin stays negative if it was, and otherwise becomes one no model
  // descriptor has, so both sides see a bad descriptor of the same kind; unless it may be
  // the caller's own descriptor, which the in-process model sees as the kernel does.
  Twin* named = FindTwin(fd);
  if (named && named->model_fd) return *named->model_fd;
  return fd < 0 || callers_own ? fd : INT32_MAX;
}

int DiffBackend::ModelFd(int fd) {
  // A descriptor the backend never handed out is bad for the model too.
  Twin* twin = FindTwin(fd);
  return twin && twin->model_fd ? *twin->model_fd : -1;
}

void DiffBackend::Compare(CallRecord& call) {
  if (mailbox_.InChild() && ChangesState(call)) mailbox_.PostStateChange();
  std::optional<Difference> difference = FirstDifference(call);
  if (!difference) difference = call.side_effect;
  if (!difference) difference = Reconcile(call);
  PairNewDescriptors(call);
  if (difference) {
    // An accepted or unverifiable difference is counted with its event, not as compared.
    if (Report(call, *difference) == DivergenceEvent::Kind::kUnexpected) ++summary_.compared;
  } else if (call.unchecked.empty()) {
    ++summary_.compared;
  } else {
    std::string what;
    for (const std::string& part : call.unchecked) what += (what.empty() ? "" : "; ") + part;
    Emit({DivergenceEvent::Kind::kUnverifiable, call.CallName(), "not compared: " + what, ""});
  }
  // After the manifest had its look: it names objects as they were before the call.
  Remember(call);
}

std::optional<Difference> DiffBackend::Reconcile(CallRecord& call) {
  for (const FreeValue& value : FreeValues(call)) {
    if (value.field->kind != FreeField::Kind::kAutoIova || value.kernel == value.model) continue;
    std::string refused =
        AdoptAutoIova(*model_, ModelFd(call.fd), call, value.model, value.kernel);
    if (refused.empty()) {
      ++summary_.adopted_iovas;
      continue;
    }
    std::string field(value.field->field);
    return Difference{field, field, FormatValue(value.kernel), FormatValue(value.model), refused};
  }
  return std::nullopt;
}

void DiffBackend::PairNewDescriptors(const CallRecord& call) {
  const IoctlShape* shape = call.shape();
  const uapi::StructEntry* entry = shape ? FindCatalogStruct(shape->struct_name) : nullptr;
  if (!entry) return;
  if (shape->ReturnsFd(call.input)) {
    // A result of 0 hands out no descriptor the caller can name.
    bool kernel_made = call.kernel.outcome.ok() && call.kernel.outcome.ret > 0;
    bool model_made = call.model.outcome.ok() && call.model.outcome.ret > 0;
    if (kernel_made) {
      Twin twin{std::nullopt, Twin::Kind::kDerived, call.fd, "", {}};
      if (model_made) twin.model_fd = static_cast<int>(call.model.outcome.ret);
      twins_[static_cast<int>(call.kernel.outcome.ret)] = std::move(twin);
    } else if (model_made) {
      (void)model_->Close(static_cast<int>(call.model.outcome.ret));
    }
  }
  std::string_view member = shape->SelectedMember(call.input);
  for (const FreeField& free : shape->free_fields) {
    const uapi::FieldEntry* field = FieldNamed(*entry, free.field);
    if (free.kind != FreeField::Kind::kFd || !field || !InMember(*field, member)) continue;
    auto kernel_fd = ReadField(call.kernel.outcome.out, *field);
    auto model_fd = ReadField(call.model.outcome.out, *field);
    bool kernel_made = call.kernel.outcome.ok() && kernel_fd;
    bool model_made = call.model.outcome.ok() && model_fd;
    if (kernel_made) {
      Twin twin{std::nullopt, Twin::Kind::kDerived, call.fd, "", {}};
      if (model_made) twin.model_fd = static_cast<int>(*model_fd);
      twins_[static_cast<int>(*kernel_fd)] = std::move(twin);
    } else if (model_made) {
      (void)model_->Close(static_cast<int>(*model_fd));
    }
  }
}

DivergenceEvent::Kind DiffBackend::Report(const CallRecord& call, const Difference& difference) {
  Twin* twin = FindTwin(call.fd);
  std::vector<std::string> earlier;
  if (twin) earlier.assign(twin->log.begin(), twin->log.end());
  DivergenceEvent event{DivergenceEvent::Kind::kUnexpected, call.CallName(), "",
                        FormatDivergence(call, difference, earlier)};
  bool in_step = false;
  if (const std::string& apart = ApartSince(call.fd); !apart.empty()) {
    event.kind = DivergenceEvent::Kind::kUnverifiable;
    event.reason = "the states were already apart: " + apart;
  } else if (const ManifestEntry* entry = manifest_.Match(
                 call, difference, target_.kernel_version, target_.platform, FactsFor(call))) {
    event.kind = DivergenceEvent::Kind::kExpected;
    event.reason = "[" + entry->id + "] " + entry->reason;
    in_step = entry->state_unchanged;
  }
  // Once one side took a call the other refused, later answers may differ for that reason,
  // unless the manifest says the call changes nothing on either side (a check).
  if (call.kernel.outcome.ok() != call.model.outcome.ok() && !in_step) {
    SetApart(call.fd, call.CallName() + " succeeded on one side only");
  }
  DivergenceEvent::Kind kind = event.kind;
  Emit(std::move(event));
  return kind;
}

int DiffBackend::ContextOf(int fd) {
  Twin* twin = FindTwin(fd);
  if (twin && twin->kind == Twin::Kind::kDerived) return twin->parent;
  return twin && twin->kind == Twin::Kind::kIommufd ? fd : -1;
}

CallFacts DiffBackend::FactsFor(const CallRecord& call) {
  return {object_kinds_.KindNamed(ContextOf(call.fd), call), mapped_own_iommufd_};
}

void DiffBackend::Remember(const CallRecord& call) {
  int context = ContextOf(call.fd);
  if (context >= 0) object_kinds_.Record(context, call);
  if (call.request == uapi::kIoctlIoasMapFile && call.kernel.outcome.ok()) {
    const uapi::StructEntry* entry = FindCatalogStruct(call.shape()->struct_name);
    const uapi::FieldEntry* fd = entry ? FieldNamed(*entry, "fd") : nullptr;
    if (fd && ReadField(call.input, *fd) == static_cast<uint32_t>(context)) {
      mapped_own_iommufd_ = true;
    }
  }
}

void DiffBackend::NotCovered(const CallRecord& call, const std::string& why) {
  Emit({DivergenceEvent::Kind::kNotCovered, call.CallName(), why, ""});
  if (mailbox_.InChild() && ChangesState(call)) mailbox_.PostStateChange();
  if (ChangesState(call)) SetApart(call.fd, call.CallName() + " ran on the kernel only");
  Log(call);
}

void DiffBackend::SetApart(int fd, const std::string& why) {
  Twin* twin = FindTwin(fd);
  if (twin && twin->kind == Twin::Kind::kDerived) twin = FindTwin(twin->parent);
  if (twin && twin->kind == Twin::Kind::kIommufd) {
    if (twin->apart_since.empty()) twin->apart_since = why;
    return;
  }
  // A device (or anything else) may act on any iommufd it was bound to.
  for (auto& [number, other] : twins_) {
    if (other.kind == Twin::Kind::kIommufd && other.apart_since.empty()) other.apart_since = why;
  }
}

const std::string& DiffBackend::ApartSince(int fd) {
  static const std::string kInStep;
  Twin* twin = FindTwin(fd);
  if (twin && twin->kind == Twin::Kind::kDerived) twin = FindTwin(twin->parent);
  return twin ? twin->apart_since : kInStep;
}

void DiffBackend::Emit(DivergenceEvent event) {
  if (mailbox_.InChild()) {
    mailbox_.Post(event);
    return;
  }
  switch (event.kind) {
    case DivergenceEvent::Kind::kUnexpected: ++summary_.unexpected[event.call]; break;
    case DivergenceEvent::Kind::kExpected: ++summary_.expected[event.reason]; break;
    case DivergenceEvent::Kind::kUnverifiable: ++summary_.unverifiable[event.call]; break;
    case DivergenceEvent::Kind::kNotCovered: ++summary_.not_covered[event.call]; break;
  }
  if (sink_) sink_(event);
}

void DiffBackend::Log(const CallRecord& call) {
  Twin* twin = FindTwin(call.fd);
  if (!twin) return;
  std::string line = LogLine(call);
  bool model_ran = call.kind == CallRecord::Kind::kOpenIommufd || twin->model_fd;
  if (model_ran && call.model.outcome.error != call.kernel.outcome.error) {
    line += " (model: " + DescribeSide(call, call.model) + ")";
  }
  twin->log.push_back(std::move(line));
  if (twin->log.size() > kLogLength) twin->log.pop_front();
}

}  // namespace iommufd_conform
