#include "harness/backend/diff_backend.h"

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
  void UseRealModel() {
    auto profile = model::KernelProfileFor("7.2");
    Make(std::make_unique<ModelBackend>(model::ModelConfig{*profile, model::Platform::kNone}));
  }
  void Make(std::unique_ptr<Backend> model, DivergenceManifest manifest = DivergenceManifest()) {
    auto kernel = std::make_unique<ScriptedBackend>(20);
    kernel_ = kernel.get();
    diff_ = std::make_unique<DiffBackend>(std::move(kernel), std::move(model),
                                          DiffTarget{"7.2", model::Platform::kNone, 4096},
                                          std::move(manifest));
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

TEST_F(DiffBackendTest, OutputRegionsAreRestoredForTheModelAndComparedAfterIt) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  uapi::IommuIovaRange ranges[2] = {};
  auto fill = [](uint64_t last) {
    return [last](int, unsigned long, void* arg) {
      auto* cmd = static_cast<uapi::IommuIoasIovaRanges*>(arg);
      auto* out = reinterpret_cast<uapi::IommuIovaRange*>(cmd->allowed_iovas);
      EXPECT_EQ(out[0].last, 0u) << "a side saw the other's output";
      out[0] = {0, last};
      cmd->num_iovas = 1;
      return Outcome::Success(0);
    };
  };
  kernel_->handler = fill(UINT64_MAX);
  model_->handler = fill(0xffff'ffff);
  uapi::IommuIoasIovaRanges cmd{sizeof(cmd), 1, 2, 0, reinterpret_cast<uintptr_t>(ranges), 0};
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasIovaRanges, &cmd, sizeof(cmd));

  EXPECT_EQ(ranges[0].last, UINT64_MAX);
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_THAT(events_[0].report,
              HasSubstr("allowed_iovas[0].last (region byte 12): kernel 0xffffffffffffffff, "
                        "model 0xffffffff"));
}

TEST_F(DiffBackendTest, UnionMemberRegionsCountOnlyForTheirOp) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  char data[4] = {};
  auto write = [&data](char c) {
    return [&data, c](int, unsigned long, void*) {
      data[0] = c;
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

  // The same bytes under another op are not a buffer the call writes.
  cmd.op = uapi::kIommuTestOpMdCheckMap;
  (void)diff_->Ioctl(fd, uapi::kIoctlTestCmd, &cmd, sizeof(cmd));
  EXPECT_THAT(events_, SizeIs(1));
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

TEST_F(DiffBackendTest, ModelAdoptsTheKernelsAutomaticIova) {
  UseRealModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  uapi::IommuIoasAlloc alloc{sizeof(alloc), 0, 0};
  kernel_->handler = Answer<uapi::IommuIoasAlloc>([](auto& a) { a.out_ioas_id = 1; });
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasAlloc, &alloc, sizeof(alloc));

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
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  uapi::IommuIoasAlloc alloc{sizeof(alloc), 0, 0};
  kernel_->handler = Answer<uapi::IommuIoasAlloc>([](auto& a) { a.out_ioas_id = 1; });
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasAlloc, &alloc, sizeof(alloc));

  alignas(4096) static std::byte buffer[4096];
  kernel_->handler = Answer<uapi::IommuIoasMap>([](auto& m) { m.iova = 0x40100; });
  uapi::IommuIoasMap map{sizeof(map), kReadWrite, 1, 0, reinterpret_cast<uintptr_t>(buffer),
                         sizeof(buffer), 0};
  (void)diff_->Ioctl(fd, uapi::kIoctlIoasMap, &map, sizeof(map));
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kUnexpected);
  EXPECT_THAT(events_[0].report, HasSubstr("why: the kernel's IOVA does not keep the alignment "
                                           "of the address and length"));
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
      DiffTarget{"7.2", model::Platform::kVtd, 4096}, DivergenceManifest());
  diff.SetSink([this](const DivergenceEvent& event) { events_.push_back(event); });
  std::vector<DeviceInfo> devices = diff.Devices();
  ASSERT_THAT(devices, SizeIs(2));
  EXPECT_EQ(devices[0].pci_address, "0000:00:02.0");  // the kernel's list
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kUnexpected);
  EXPECT_EQ(events_[0].call, "devices");
  EXPECT_THAT(events_[0].report, HasSubstr("kernel 0000:00:02.0 1234:11e8, model 0000:00:01.0"));
}

TEST_F(DiffBackendTest, IoctlsTheModelAnswersEnottyAreNotCovered) {
  UseScriptedModel();
  int fd = static_cast<int>(diff_->OpenIommufd().ret);
  model_->handler = [](int, unsigned long, void*) { return Outcome::Failure(ENOTTY); };
  uapi::IommuHwptAlloc alloc{};
  alloc.size = sizeof(alloc);
  kernel_->handler = [](int, unsigned long, void*) { return Outcome::Failure(ENOENT); };
  (void)diff_->Ioctl(fd, uapi::kIoctlHwptAlloc, &alloc, sizeof(alloc));
  ASSERT_THAT(events_, SizeIs(1));
  EXPECT_EQ(events_[0].kind, Kind::kNotCovered);
  EXPECT_EQ(events_[0].reason, "the model does not implement IOMMU_HWPT_ALLOC");

  // A number nobody catalogued is compared as usual.
  uint32_t raw[2] = {8, 0};
  (void)diff_->Ioctl(fd, 0x3b9f, raw, sizeof(raw));
  EXPECT_EQ(events_.back().kind, Kind::kUnexpected);
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
