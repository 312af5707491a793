#include "harness/backend/diff_backend.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/backend/model_backend.h"
#include "harness/backend/scripted_backend.h"
#include "reference/uapi/iommufd.h"
#include "reference/uapi/iommufd_test.h"
#include "reference/uapi/vfio.h"

namespace iommufd_conform {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using Kind = DivergenceEvent::Kind;

constexpr uint32_t kReadWrite = uapi::kIommuIoasMapReadable | uapi::kIommuIoasMapWriteable;

class DiffBackendTest : public ::testing::Test {
 protected:
  // Both sides scripted.
  void UseScriptedModel() {
    auto model = std::make_unique<ScriptedBackend>(3);
    model_ = model.get();
    Make(std::move(model));
  }
  // The real model behind a scripted kernel: for what the model itself must do.
  void UseRealModel(model::Platform platform = model::Platform::kNone) {
    auto profile = model::KernelProfileFor("7.2");
    Make(std::make_unique<ModelBackend>(model::ModelConfig{*profile, platform}),
         DivergenceManifest(), platform);
  }
  void Make(std::unique_ptr<Backend> model, DivergenceManifest manifest = DivergenceManifest(),
            model::Platform platform = model::Platform::kNone) {
    auto kernel = std::make_unique<ScriptedBackend>(20);
    kernel_ = kernel.get();
    diff_ = std::make_unique<DiffBackend>(std::move(kernel), std::move(model),
                                          DiffTarget{"7.2", platform}, std::move(manifest));
    diff_->SetSink([this](const DivergenceEvent& event) { events_.push_back(event); });
  }

  // Sets a field of the caller's struct, as a kernel's or model's answer.
  template <typename T>
  static ScriptedBackend::Handler Answer(std::function<void(T&)> change, int error = 0) {
    return [=](int, unsigned long, void* arg) {
      change(*static_cast<T*>(arg));
      return error ? Outcome::Failure(error) : Outcome::Success(0);
    };
  }

  // An iommufd whose IOAS 1 both sides made (the model chooses its own id 1 as well).
  int OpenWithIoas() {
    int fd = static_cast<int>(diff_->OpenIommufd().ret);
    uapi::IommuIoasAlloc alloc{sizeof(alloc), 0, 0};
    kernel_->handler = Answer<uapi::IommuIoasAlloc>([](auto& a) { a.out_ioas_id = 1; });
    (void)diff_->Ioctl(fd, uapi::kIoctlIoasAlloc, &alloc, sizeof(alloc));
    return fd;
  }

  std::vector<Kind> Kinds() const {
    std::vector<Kind> kinds;
    for (const DivergenceEvent& event : events_) kinds.push_back(event.kind);
    return kinds;
  }

  ScriptedBackend* kernel_ = nullptr;
  ScriptedBackend* model_ = nullptr;
  std::unique_ptr<DiffBackend> diff_;
  std::vector<DivergenceEvent> events_;
};

TEST_F(DiffBackendTest, CallerSeesTheKernelWhileTheModelStartsFromTheSameBytes) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  EXPECT_EQ(fd, 20);  // the caller's descriptors are the kernel's
  kernel_->handler = Answer<uapi::IommuIoasAlloc>([](auto& a) { a.out_ioas_id = 7; });
  model_->handler = Answer<uapi::IommuIoasAlloc>([](auto& a) { a.out_ioas_id = 1; });
  uapi::IommuIoasAlloc alloc{sizeof(alloc), 0, 0};
  Outcome outcome = diff_->Ioctl(fd, uapi::kIoctlIoasAlloc, &alloc, sizeof(alloc));

  EXPECT_EQ(alloc.out_ioas_id, 7u);
  EXPECT_EQ(outcome.As<uapi::IommuIoasAlloc>().out_ioas_id, 7u);
  ASSERT_THAT(model_->seen, SizeIs(1));
  EXPECT_EQ(model_->seen[0], kernel_->seen[0]);  // not the kernel's answer
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kUnexpected);
  EXPECT_THAT(events_[0].report, HasSubstr("first difference: out_ioas_id (byte 8): kernel 7, "
                                           "model 1"));
  EXPECT_THAT(events_[0].report, HasSubstr("    open(/dev/iommu) -> ok(ret=20)"));
  EXPECT_EQ(diff_->summary().unexpected.at("IOMMU_IOAS_ALLOC"), 1);
}

