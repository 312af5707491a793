#include "fuzz/failnth/fail_nth_sequences.h"

#include <array>

namespace iommufd_conform::fuzz {
namespace {

constexpr uint64_t kSmall = 256 * 1024;  // what the domain and access sequences map
constexpr uint32_t kLimitPages = 32;     // a small batch limit reaches the batch-split paths
constexpr uint32_t kPasid = 200;

void IoasBasics(Script& s) {
  s.Open();
  uint32_t ioas = s.IoasAlloc();
  s.IovaRanges(ioas);
  s.AllowIovas(ioas, 16 * 1024, s.memory().buffer_bytes * 4 - 1);
  uint64_t iova = s.Map(ioas, s.memory().buffer, s.memory().buffer_bytes);
  s.Copy(ioas, ioas, iova, 4096);
  s.Unmap(ioas, iova, s.memory().buffer_bytes);
  s.Unmap(ioas, iova, s.memory().buffer_bytes);  // nothing left there: the ENOENT path
  s.Probe(ioas);
  s.CloseIommufd();
}

void DomainThenMap(Script& s, bool from_file) {
  s.Open();
  uint32_t ioas = s.IoasAlloc();
  s.SetTempMemoryLimit(kLimitPages);
  Script::MockDevice device = s.MockDomain(ioas);
  if (from_file) {
    s.MapFile(ioas, 0, kSmall);
  } else {
    s.Map(ioas, s.memory().buffer, kSmall);
  }
  s.Destroy(device.stdev);
  s.MockDomain(ioas);  // a new domain filled from the existing mapping
  s.Probe(ioas);
  s.CloseIommufd();
}

void MapDomain(Script& s) { DomainThenMap(s, false); }
void MapFileDomain(Script& s) { DomainThenMap(s, true); }

void MapTwoDomains(Script& s) {
  s.Open();
  uint32_t ioas = s.IoasAlloc();
  s.SetTempMemoryLimit(kLimitPages);
  Script::MockDevice first = s.MockDomain(ioas);
  Script::MockDevice second = s.MockDomain(ioas);
  s.Map(ioas, s.memory().buffer, kSmall);
  s.Destroy(first.stdev);
  s.Destroy(second.stdev);
  s.MockDomain(ioas);
  s.MockDomain(ioas);
  s.Probe(ioas);
  s.CloseIommufd();
}

void AccessReadWrite(Script& s) {
  s.Open();
  uint32_t ioas = s.IoasAlloc();
  s.SetTempMemoryLimit(kLimitPages);
  uint64_t iova = s.Map(ioas, s.memory().buffer, kSmall);
  int access = s.CreateAccess(ioas, 0);
  // The scratch half of the buffer is never mapped, so copies never alias the source.
  uint64_t scratch = s.memory().buffer + s.memory().buffer_bytes / 2;
  for (uint32_t flags : {0u, uapi::kMockAccessRwWrite, uapi::kMockAccessRwSlowPath,
                         uapi::kMockAccessRwSlowPath | uapi::kMockAccessRwWrite}) {
    s.AccessRw(access, iova, 64, scratch, flags);
  }
  s.AccessRw(access, iova, 32 * 1024, scratch, uapi::kMockAccessRwSlowPath);
  s.CloseAccess(access);
  s.Probe(ioas);
  s.CloseIommufd();
}

void AccessPin(Script& s, bool with_domain) {
  s.Open();
  uint32_t ioas = s.IoasAlloc();
  s.SetTempMemoryLimit(kLimitPages);
  Script::MockDevice device;
  if (with_domain) device = s.MockDomain(ioas);
  uint64_t length = s.memory().buffer_bytes / 2;
  uint64_t iova = s.Map(ioas, s.memory().buffer, length);
  int access = s.CreateAccess(ioas, uapi::kMockFlagsAccessCreateNeedsPinPages);
  uint32_t pages = s.AccessPages(access, iova, length, s.memory().buffer);
  s.DestroyAccessPages(access, pages);
  s.CloseAccess(access);
  if (with_domain) s.Destroy(device.stdev);
  s.Probe(ioas);
  s.CloseIommufd();
}

void AccessPinNoDomain(Script& s) { AccessPin(s, false); }
void AccessPinDomain(Script& s) { AccessPin(s, true); }

void DeviceChain(Script& s) {
  s.Open();
  uint32_t ioas = s.IoasAlloc();
  uint32_t ioas2 = s.IoasAlloc();
  uint64_t page = 4096;
  uint64_t iova = uapi::kMockApertureStart;
  s.Map(ioas, s.memory().buffer, page, iova);
  s.Map(ioas2, s.memory().buffer, page, iova);
  Script::MockDevice device = s.MockDomain(ioas, uapi::kMockFlagsDevicePasid);
  s.HwInfo(device.idev);
  uint32_t hwpt = s.HwptAlloc(device.idev, ioas, uapi::kIommuHwptAllocPasid);
  s.MockDomainReplace(device.stdev, ioas2);
  s.MockDomainReplace(device.stdev, hwpt);
  uint32_t parent = s.HwptAlloc(device.idev, ioas,
                                uapi::kIommuHwptAllocNestParent | uapi::kIommuHwptAllocPasid);
  uint32_t viommu = s.ViommuAlloc(device.idev, parent);
  s.VdeviceAlloc(viommu, device.idev, 0);
  s.HwQueueAlloc(viommu, iova, page);
  uint32_t fault = s.FaultAlloc();
  s.HwptAlloc(device.idev, parent, uapi::kIommuHwptFaultIdValid, fault, true);
  s.VeventqAlloc(viommu, 2);
  uint32_t other = s.HwptAlloc(device.idev, ioas, uapi::kIommuHwptAllocPasid);
  s.PasidAttach(device.stdev, kPasid, parent);
  s.PasidReplace(device.stdev, kPasid, other);
  s.PasidDetach(device.stdev, kPasid);
  // Again, for runs whose first detach failed: closing the iommufd with a PASID still
  // attached WARNs (a known kernel bug, reference/divergences.txt
  // selftest-destroy-leaves-pasids-attached), which would end the walk.
  s.PasidDetach(device.stdev, kPasid);
  s.Probe(ioas2);
  s.CloseIommufd();
}

constexpr std::array kSequences = {
    FailNthSequence{"ioas_basics", IoasBasics},
    FailNthSequence{"map_domain", MapDomain},
    FailNthSequence{"map_file_domain", MapFileDomain},
    FailNthSequence{"map_two_domains", MapTwoDomains},
    FailNthSequence{"access_rw", AccessReadWrite},
    FailNthSequence{"access_pin", AccessPinNoDomain},
    FailNthSequence{"access_pin_domain", AccessPinDomain},
    FailNthSequence{"device", DeviceChain},
};

}  // namespace

std::span<const FailNthSequence> FailNthSequences() { return kSequences; }

}  // namespace iommufd_conform::fuzz
