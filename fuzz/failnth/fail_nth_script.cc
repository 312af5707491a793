#include "fuzz/failnth/fail_nth_script.h"

#include <sys/mman.h>

#include <algorithm>

namespace iommufd_conform::fuzz {
namespace {

constexpr uint32_t kReadWrite = uapi::kIommuIoasMapWriteable | uapi::kIommuIoasMapReadable;

}  // namespace

Script::Script(Backend& backend, FaultingKernel& kernel, const ScriptMemory& memory,
               FaultPlan plan)
    : backend_(backend), kernel_(kernel), memory_(memory), plan_(plan) {}

Script::~Script() {
  for (auto it = open_fds_.rbegin(); it != open_fds_.rend(); ++it) (void)backend_.Close(*it);
}

Outcome Script::Counted(const char* name, const std::function<Outcome()>& call) {
  size_t index = names_.size();
  names_.emplace_back(name);
  bool planned = plan_.nth != 0 && index == plan_.call;
  if (planned) kernel_.ArmNextCall(plan_.nth);
  Outcome outcome = call();
  if (planned) injection_ = kernel_.last_injection();
  if (!outcome.ok()) {
    failures_.push_back(std::to_string(index) + " " + name + " " + ErrnoName(outcome.error));
  }
  if (planned && injection_ && injection_->injected && !outcome.ok()) {
    // A call that failed leaves no trace: the same call again, with no fault, must be
    // answered as the model answers it. What an unwind forgot (a page left mapped in a
    // domain, a reference, an id) meets the retry, not only the end-of-sequence probe.
    names_.push_back(std::string(name) + " (retried)");
    outcome = call();
    if (!outcome.ok()) {
      failures_.push_back(std::to_string(index + 1) + " " + names_.back() + " " +
                          ErrnoName(outcome.error));
    }
  }
  return outcome;
}

void Script::CloseFd(const char* name, int fd) {
  if (fd < 0) return;
  std::erase(open_fds_, fd);
  (void)Counted(name, [&] { return backend_.Close(fd); });
}

void Script::Open() {
  Outcome outcome = Counted("open(/dev/iommu)", [&] { return backend_.OpenIommufd(); });
  fd_ = outcome.ok() ? static_cast<int>(outcome.ret) : -1;
  if (fd_ >= 0) open_fds_.push_back(fd_);
}

void Script::CloseIommufd() {
  CloseFd("close(iommufd)", fd_);
  fd_ = -1;
}

uint32_t Script::IoasAlloc() {
  uapi::IommuIoasAlloc arg{};
  return Call("IOMMU_IOAS_ALLOC", uapi::kIoctlIoasAlloc, arg).ok() ? arg.out_ioas_id : 0;
}

void Script::IovaRanges(uint32_t ioas) {
  uapi::IommuIovaRange ranges[10] = {};
  uapi::IommuIoasIovaRanges arg{};
  arg.ioas_id = ioas;
  arg.num_iovas = std::size(ranges);
  arg.allowed_iovas = reinterpret_cast<uint64_t>(ranges);
  (void)Call("IOMMU_IOAS_IOVA_RANGES", uapi::kIoctlIoasIovaRanges, arg);
}

void Script::AllowIovas(uint32_t ioas, uint64_t start, uint64_t last) {
  uapi::IommuIovaRange range{start, last};
  uapi::IommuIoasAllowIovas arg{};
  arg.ioas_id = ioas;
  arg.num_iovas = 1;
  arg.allowed_iovas = reinterpret_cast<uint64_t>(&range);
  (void)Call("IOMMU_IOAS_ALLOW_IOVAS", uapi::kIoctlIoasAllowIovas, arg);
}

uint64_t Script::Map(uint32_t ioas, uint64_t user_va, uint64_t length, uint64_t fixed_iova) {
  uapi::IommuIoasMap arg{};
  arg.flags = kReadWrite | (fixed_iova ? uint32_t{uapi::kIommuIoasMapFixedIova} : 0u);
  arg.ioas_id = ioas;
  arg.user_va = user_va;
  arg.length = length;
  arg.iova = fixed_iova;
  return Call("IOMMU_IOAS_MAP", uapi::kIoctlIoasMap, arg).ok() ? arg.iova : 0;
}

uint64_t Script::MapFile(uint32_t ioas, uint64_t start, uint64_t length) {
  uapi::IommuIoasMapFile arg{};
  arg.flags = kReadWrite;
  arg.ioas_id = ioas;
  arg.fd = memory_.memfd;
  arg.start = start;
  arg.length = length;
  return Call("IOMMU_IOAS_MAP_FILE", uapi::kIoctlIoasMapFile, arg).ok() ? arg.iova : 0;
}

void Script::Copy(uint32_t ioas_dst, uint32_t ioas_src, uint64_t src_iova, uint64_t length) {
  uapi::IommuIoasCopy arg{};
  arg.flags = kReadWrite;
  arg.dst_ioas_id = ioas_dst;
  arg.src_ioas_id = ioas_src;
  arg.src_iova = src_iova;
  arg.length = length;
  (void)Call("IOMMU_IOAS_COPY", uapi::kIoctlIoasCopy, arg);
}

void Script::Unmap(uint32_t ioas, uint64_t iova, uint64_t length) {
  uapi::IommuIoasUnmap arg{};
  arg.ioas_id = ioas;
  arg.iova = iova;
  arg.length = length;
  (void)Call("IOMMU_IOAS_UNMAP", uapi::kIoctlIoasUnmap, arg);
}

void Script::Destroy(uint32_t id) {
  uapi::IommuDestroy arg{};
  arg.id = id;
  (void)Call("IOMMU_DESTROY", uapi::kIoctlDestroy, arg);
}

void Script::Probe(uint32_t ioas) {
  IovaRanges(ioas);
  Unmap(ioas, 0, UINT64_MAX);
}

Outcome Script::Test(const char* name, uapi::IommuTestCmd& cmd) {
  return Call(name, uapi::kIoctlTestCmd, cmd);
}

Script::MockDevice Script::MockDomain(uint32_t pt, uint32_t dev_flags) {
  uapi::IommuTestCmd cmd{};
  cmd.id = pt;
  if (dev_flags) {
    cmd.op = uapi::kIommuTestOpMockDomainFlags;
    cmd.mock_domain_flags.dev_flags = dev_flags;
    if (!Test("TEST_OP_MOCK_DOMAIN_FLAGS", cmd).ok()) return {};
    return {cmd.mock_domain_flags.out_stdev_id, cmd.mock_domain_flags.out_hwpt_id,
            cmd.mock_domain_flags.out_idev_id};
  }
  cmd.op = uapi::kIommuTestOpMockDomain;
  if (!Test("TEST_OP_MOCK_DOMAIN", cmd).ok()) return {};
  return {cmd.mock_domain.out_stdev_id, cmd.mock_domain.out_hwpt_id, cmd.mock_domain.out_idev_id};
}

void Script::MockDomainReplace(uint32_t stdev, uint32_t pt) {
  uapi::IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpMockDomainReplace;
  cmd.id = stdev;
  cmd.mock_domain_replace.pt_id = pt;
  (void)Test("TEST_OP_MOCK_DOMAIN_REPLACE", cmd);
}

void Script::SetTempMemoryLimit(uint32_t pages) {
  uapi::IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpSetTempMemoryLimit;
  cmd.memory_limit.limit = pages;
  (void)Test("TEST_OP_SET_TEMP_MEMORY_LIMIT", cmd);
}

int Script::CreateAccess(uint32_t ioas, uint32_t flags) {
  uapi::IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpCreateAccess;
  cmd.id = ioas;
  cmd.create_access.flags = flags;
  if (!Test("TEST_OP_CREATE_ACCESS", cmd).ok()) return -1;
  int fd = static_cast<int>(cmd.create_access.out_access_fd);
  open_fds_.push_back(fd);
  return fd;
}

void Script::CloseAccess(int access_fd) { CloseFd("close(access)", access_fd); }

void Script::AccessRw(int access_fd, uint64_t iova, uint64_t length, uint64_t uptr,
                      uint32_t flags) {
  uapi::IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpAccessRw;
  cmd.id = static_cast<uint32_t>(access_fd);
  cmd.access_rw = {iova, length, uptr, flags};
  (void)Test("TEST_OP_ACCESS_RW", cmd);
}

uint32_t Script::AccessPages(int access_fd, uint64_t iova, uint64_t length, uint64_t uptr) {
  uapi::IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpAccessPages;
  cmd.id = static_cast<uint32_t>(access_fd);
  cmd.access_pages.iova = iova;
  cmd.access_pages.length = length;
  cmd.access_pages.uptr = uptr;
  return Test("TEST_OP_ACCESS_PAGES", cmd).ok() ? cmd.access_pages.out_access_pages_id : 0;
}

void Script::DestroyAccessPages(int access_fd, uint32_t pages_id) {
  uapi::IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpDestroyAccessPages;
  cmd.id = static_cast<uint32_t>(access_fd);
  cmd.destroy_access_pages.access_pages_id = pages_id;
  (void)Test("TEST_OP_DESTROY_ACCESS_PAGES", cmd);
}

void Script::HwInfo(uint32_t idev) {
  uapi::IommuTestHwInfo info{};
  uapi::IommuHwInfo arg{};
  arg.dev_id = idev;
  arg.data_len = sizeof(info);
  arg.data_uptr = reinterpret_cast<uint64_t>(&info);
  (void)Call("IOMMU_GET_HW_INFO", uapi::kIoctlGetHwInfo, arg);
}

uint32_t Script::HwptAlloc(uint32_t idev, uint32_t pt, uint32_t flags, uint32_t fault_id,
                           bool selftest_data) {
  uapi::IommuHwptSelftest data{};
  data.iotlb = uapi::kIommuTestIotlbDefault;
  uapi::IommuHwptAlloc arg{};
  arg.flags = flags;
  arg.dev_id = idev;
  arg.pt_id = pt;
  arg.fault_id = fault_id;
  if (selftest_data) {
    arg.data_type = uapi::kIommuHwptDataSelftest;
    arg.data_len = sizeof(data);
    arg.data_uptr = reinterpret_cast<uint64_t>(&data);
  }
  return Call("IOMMU_HWPT_ALLOC", uapi::kIoctlHwptAlloc, arg).ok() ? arg.out_hwpt_id : 0;
}

uint32_t Script::ViommuAlloc(uint32_t idev, uint32_t hwpt) {
  uapi::IommuViommuAlloc arg{};
  arg.type = uapi::kIommuViommuTypeSelftest;
  arg.dev_id = idev;
  arg.hwpt_id = hwpt;
  return Call("IOMMU_VIOMMU_ALLOC", uapi::kIoctlViommuAlloc, arg).ok() ? arg.out_viommu_id : 0;
}

uint32_t Script::VdeviceAlloc(uint32_t viommu, uint32_t idev, uint64_t virt_id) {
  uapi::IommuVdeviceAlloc arg{};
  arg.viommu_id = viommu;
  arg.dev_id = idev;
  arg.virt_id = virt_id;
  return Call("IOMMU_VDEVICE_ALLOC", uapi::kIoctlVdeviceAlloc, arg).ok() ? arg.out_vdevice_id
                                                                          : 0;
}

uint32_t Script::HwQueueAlloc(uint32_t viommu, uint64_t iova, uint64_t length) {
  uapi::IommuHwQueueAlloc arg{};
  arg.viommu_id = viommu;
  arg.type = uapi::kIommuHwQueueTypeSelftest;
  arg.nesting_parent_iova = iova;
  arg.length = length;
  return Call("IOMMU_HW_QUEUE_ALLOC", uapi::kIoctlHwQueueAlloc, arg).ok() ? arg.out_hw_queue_id
                                                                           : 0;
}

uint32_t Script::FaultAlloc() {
  uapi::IommuFaultAlloc arg{};
  if (!Call("IOMMU_FAULT_QUEUE_ALLOC", uapi::kIoctlFaultQueueAlloc, arg).ok()) return 0;
  int fd = static_cast<int>(arg.out_fault_fd);
  open_fds_.push_back(fd);
  CloseFd("close(fault queue)", fd);
  return arg.out_fault_id;
}

uint32_t Script::VeventqAlloc(uint32_t viommu, uint32_t depth) {
  uapi::IommuVeventqAlloc arg{};
  arg.viommu_id = viommu;
  arg.type = uapi::kIommuVeventqTypeSelftest;
  arg.veventq_depth = depth;
  if (!Call("IOMMU_VEVENTQ_ALLOC", uapi::kIoctlVeventqAlloc, arg).ok()) return 0;
  int fd = static_cast<int>(arg.out_veventq_fd);
  open_fds_.push_back(fd);
  CloseFd("close(veventq)", fd);
  return arg.out_veventq_id;
}

void Script::PasidAttach(uint32_t stdev, uint32_t pasid, uint32_t pt) {
  uapi::IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpPasidAttach;
  cmd.id = stdev;
  cmd.pasid_attach = {pasid, pt};
  (void)Test("TEST_OP_PASID_ATTACH", cmd);
}

void Script::PasidReplace(uint32_t stdev, uint32_t pasid, uint32_t pt) {
  uapi::IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpPasidReplace;
  cmd.id = stdev;
  cmd.pasid_replace = {pasid, pt};
  (void)Test("TEST_OP_PASID_REPLACE", cmd);
}

void Script::PasidDetach(uint32_t stdev, uint32_t pasid) {
  uapi::IommuTestCmd cmd{};
  cmd.op = uapi::kIommuTestOpPasidDetach;
  cmd.id = stdev;
  cmd.pasid_detach.pasid = pasid;
  (void)Test("TEST_OP_PASID_DETACH", cmd);
}

}  // namespace iommufd_conform::fuzz