TEST_F(DiffBackendTest, OutputRegionsArePrivateToTheModelAndCompared) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  uapi::IommuIovaRange ranges[2] = {};
  uint64_t model_array = 0;
  auto fill = [](uint64_t last, uint64_t* seen) {
    return [last, seen](int, unsigned long, void* arg) {
      auto* cmd = static_cast<uapi::IommuIoasIovaRanges*>(arg);
      auto* out = reinterpret_cast<uapi::IommuIovaRange*>(cmd->allowed_iovas);
      EXPECT_EQ(out[0].last, 0u) << "a side saw the other's output";
      out[0] = {0, last};
      cmd->num_iovas = 1;
      if (seen) *seen = cmd->allowed_iovas;
      return Outcome::Success(0);
    };
  };
  kernel_->handler = fill(UINT64_MAX, nullptr);
  model_->handler = fill(0xffff'ffff, &model_array);
  uapi::IommuIoasIovaRanges cmd{sizeof(cmd), 1, 2, 0, reinterpret_cast<uintptr_t>(ranges), 0};
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasIovaRanges, &cmd, sizeof(cmd));

  // The model wrote a copy of its own; the caller's array and struct hold the kernel's bytes.
  EXPECT_NE(model_array, reinterpret_cast<uintptr_t>(ranges));
  EXPECT_EQ(ranges[0].last, UINT64_MAX);
  EXPECT_EQ(ranges[1].last, 0u);
  EXPECT_EQ(cmd.allowed_iovas, reinterpret_cast<uintptr_t>(ranges));
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_THAT(events_[0].report,
              HasSubstr("allowed_iovas[0].last (region byte 12): kernel 0xffffffffffffffff, "
                        "model 0xffffffff"));
}

TEST_F(DiffBackendTest, UnionMemberRegionsCountOnlyForTheirOp) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  char data[4] = {};
  auto write = [](char c) {
    return [c](int, unsigned long, void* arg) {
      auto* cmd = static_cast<uapi::IommuTestCmd*>(arg);
      *reinterpret_cast<char*>(cmd->access_rw.uptr) = c;
      return Outcome::Success(0);
    };
  };
  kernel_->handler = write('k');
  model_->handler = write('m');
  uapi::IommuTestCmd cmd{};
  cmd.size = sizeof(cmd);
  cmd.op = uapi::kIommuTestOpAccessRw;
  cmd.access_rw = {0x1000, sizeof(data), reinterpret_cast<uintptr_t>(data), 0};
  (void)diff_->Ioctl(fd, uapi::kIoctlTestCmd, &cmd, sizeof(cmd));
  EXPECT_EQ(data[0], 'k');
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_THAT(events_[0].report, HasSubstr("first difference: access_rw.uptr[0] (region byte 0)"));

  // The same bytes under another op are not a buffer the call writes: each side writes
  // where the pointer says, and the model's write lands in the caller's memory.
  data[0] = 0;
  cmd.op = uapi::kIommuTestOpMdCheckMap;
  (void)diff_->Ioctl(fd, uapi::kIoctlTestCmd, &cmd, sizeof(cmd));
  EXPECT_THAT(events_, SizeIs(1));
}

TEST_F(DiffBackendTest, TheDirtyBitmapIsComparedAndTheCallerSeesOnlyTheKernelsBits) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  uint64_t bitmap[2] = {};
  auto mark = [](uint64_t bits) {
    return [bits](int, unsigned long, void* arg) {
      auto* cmd = static_cast<uapi::IommuHwptGetDirtyBitmap*>(arg);
      *reinterpret_cast<uint64_t*>(cmd->data) |= bits;
      return Outcome::Success(0);
    };
  };
  kernel_->handler = mark(0b0101);
  model_->handler = mark(0b0111);
  // 8 pages of 4 KiB: one word of bits.
  uapi::IommuHwptGetDirtyBitmap get{sizeof(get), 2, 0, 0, 0x100000, 8 * 4096, 4096,
                                    reinterpret_cast<uintptr_t>(bitmap)};
  (void)diff_->Ioctl(fd, uapi::kIoctlHwptGetDirtyBitmap, &get, sizeof(get));
  EXPECT_EQ(bitmap[0], 0b0101u) << "the caller must not see the model's bits";
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kUnexpected);
  EXPECT_THAT(events_[0].report, HasSubstr("data[0] (region byte 0): kernel 0x05, model 0x07"));
}

TEST_F(DiffBackendTest, AFailureThatWritesNothingComparesNoRegion) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  static char data[64];
  // The caller's memory changes while the kernel refuses the call (the harness's own data,
  // as in a fuzzer's wild pointer): not an answer of either side.
  kernel_->handler = [](int, unsigned long, void*) {
    data[7] = 0x10;
    return Outcome::Failure(E2BIG);
  };
  model_->handler = [](int, unsigned long, void*) { return Outcome::Failure(E2BIG); };
  uapi::IommuViommuAlloc alloc{};
  alloc.size = sizeof(alloc);
  alloc.data_len = sizeof(data);
  alloc.data_uptr = reinterpret_cast<uintptr_t>(data);
  int compared = diff_->summary().compared;
  (void)diff_->Ioctl(fd, uapi::kIoctlViommuAlloc, &alloc, sizeof(alloc));
  EXPECT_THAT(events_, IsEmpty());
  EXPECT_EQ(diff_->summary().compared, compared + 1);
}

