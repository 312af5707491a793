#include "harness/vm/platform.h"

namespace iommufd_conform {
namespace {

// QEMU's "edu" teaching device: a PCI function no guest driver claims, so vfio-pci can have it.
constexpr const char* kEduId = "1234:11e8";
// Its DMA engine masks addresses to 28 bits unless told otherwise; device-DMA cases use
// IOVAs anywhere the IOMMU allows.
constexpr const char* kEdu = "edu,dma_mask=0xffffffffffffffff";

// Binding a device needs MSI isolation, which these emulated IOMMUs do not provide.
constexpr const char* kUnsafeInterrupts = "iommufd.allow_unsafe_interrupts=1";

std::vector<Platform> MakePlatforms() {
  const std::string x86 = "qemu-system-x86_64";
  const std::string arm = "qemu-system-aarch64";
  // pauth-impdef: QEMU's own pointer-auth hash is much cheaper to emulate than the
  // architected QARMA one, and guests cannot tell.
  const std::vector<std::string> arm_cpu = {"-cpu", "max,pauth-impdef=on"};
  // QEMU's default qemu64 lacks popcnt, which the libFuzzer runtime of the guest fuzzer
  // uses; these are the x86-64-v2 features (glibc picks string routines by them).
  const std::vector<std::string> x86_cpu = {"-cpu", "qemu64,+ssse3,+sse4.1,+sse4.2,+popcnt,+cx16"};
  auto with = [](std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  return {
      {Arch::kX86_64, "vtd", "q35 with emulated Intel VT-d (interrupt remapping on) and edu", x86,
       with({"-M", "q35,kernel-irqchip=split", "-device", "intel-iommu,intremap=on",
             "-device", kEdu},
            x86_cpu),
       // no_timer_check: on a loaded host the TCG guest misses the IO-APIC timer probe and,
       // with interrupt remapping on, panics ("timer doesn't work through Interrupt-remapped
       // IO-APIC"); seen on 7.2 at load average ~20.
       "ttyS0", {"intel_iommu=on", "no_timer_check"}, {kEduId}},
      // With interrupt remapping the AMD-Vi guest panics ("timer doesn't work through
      // Interrupt-remapped IO-APIC"); without an IO-APIC it boots.
      {Arch::kX86_64, "amd", "q35 with emulated AMD-Vi and edu (booted with noapic)", x86,
       with({"-M", "q35,kernel-irqchip=split", "-device", "amd-iommu", "-device", kEdu},
            x86_cpu),
       "ttyS0", {"noapic", kUnsafeInterrupts}, {kEduId}},
      {Arch::kX86_64, "virtio", "q35 with virtio-iommu and edu", x86,
       with({"-M", "q35", "-device", "virtio-iommu-pci", "-device", kEdu}, x86_cpu),
       "ttyS0", {kUnsafeInterrupts, "no_timer_check"}, {kEduId}},
      // Without remapping a failed timer check still panics at last ("IO-APIC + timer
      // doesn't work!"), seen on 7.3 under the same load.
      {Arch::kX86_64, "none", "q35 without an IOMMU (selftest mock devices only)", x86,
       with({"-M", "q35"}, x86_cpu), "ttyS0", {"no_timer_check"}, {}},
      {Arch::kArm64, "smmuv3", "virt with emulated SMMUv3, GICv3 and edu", arm,
       with({"-M", "virt,iommu=smmuv3,gic-version=3", "-device", kEdu}, arm_cpu),
       "ttyAMA0", {}, {kEduId}},
      {Arch::kArm64, "virtio", "virt with virtio-iommu, GICv3 and edu", arm,
       with({"-M", "virt,gic-version=3", "-device", "virtio-iommu-pci", "-device", kEdu},
            arm_cpu),
       "ttyAMA0", {}, {kEduId}},
      {Arch::kArm64, "none", "virt without an IOMMU (selftest mock devices only)", arm,
       with({"-M", "virt,gic-version=3"}, arm_cpu), "ttyAMA0", {}, {}},
  };
}

}  // namespace

const std::vector<Platform>& Platforms() {
  static const std::vector<Platform> platforms = MakePlatforms();
  return platforms;
}

std::vector<std::string> PlatformNames(Arch arch) {
  std::vector<std::string> names;
  for (const auto& platform : Platforms()) {
    if (platform.arch == arch) names.push_back(platform.name);
  }
  return names;
}

HarnessResult<const Platform*> FindPlatform(Arch arch, std::string_view name) {
  for (const auto& platform : Platforms()) {
    if (platform.arch == arch && platform.name == name) return &platform;
  }
  std::string valid;
  for (const auto& known : PlatformNames(arch)) valid += (valid.empty() ? "" : ", ") + known;
  return MakeError(HarnessErrorKind::kUsage, "unknown platform '" + std::string(name) + "' for " +
                                                 std::string(ArchName(arch)) +
                                                 " (valid: " + valid + ")");
}

}  // namespace iommufd_conform