TEST_F(DiffBackendTest, BytesTheHarnessChangesAreNobodysAnswer) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  static char data[64];
  kernel_->handler = [](int, unsigned long, void* arg) {
    *reinterpret_cast<char*>(static_cast<uapi::IommuHwInfo*>(arg)->data_uptr) = 'k';
    return Outcome::Success(0);
  };
  // Between the kernel's answer and the comparison, this process itself writes the buffer.
  model_->handler = [](int, unsigned long, void* arg) {
    *reinterpret_cast<char*>(static_cast<uapi::IommuHwInfo*>(arg)->data_uptr) = 'k';
    data[9] = 'h';
    return Outcome::Success(0);
  };
  uapi::IommuHwInfo info{};
  info.size = sizeof(info);
  info.data_len = sizeof(data);
  info.data_uptr = reinterpret_cast<uintptr_t>(data);
  int compared = diff_->summary().compared;
  (void)diff_->Ioctl(fd, uapi::kIoctlGetHwInfo, &info, sizeof(info));
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kUnverifiable);
  EXPECT_EQ(events_[0].reason, "not compared: data_uptr: 1 bytes changed by the harness itself");
  EXPECT_EQ(diff_->summary().compared, compared);
}

TEST_F(DiffBackendTest, ManifestEntriesMakeDivergencesExpected) {
  constexpr std::string_view kManifest = R"([alloc-id]
call: IOMMU_IOAS_ALLOC
kernel: ok
model: ok
field: out_ioas_id
kernels: 7.2
platforms: none
reason: made up for the test
kernel-bug: no
)";
  auto model = std::make_unique<ScriptedBackend>(3);
  model_ = model.get();
  Make(std::move(model), ParseDivergenceManifest(kManifest).manifest);
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  kernel_->handler = Answer<uapi::IommuIoasAlloc>([](auto& a) { a.out_ioas_id = 2; });
  uapi::IommuIoasAlloc alloc{sizeof(alloc), 0, 0};
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasAlloc, &alloc, sizeof(alloc));
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kExpected);
  EXPECT_EQ(events_[0].reason, "[alloc-id] made up for the test");
}

// An accepted divergence where one side took the call leaves the states apart, unless the
// manifest says the call changes nothing.
class AcceptedDivergenceTest : public DiffBackendTest,
                               public ::testing::WithParamInterface<bool> {};

TEST_P(AcceptedDivergenceTest, LaterCallsAreComparedOnlyWhileTheStatesAreInStep) {
  bool unchanged = GetParam();
  std::string manifest = R"([destroy-ioas]
call: IOMMU_DESTROY
kernel: ok
model: ENOENT
object: ioas
kernels: 7.2
platforms: none
reason: made up for the test
kernel-bug: no
)";
  if (unchanged) manifest += "state: unchanged\n";
  auto model = std::make_unique<ScriptedBackend>(3);
  model_ = model.get();
  ManifestParse parsed = ParseDivergenceManifest(manifest);
  ASSERT_THAT(parsed.errors, IsEmpty());
  Make(std::move(model), parsed.manifest);
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  kernel_->handler = Answer<uapi::IommuIoasAlloc>([](auto& a) { a.out_ioas_id = 7; });
  model_->handler = Answer<uapi::IommuIoasAlloc>([](auto& a) { a.out_ioas_id = 7; });
  uapi::IommuIoasAlloc alloc{sizeof(alloc), 0, 0};
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasAlloc, &alloc, sizeof(alloc));
  kernel_->handler = [](int, unsigned long, void*) { return Outcome::Success(0); };
  model_->handler = [](int, unsigned long, void*) { return Outcome::Failure(ENOENT); };
  uapi::IommuDestroy destroy{sizeof(destroy), 7};
  (void)diff_->Ioctl(fd, uapi::kIoctlDestroy, &destroy, sizeof(destroy));
  kernel_->handler = Answer<uapi::IommuIoasAlloc>([](auto& a) { a.out_ioas_id = 8; });
  model_->handler = Answer<uapi::IommuIoasAlloc>([](auto& a) { a.out_ioas_id = 9; });
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasAlloc, &alloc, sizeof(alloc));
  EXPECT_THAT(Kinds(), ElementsAre(Kind::kExpected,
                                   unchanged ? Kind::kUnexpected : Kind::kUnverifiable));
}

INSTANTIATE_TEST_SUITE_P(State, AcceptedDivergenceTest, ::testing::Bool());

TEST_F(DiffBackendTest, ModelAdoptsTheKernelsAutomaticIova) {
  UseRealModel();
  int fd = OpenWithIoas();

  alignas(4096) static std::byte buffer[2 * 4096];
  constexpr uint64_t kKernelIova = 0x40000;
  kernel_->handler = Answer<uapi::IommuIoasMap>([](auto& m) { m.iova = kKernelIova; });
  uapi::IommuIoasMap map{sizeof(map), kReadWrite, 1, 0, reinterpret_cast<uintptr_t>(buffer),
                         sizeof(buffer), 0};
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasMap, &map, sizeof(map));
  EXPECT_EQ(map.iova, kKernelIova);
  EXPECT_EQ(diff_->summary().adopted_iovas, 1);

  // Had the model kept its own IOVA, it would refuse to unmap the kernel's.
  kernel_->handler = [](int, unsigned long, void*) { return Outcome::Success(0); };
  uapi::IommuIoasUnmap unmap{sizeof(unmap), 1, kKernelIova, sizeof(buffer)};
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasUnmap, &unmap, sizeof(unmap));
  EXPECT_THAT(events_, IsEmpty());
}

TEST_F(DiffBackendTest, AnIovaTheModelDoesNotAllowIsADivergence) {
  UseRealModel();
  int fd = OpenWithIoas();

  alignas(4096) static std::byte buffer[4096];
  kernel_->handler = Answer<uapi::IommuIoasMap>([](auto& m) { m.iova = 0x40100; });
  uapi::IommuIoasMap map{sizeof(map), kReadWrite, 1, 0, reinterpret_cast<uintptr_t>(buffer),
                         sizeof(buffer), 0};
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasMap, &map, sizeof(map));
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kUnexpected);
  EXPECT_THAT(events_[0].report, HasSubstr("why: not aligned to 4096 with the user address's "
                                           "page offset 0 kept"));
}

TEST_F(DiffBackendTest, AnIovaOutsideTheAllowedRangesIsADivergence) {
  UseRealModel();
  int fd = OpenWithIoas();
  kernel_->handler = [](int, unsigned long, void*) { return Outcome::Success(0); };
  uapi::IommuIovaRange allowed{0x100000, 0x1fffff};
  uapi::IommuIoasAllowIovas allow{sizeof(allow), 1, 1, 0, reinterpret_cast<uintptr_t>(&allowed)};
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasAllowIovas, &allow, sizeof(allow));
  ASSERT_THAT(events_, IsEmpty());

  alignas(4096) static std::byte buffer[4096];
  for (uint64_t kernel_iova : {uint64_t{0x180000}, uint64_t{0x40000}}) {
    kernel_->handler = Answer<uapi::IommuIoasMap>([=](auto& m) { m.iova = kernel_iova; });
    uapi::IommuIoasMap map{sizeof(map), kReadWrite, 1, 0, reinterpret_cast<uintptr_t>(buffer),
                           sizeof(buffer), 0};
    (void)diff_->Ioctl(fd, uapi::kIoctlIoasMap, &map, sizeof(map));
  }
  EXPECT_EQ(diff_->summary().adopted_iovas, 1);
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_THAT(events_[0].report, HasSubstr("why: outside the allowed ranges"));
}

TEST_F(DiffBackendTest, AnIovaOverAnotherAreaIsADivergence) {
  UseRealModel();
  int fd = OpenWithIoas();
  alignas(4096) static std::byte buffer[4096];
  for (int i = 0; i < 2; ++i) {
    kernel_->handler = Answer<uapi::IommuIoasMap>([](auto& m) { m.iova = 0x40000; });
    uapi::IommuIoasMap map{sizeof(map), kReadWrite, 1, 0, reinterpret_cast<uintptr_t>(buffer),
                           sizeof(buffer), 0};
    (void)diff_->Ioctl(fd, uapi::kIoctlIoasMap, &map, sizeof(map));
  }
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_THAT(events_[0].report, HasSubstr("why: over another area"));
}

TEST_F(DiffBackendTest, WritesThroughAnIoasAreComparedAndTheCallerKeepsTheKernels) {
  UseRealModel();
  int fd = OpenWithIoas();
  alignas(4096) static std::byte target[4096];
  kernel_->handler = [](int, unsigned long, void*) { return Outcome::Success(0); };
  uapi::IommuIoasMap map{sizeof(map), kReadWrite | uapi::kIommuIoasMapFixedIova, 1, 0,
                         reinterpret_cast<uintptr_t>(target), sizeof(target), 0x100000};
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasMap, &map, sizeof(map));
  uapi::IommuTestCmd create{};
  create.size = sizeof(create);
  create.op = uapi::kIommuTestOpCreateAccess;
  create.id = 1;
  kernel_->handler = Answer<uapi::IommuTestCmd>([](auto& c) { c.create_access.out_access_fd = 30; });
  (void)diff_->Ioctl(fd, uapi::kIoctlTestCmd, &create, sizeof(create));
  ASSERT_THAT(events_, IsEmpty());

  char data[4] = {'d', 'a', 't', 'a'};
  uapi::IommuTestCmd rw{};
  rw.size = sizeof(rw);
  rw.op = uapi::kIommuTestOpAccessRw;
  rw.id = 30;
  rw.access_rw = {0x100010, sizeof(data), reinterpret_cast<uintptr_t>(data),
                  uapi::kMockAccessRwWrite};
  // A kernel that writes where it must: nothing to report.
  kernel_->handler = [](int, unsigned long, void*) {
    std::memcpy(target + 0x10, "data", 4);
    return Outcome::Success(0);
  };
  (void)diff_->Ioctl(fd, uapi::kIoctlTestCmd, &rw, sizeof(rw));
  EXPECT_THAT(events_, IsEmpty());

  // A kernel that says it wrote but did not: the model's write must not cover for it.
  std::memset(target, 0, sizeof(target));
  kernel_->handler = [](int, unsigned long, void*) { return Outcome::Success(0); };
  (void)diff_->Ioctl(fd, uapi::kIoctlTestCmd, &rw, sizeof(rw));
  EXPECT_EQ(target[0x10], std::byte{0}) << "the caller must see the kernel's memory";
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kUnexpected);
  EXPECT_THAT(events_[0].report, HasSubstr("written memory 0 byte 0"));
  EXPECT_THAT(events_[0].report, HasSubstr("kernel 0x00, model 0x64"));
}

// A VT-d device bound and attached to IOAS 1 on both sides, the page `target` mapped at
// IOVA 0x100000 with `flags`; returns the device's descriptor.
int AttachedDeviceWithAMapping(DiffBackend& diff, ScriptedBackend& kernel, std::byte* target,
                               uint32_t flags) {
  int fd = static_cast<int>(diff.OpenIommufd().ret);
  uapi::IommuIoasAlloc alloc{sizeof(alloc), 0, 0};
  kernel.handler = [](int, unsigned long, void* arg) {
    static_cast<uapi::IommuIoasAlloc*>(arg)->out_ioas_id = 1;
    return Outcome::Success(0);
  };
  (void)diff.Ioctl(fd, uapi::kIoctlIoasAlloc, &alloc, sizeof(alloc));
  int device = static_cast<int>(diff.OpenDevice("/dev/vfio/devices/vfio0").ret);
  kernel.handler = [](int, unsigned long, void* arg) {
    static_cast<uapi::VfioDeviceBindIommufd*>(arg)->out_devid = 2;
    return Outcome::Success(0);
  };
  uapi::VfioDeviceBindIommufd bind{sizeof(bind), 0, fd, 0, 0};
  (void)diff.Ioctl(device, uapi::kIoctlVfioDeviceBindIommufd, &bind, sizeof(bind));
  kernel.handler = [](int, unsigned long, void* arg) {
    static_cast<uapi::VfioDeviceAttachIommufdPt*>(arg)->pt_id = 3;
    return Outcome::Success(0);
  };
  uapi::VfioDeviceAttachIommufdPt attach{sizeof(attach), 0, 1, 0};
  (void)diff.Ioctl(device, uapi::kIoctlVfioDeviceAttachIommufdPt, &attach, sizeof(attach));
  kernel.handler = [](int, unsigned long, void*) { return Outcome::Success(0); };
  uapi::IommuIoasMap map{sizeof(map), flags | uapi::kIommuIoasMapFixedIova, 1, 0,
                         reinterpret_cast<uintptr_t>(target), 4096, 0x100000};
  (void)diff.Ioctl(fd, uapi::kIoctlIoasMap, &map, sizeof(map));
  return device;
}

TEST_F(DiffBackendTest, WhatADeviceReadsIsComparedWithTheModelsTranslation) {
  UseRealModel(model::Platform::kVtd);
  alignas(4096) static std::byte target[4096];
  std::memset(target, 0x5a, sizeof(target));
  int device = AttachedDeviceWithAMapping(*diff_, *kernel_, target, uapi::kIommuIoasMapReadable);
  ASSERT_THAT(events_, IsEmpty());

  DeviceDmaRequest read{.iova = 0x100010, .length = 8};
  std::vector<std::byte> seen(8, std::byte{0x5a});
  kernel_->dma = [&](int, const DeviceDmaRequest&) { return Outcome::Success(0, seen); };
  EXPECT_TRUE(diff_->DeviceDma(device, read).ok());
  EXPECT_THAT(events_, IsEmpty());

  // A device that read another page than the mapping names.
  seen[3] = std::byte{0x00};
  (void)diff_->DeviceDma(device, read);
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kUnexpected);
  EXPECT_THAT(events_[0].report, HasSubstr("DMA byte 3"));

  // Writing a read-only mapping reaches nothing in the model, and VT-d's driver hears of it
  // by its fault interrupt (ret 1).
  events_.clear();
  uint8_t bytes[4] = {1, 2, 3, 4};
  DeviceDmaRequest write{.write = true, .iova = 0x100000, .bytes = bytes};
  kernel_->dma = [](int, const DeviceDmaRequest&) { return Outcome::Success(1); };
  EXPECT_TRUE(diff_->DeviceDma(device, write).ok());
  EXPECT_THAT(events_, IsEmpty());

  // A kernel whose IOMMU raised no fault: the write went somewhere, or was dropped unseen.
  kernel_->dma = [](int, const DeviceDmaRequest&) { return Outcome::Success(0); };
  (void)diff_->DeviceDma(device, write);
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kUnexpected);
  EXPECT_THAT(events_[0].report, HasSubstr("kernel: ok(ret=0)"));
  EXPECT_THAT(events_[0].report, HasSubstr("model:  ok(ret=1)"));
}

TEST_F(DiffBackendTest, WhereADeviceWriteLandsIsComparedAndTheCallerKeepsTheKernels) {
  UseRealModel(model::Platform::kVtd);
  alignas(4096) static std::byte target[4096];
  std::memset(target, 0, sizeof(target));
  int device = AttachedDeviceWithAMapping(*diff_, *kernel_, target, kReadWrite);
  ASSERT_THAT(events_, IsEmpty());

  uint8_t bytes[4] = {'d', 'm', 'a', '!'};
  DeviceDmaRequest write{.write = true, .iova = 0x100020, .bytes = bytes};
  kernel_->dma = [](int, const DeviceDmaRequest&) {
    std::memcpy(target + 0x20, "dma!", 4);
    return Outcome::Success(0);
  };
  EXPECT_TRUE(diff_->DeviceDma(device, write).ok());
  EXPECT_THAT(events_, IsEmpty());

  // A device whose write went nowhere: the model's write must not cover for it.
  std::memset(target, 0, sizeof(target));
  kernel_->dma = [](int, const DeviceDmaRequest&) { return Outcome::Success(0); };
  (void)diff_->DeviceDma(device, write);
  EXPECT_EQ(target[0x20], std::byte{0}) << "the caller must see the kernel's memory";
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kUnexpected);
  EXPECT_THAT(events_[0].report, HasSubstr("kernel 0x00, model 0x64"));
}

TEST_F(DiffBackendTest, DevicesTheModelLacksAreNotCoveredAndSetTheStatesApart) {
  UseScriptedModel();
  int iommufd = static_cast<int>(diff_->OpenIommufd().ret);
  int device = static_cast<int>(diff_->OpenDevice("/dev/vfio/devices/vfio0").ret);
  uapi::VfioDeviceBindIommufd bind{sizeof(bind), 0, iommufd, 0, 0};
  (void)diff_->Ioctl(device, uapi::kIoctlVfioDeviceBindIommufd, &bind, sizeof(bind));
  EXPECT_THAT(model_->seen, IsEmpty());

  kernel_->handler = Answer<uapi::IommuIoasAlloc>([](auto& a) { a.out_ioas_id = 2; });
  model_->handler = Answer<uapi::IommuIoasAlloc>([](auto& a) { a.out_ioas_id = 1; });
  uapi::IommuIoasAlloc alloc{sizeof(alloc), 0, 0};
  (void)diff_->Ioctl(iommufd, uapi::kIoctlIoasAlloc, &alloc, sizeof(alloc));

  EXPECT_THAT(Kinds(), ElementsAre(Kind::kNotCovered, Kind::kNotCovered, Kind::kUnverifiable));
  EXPECT_EQ(events_[1].call, "VFIO_DEVICE_BIND_IOMMUFD");
  EXPECT_EQ(events_[2].reason,
            "the states were already apart: VFIO_DEVICE_BIND_IOMMUFD ran on the kernel only");
}

TEST_F(DiffBackendTest, DescriptorsPassedInReachTheModelAsItsOwn) {
  auto profile = model::KernelProfileFor("7.2");
  Make(std::make_unique<ModelBackend>(model::ModelConfig{*profile, model::Platform::kVtd}));
  int iommufd = static_cast<int>(diff_->OpenIommufd().ret);
  int device = static_cast<int>(diff_->OpenDevice("/dev/vfio/devices/vfio0").ret);
  ASSERT_EQ(iommufd, 20);  // the model's numbers start at 3

  // A number no descriptor has is bad for both sides.
  kernel_->handler = [](int, unsigned long, void*) { return Outcome::Failure(EBADF); };
  uapi::VfioDeviceBindIommufd bad{sizeof(bad), 0, 1000, 0, 0};
  EXPECT_THAT(diff_->Ioctl(device, uapi::kIoctlVfioDeviceBindIommufd, &bad, sizeof(bad)).error,
              EBADF);
  // A file of the caller's own that is no iommufd reaches the model as it is, so both sides
  // tell it from a closed number.
  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  ASSERT_GE(null, 0);
  kernel_->handler = [](int, unsigned long, void*) { return Outcome::Failure(EBADFD); };
  uapi::VfioDeviceBindIommufd other{sizeof(other), 0, null, 0, 0};
  EXPECT_THAT(diff_->Ioctl(device, uapi::kIoctlVfioDeviceBindIommufd, &other, sizeof(other)).error,
              EBADFD);
  close(null);
  EXPECT_THAT(events_, IsEmpty());

  kernel_->handler = Answer<uapi::VfioDeviceBindIommufd>([](auto& b) { b.out_devid = 1; });
  uapi::VfioDeviceBindIommufd bind{sizeof(bind), 0, iommufd, 0, 0};
  EXPECT_TRUE(diff_->Ioctl(device, uapi::kIoctlVfioDeviceBindIommufd, &bind, sizeof(bind)).ok());
  EXPECT_THAT(events_, IsEmpty());
  // The caller's struct keeps its own number.
  EXPECT_EQ(bind.iommufd, iommufd);
  EXPECT_EQ(bind.out_devid, 1u);
}

TEST_F(DiffBackendTest, ADeviceTheModelDescribesOtherwiseIsADivergence) {
  auto profile = model::KernelProfileFor("7.2");
  // The AMD-Vi guest's edu sits at another PCI function than the VT-d guest's.
  DiffBackend diff(
      std::make_unique<ModelBackend>(model::ModelConfig{*profile, model::Platform::kAmdVi}),
      std::make_unique<ModelBackend>(model::ModelConfig{*profile, model::Platform::kVtd}),
      DiffTarget{"7.2", model::Platform::kVtd}, DivergenceManifest());
  diff.SetSink([this](const DivergenceEvent& event) { events_.push_back(event); });
  std::vector<DeviceInfo> devices = diff.Devices();
  ASSERT_THAT(devices, SizeIs(2));
  EXPECT_EQ(devices[0].pci_address, "0000:00:02.0");  // the kernel's list
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kUnexpected);
  EXPECT_EQ(events_[0].call, "devices");
  EXPECT_THAT(events_[0].report, HasSubstr("kernel 0000:00:02.0 1234:11e8, model 0000:00:01.0"));
}

TEST_F(DiffBackendTest, AnEnottyOfTheModelIsAnAnswerUnlessItDeclaresTheCallUnmodelled) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  model_->handler = [](int, unsigned long, void*) { return Outcome::Failure(ENOTTY); };
  uapi::IommuHwptAlloc alloc{};
  alloc.size = sizeof(alloc);
  kernel_->handler = [](int, unsigned long, void*) { return Outcome::Failure(ENOENT); };
  (void)diff_->Ioctl(fd, uapi::kIoctlHwptAlloc, &alloc, sizeof(alloc));
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kUnexpected);

  uapi::IommuIoasNoiommuGetPa get{};
  get.size = sizeof(get);
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasNoiommuGetPa, &get, sizeof(get));
  ASSERT_THAT(events_, SizeIs(2));
  EXPECT_EQ(events_[1].kind, Kind::kNotCovered);
  EXPECT_EQ(events_[1].reason, "7.3's noiommu mode is not modelled");
}

TEST_F(DiffBackendTest, TheDevicesOwnRegionsAreNotCovered) {
  auto profile = model::KernelProfileFor("7.2");
  Make(std::make_unique<ModelBackend>(model::ModelConfig{*profile, model::Platform::kVtd}));
  int iommufd = static_cast<int>(diff_->OpenIommufd().ret);
  int device = static_cast<int>(diff_->OpenDevice("/dev/vfio/devices/vfio0").ret);
  uapi::VfioDeviceBindIommufd bind{sizeof(bind), 0, iommufd, 0, 0};
  kernel_->handler = Answer<uapi::VfioDeviceBindIommufd>([](auto& b) { b.out_devid = 1; });
  (void)diff_->Ioctl(device, uapi::kIoctlVfioDeviceBindIommufd, &bind, sizeof(bind));
  ASSERT_THAT(events_, IsEmpty());
  kernel_->handler = [](int, unsigned long, void*) { return Outcome::Success(0); };
  constexpr unsigned long kVfioDeviceGetRegionInfo = 0x3b6c;
  uint32_t info[8] = {sizeof(info)};
  (void)diff_->Ioctl(device, kVfioDeviceGetRegionInfo, info, sizeof(info));
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kNotCovered);
  EXPECT_THAT(events_[0].reason, HasSubstr("regions, interrupts and resets are not modelled"));
}

TEST_F(DiffBackendTest, NewDescriptorsArePairedNotCompared) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  kernel_->handler = Answer<uapi::IommuFaultAlloc>([](auto& f) {
    f.out_fault_id = 1;
    f.out_fault_fd = 40;
  });
  model_->handler = Answer<uapi::IommuFaultAlloc>([](auto& f) {
    f.out_fault_id = 1;
    f.out_fault_fd = 9;
  });
  uapi::IommuFaultAlloc alloc{sizeof(alloc), 0, 0, 0};
  (void)diff_->Ioctl(fd, uapi::kIoctlFaultQueueAlloc, &alloc, sizeof(alloc));
  EXPECT_THAT(events_, IsEmpty());
  std::byte record[40];
  (void)diff_->Read(40, record, sizeof(record));
  EXPECT_THAT(model_->reads, ElementsAre(9));
}

TEST_F(DiffBackendTest, DescriptorsNamedInInputsAreTranslatedForTheModel) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  kernel_->handler = Answer<uapi::IommuTestCmd>([](auto& c) { c.create_access.out_access_fd = 41; });
  model_->handler = Answer<uapi::IommuTestCmd>([](auto& c) { c.create_access.out_access_fd = 8; });
  uapi::IommuTestCmd create{};
  create.size = sizeof(create);
  create.op = uapi::kIommuTestOpCreateAccess;
  (void)diff_->Ioctl(fd, uapi::kIoctlTestCmd, &create, sizeof(create));
  // ACCESS_PAGES names the access in `id`, and writes the struct back.
  uint32_t model_saw = 0;
  kernel_->handler = Answer<uapi::IommuTestCmd>([](auto& c) { c.access_pages.out_access_pages_id = 0; });
  model_->handler = Answer<uapi::IommuTestCmd>([&](auto& c) {
    model_saw = c.id;
    c.access_pages.out_access_pages_id = 0;
  });
  uapi::IommuTestCmd pages{};
  pages.size = sizeof(pages);
  pages.op = uapi::kIommuTestOpAccessPages;
  pages.id = 41;
  (void)diff_->Ioctl(fd, uapi::kIoctlTestCmd, &pages, sizeof(pages));
  EXPECT_EQ(model_saw, 8u);
  EXPECT_EQ(pages.id, 41u);  // the caller sees its own number
  EXPECT_THAT(events_, IsEmpty());
  // A number the backend never handed out becomes one no model descriptor has.
  pages.id = 77;
  (void)diff_->Ioctl(fd, uapi::kIoctlTestCmd, &pages, sizeof(pages));
  EXPECT_EQ(model_saw, static_cast<uint32_t>(INT32_MAX));
  // Other ops' `id` is an object id, passed as is.
  uapi::IommuTestCmd reserved{};
  reserved.size = sizeof(reserved);
  reserved.op = uapi::kIommuTestOpAddReserved;
  reserved.id = 41;
  (void)diff_->Ioctl(fd, uapi::kIoctlTestCmd, &reserved, sizeof(reserved));
  EXPECT_EQ(model_saw, 41u);
}

TEST_F(DiffBackendTest, DescriptorsReturnedAsTheResultArePaired) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  kernel_->handler = [](int, unsigned long, void*) { return Outcome::Success(45); };
  model_->handler = [](int, unsigned long, void*) { return Outcome::Success(6); };
  uapi::IommuTestCmd get{};
  get.size = sizeof(get);
  get.op = uapi::kIommuTestOpDmabufGet;
  EXPECT_EQ(diff_->Ioctl(fd, uapi::kIoctlTestCmd, &get, sizeof(get)).ret, 45);
  EXPECT_THAT(events_, IsEmpty());
  // REVOKE and MAP_FILE name it; MAP_FILE's other numbers are the caller's own files.
  int32_t model_saw = 0;
  kernel_->handler = [](int, unsigned long, void*) { return Outcome::Success(0); };
  model_->handler = [&](int, unsigned long request, void* arg) {
    model_saw = request == uapi::kIoctlTestCmd
                    ? static_cast<uapi::IommuTestCmd*>(arg)->dmabuf_revoke.dmabuf_fd
                    : static_cast<uapi::IommuIoasMapFile*>(arg)->fd;
    return Outcome::Success(0);
  };
  uapi::IommuTestCmd revoke{};
  revoke.size = sizeof(revoke);
  revoke.op = uapi::kIommuTestOpDmabufRevoke;
  revoke.dmabuf_revoke.dmabuf_fd = 45;
  (void)diff_->Ioctl(fd, uapi::kIoctlTestCmd, &revoke, sizeof(revoke));
  EXPECT_EQ(model_saw, 6);
  uapi::IommuIoasMapFile map{};
  map.size = sizeof(map);
  map.fd = 45;
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasMapFile, &map, sizeof(map));
  EXPECT_EQ(model_saw, 6);
  map.fd = 12;
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasMapFile, &map, sizeof(map));
  EXPECT_EQ(model_saw, 12);
  EXPECT_THAT(events_, IsEmpty());
  // 0 hands out nothing on either side; a descriptor from one side only is a divergence.
  kernel_->handler = [](int, unsigned long, void*) { return Outcome::Success(0); };
  model_->handler = [](int, unsigned long, void*) { return Outcome::Success(0); };
  (void)diff_->Ioctl(fd, uapi::kIoctlTestCmd, &get, sizeof(get));
  EXPECT_THAT(events_, IsEmpty());
  model_->handler = [](int, unsigned long, void*) { return Outcome::Success(7); };
  (void)diff_->Ioctl(fd, uapi::kIoctlTestCmd, &get, sizeof(get));
  EXPECT_THAT(Kinds(), ElementsAre(Kind::kUnexpected));
}

TEST_F(DiffBackendTest, DivergencesInAForkedChildReachTheParent) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  kernel_->handler = [](int, unsigned long, void*) { return Outcome::Failure(EPERM); };
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    uapi::IommuOption option{sizeof(option), 0, 0, 0, 0, 0};
    (void)diff_->Ioctl(fd, uapi::kIoctlOption, &option, sizeof(option));
    _exit(0);
  }
  int status;
  waitpid(child, &status, 0);
  EXPECT_THAT(events_, IsEmpty());
  (void)diff_->Close(fd);
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kUnexpected);
  EXPECT_EQ(events_[0].call, "IOMMU_OPTION");
  EXPECT_THAT(events_[0].reason, HasSubstr("in a forked child"));
}

TEST_F(DiffBackendTest, MappingsArePairedAndUnmappedOnBothSides) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  Outcome mapped = diff_->Mmap(fd, 0x2000, PROT_READ, MAP_SHARED, 0x1000);
  ASSERT_TRUE(mapped.ok());
  EXPECT_EQ(mapped.ret, 20 * 0x10000000L + 0x1000);  // the kernel's address
  EXPECT_TRUE(diff_->Munmap(mapped.ret, 0x2000).ok());
  EXPECT_THAT(kernel_->unmapped, ElementsAre(uint64_t{20 * 0x10000000UL + 0x1000}));
  EXPECT_THAT(model_->unmapped, ElementsAre(uint64_t{3 * 0x10000000UL + 0x1000}));
  EXPECT_THAT(events_, IsEmpty());
}

TEST_F(DiffBackendTest, MappingOnlyTheModelMadeIsADivergenceAndTakenBack) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  kernel_->mmap_error = ENXIO;
  EXPECT_EQ(diff_->Mmap(fd, 0x2000, PROT_READ, MAP_SHARED, 0x1000).error, ENXIO);
  EXPECT_THAT(Kinds(), ElementsAre(Kind::kUnexpected));
  EXPECT_THAT(model_->unmapped, SizeIs(1));
}

}  // namespace
}  // namespace iommufd_conform
