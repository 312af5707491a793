// PASID attachment of mock devices through the selftest ops PASID_ATTACH, PASID_REPLACE,
// PASID_DETACH and PASID_CHECK_HWPT (7.2's driver; 6.12's knows neither the ops nor
// PASID-capable devices).
#include "suites/mock/iopf_pasid_test.h"

namespace iommufd_conform {
namespace {

constexpr uint32_t kAllocPasid = uapi::kIommuHwptAllocPasid;
constexpr uint32_t kPasidLimit = 1u << uapi::kMockPasidWidth;

// Without the 7.x driver the PASID ops are ops it does not know.
class PasidOpsTest : public IopfPasidTest {};

TEST_F(PasidOpsTest, ComeWithThePasidDriver) {
  MockDevice device = MockDomainOk(ioas_);
  int error = HasPasidMockDriver() ? 0 : EOPNOTSUPP;
  EXPECT_THAT(iommufd().PasidDetach(device.stdev, 1), SucceedsOrFailsWith(error));
  EXPECT_THAT(iommufd().PasidCheckHwpt(device.stdev, 1, 0), SucceedsOrFailsWith(error));
  if (error) {
    EXPECT_THAT(PasidAttach(device.stdev, 1, device.hwpt), FailsWith(EOPNOTSUPP));
    EXPECT_THAT(iommufd().PasidReplace(device.stdev, 1, device.hwpt), FailsWith(EOPNOTSUPP));
    EXPECT_THAT(iommufd().MockDomain(ioas_, uapi::kMockFlagsDevicePasid), FailsWith(EINVAL));
  }
}

// A PASID-capable mock device whose RID sits on a PASID-compatible paging HWPT, the
// starting point of every PASID attachment.
class PasidTest : public IopfPasidTest {
 protected:
  void SetUp() override {
    IopfPasidTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    if (!HasPasidMockDriver()) GTEST_SKIP() << "no PASID-capable mock devices (6.12)";
    device_ = MockDomainOk(ioas_, uapi::kMockFlagsDevicePasid);
    rid_hwpt_ = HwptAllocOk(device_.idev, ioas_, kAllocPasid);
    ReplaceOk(device_.stdev, rid_hwpt_);
    hwpt_ = HwptAllocOk(device_.idev, ioas_, kAllocPasid);
  }

  void ExpectAttached(uint32_t pasid, uint32_t hwpt) {
    EXPECT_THAT(iommufd().PasidCheckHwpt(device_.stdev, pasid, hwpt), Succeeds())
        << "pasid " << pasid << " on " << hwpt;
  }

  MockDevice device_;
  uint32_t rid_hwpt_ = 0;
  uint32_t hwpt_ = 0;  // a second PASID-compatible paging HWPT, unattached
};

TEST_F(PasidTest, AttachDetachAndCheck) {
  ExpectAttached(100, 0);
  EXPECT_EQ(PasidAttachOk(device_.stdev, 100, hwpt_), hwpt_);
  ExpectAttached(100, hwpt_);
  EXPECT_THAT(iommufd().PasidCheckHwpt(device_.stdev, 100, 0), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().PasidCheckHwpt(device_.stdev, 100, rid_hwpt_), FailsWith(EINVAL));
  ExpectAttached(101, 0);
  EXPECT_THAT(iommufd().PasidCheckHwpt(device_.stdev, 101, hwpt_), FailsWith(EINVAL));
  PasidDetachOk(device_.stdev, 100);
  ExpectAttached(100, 0);
  // Detaching what is not attached is no error.
  PasidDetachOk(device_.stdev, 100);
  PasidDetachOk(device_.stdev, 5);
}

TEST_F(PasidTest, RidIsPasidZero) {
  ExpectAttached(0, rid_hwpt_);
  EXPECT_THAT(PasidAttach(device_.stdev, 0, hwpt_), FailsWith(EBUSY));
}

TEST_F(PasidTest, RidDetachesAndAttachesAsPasidZero) {
  PasidDetachOk(device_.stdev, 0);
  ExpectAttached(0, 0);
  DestroyOk(rid_hwpt_);
  // Only an attached RID can be replaced.
  EXPECT_THAT(iommufd().MockDomainReplace(device_.stdev, hwpt_), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().MockDomainReplace(device_.stdev, ioas_), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().PasidReplace(device_.stdev, 0, hwpt_), FailsWith(EINVAL));
  // Attaching PASID 0 takes an IOAS too, as the RID's attach does.
  uint32_t hwpt = PasidAttachOk(device_.stdev, 0, ioas_);
  EXPECT_NE(hwpt, hwpt_);
  ExpectAttached(0, hwpt);
  EXPECT_THAT(iommufd().Destroy(hwpt), FailsWith(EBUSY));
  EXPECT_EQ(PasidReplaceOk(device_.stdev, 0, hwpt_), hwpt_);
  EXPECT_THAT(iommufd().Destroy(hwpt), FailsWith(ENOENT));
}

TEST_F(PasidTest, AttachedHwptIsBusy) {
  PasidAttachOk(device_.stdev, 3, hwpt_);
  EXPECT_THAT(iommufd().Destroy(hwpt_), FailsWith(EBUSY));
  PasidDetachOk(device_.stdev, 3);
  DestroyOk(hwpt_);
}

TEST_F(PasidTest, OneHwptServesManyPasids) {
  PasidAttachOk(device_.stdev, 1, hwpt_);
  PasidAttachOk(device_.stdev, 2, hwpt_);
  PasidAttachOk(device_.stdev, 3, rid_hwpt_);
  PasidDetachOk(device_.stdev, 1);
  EXPECT_THAT(iommufd().Destroy(hwpt_), FailsWith(EBUSY));
  PasidDetachOk(device_.stdev, 2);
  DestroyOk(hwpt_);
  ExpectAttached(3, rid_hwpt_);
}

TEST_F(PasidTest, AttachingAnAttachedPasidIsEbusy) {
  PasidAttachOk(device_.stdev, 7, hwpt_);
  EXPECT_THAT(PasidAttach(device_.stdev, 7, hwpt_), FailsWith(EBUSY));
  EXPECT_THAT(PasidAttach(device_.stdev, 7, rid_hwpt_), FailsWith(EBUSY));
  ExpectAttached(7, hwpt_);
}

TEST_F(PasidTest, PasidMustFitTheDevicesWidth) {
  EXPECT_THAT(PasidAttach(device_.stdev, kPasidLimit, hwpt_), FailsWith(EINVAL));
  EXPECT_THAT(PasidAttach(device_.stdev, 0xffffffff, hwpt_), FailsWith(EINVAL));
  PasidAttachOk(device_.stdev, kPasidLimit - 1, hwpt_);
}

TEST_F(PasidTest, HwptWithoutThePasidFlagIsEinval) {
  uint32_t plain = HwptAllocOk(device_.idev, ioas_);
  EXPECT_THAT(PasidAttach(device_.stdev, 1, plain), FailsWith(EINVAL));
  ExpectAttached(1, 0);
  DestroyOk(plain);
}

TEST_F(PasidTest, IoasIsEinvalAndLeavesNoHwpt) {
  uint32_t other = IoasAllocOk();
  EXPECT_THAT(PasidAttach(device_.stdev, 1, other), FailsWith(EINVAL));
  EXPECT_THAT(PasidAttach(device_.stdev, 1, ioas_), FailsWith(EINVAL));
  DestroyOk(other);
  // The automatic HWPT the attempt made is gone, its id free again.
  EXPECT_EQ(IoasAllocOk(), other);
}

TEST_F(PasidTest, TargetMustBeAnIoasOrHwpt) {
  EXPECT_THAT(PasidAttach(device_.stdev, 1, hwpt_ + 100), FailsWith(ENOENT));
  EXPECT_THAT(PasidAttach(device_.stdev, 1, 0), FailsWith(ENOENT));
  EXPECT_THAT(PasidAttach(device_.stdev, 1, device_.idev), FailsWith(EINVAL));
  EXPECT_THAT(PasidAttach(device_.stdev, 1, device_.stdev), FailsWith(EINVAL));
}

TEST_F(PasidTest, IdMustBeASelftestDevice) {
  for (uint32_t id : {0u, ioas_, device_.idev, hwpt_, hwpt_ + 100}) {
    EXPECT_THAT(PasidAttach(id, 1, hwpt_), FailsWith(ENOENT));
    EXPECT_THAT(iommufd().PasidReplace(id, 1, hwpt_), FailsWith(ENOENT));
    EXPECT_THAT(iommufd().PasidDetach(id, 1), FailsWith(ENOENT)) << id;
    EXPECT_THAT(iommufd().PasidCheckHwpt(id, 1, 0), FailsWith(ENOENT)) << id;
  }
}

TEST_F(PasidTest, CheckNamesAHwpt) {
  EXPECT_THAT(iommufd().PasidCheckHwpt(device_.stdev, 1, hwpt_ + 100), FailsWith(ENOENT));
  EXPECT_THAT(iommufd().PasidCheckHwpt(device_.stdev, 1, ioas_), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().PasidCheckHwpt(device_.stdev, 1, device_.idev), FailsWith(EINVAL));
}

TEST_F(PasidTest, RidAndPasidsMustAllBePasidCompatible) {
  uint32_t plain = HwptAllocOk(device_.idev, ioas_);
  PasidAttachOk(device_.stdev, 1, hwpt_);
  EXPECT_THAT(iommufd().MockDomainReplace(device_.stdev, plain), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().MockDomainReplace(device_.stdev, ioas_), FailsWith(EINVAL));
  ExpectAttached(0, rid_hwpt_);
  PasidDetachOk(device_.stdev, 1);
  EXPECT_EQ(ReplaceOk(device_.stdev, plain), plain);
  EXPECT_THAT(PasidAttach(device_.stdev, 1, hwpt_), FailsWith(EINVAL));
}

TEST_F(PasidTest, ReplaceMovesAnAttachedPasid) {
  PasidAttachOk(device_.stdev, 9, hwpt_);
  EXPECT_EQ(PasidReplaceOk(device_.stdev, 9, rid_hwpt_), rid_hwpt_);
  ExpectAttached(9, rid_hwpt_);
  DestroyOk(hwpt_);
  EXPECT_EQ(PasidReplaceOk(device_.stdev, 9, rid_hwpt_), rid_hwpt_);
}

TEST_F(PasidTest, ReplaceNeedsAnAttachedPasid) {
  EXPECT_THAT(iommufd().PasidReplace(device_.stdev, 9, hwpt_), FailsWith(EINVAL));
  ExpectAttached(9, 0);
}

TEST_F(PasidTest, ReplaceToAnIncompatibleTargetKeepsTheOldOne) {
  PasidAttachOk(device_.stdev, 9, hwpt_);
  uint32_t plain = HwptAllocOk(device_.idev, ioas_);
  EXPECT_THAT(iommufd().PasidReplace(device_.stdev, 9, plain), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().PasidReplace(device_.stdev, 9, ioas_), FailsWith(EINVAL));
  EXPECT_THAT(iommufd().PasidReplace(device_.stdev, 9, hwpt_ + 100), FailsWith(ENOENT));
  ExpectAttached(9, hwpt_);
}

TEST_F(PasidTest, ReservedPasidFailsEveryOtherDriverCall) {
  constexpr uint32_t kReserved = uapi::kIommuTestPasidReserved;
  PasidAttachOk(device_.stdev, kReserved, hwpt_);
  // Replacing with the same HWPT never reaches the driver.
  PasidReplaceOk(device_.stdev, kReserved, hwpt_);
  EXPECT_THAT(iommufd().PasidReplace(device_.stdev, kReserved, rid_hwpt_), FailsWith(ENOMEM));
  ExpectAttached(kReserved, hwpt_);
  PasidReplaceOk(device_.stdev, kReserved, rid_hwpt_);
  EXPECT_THAT(iommufd().PasidReplace(device_.stdev, kReserved, hwpt_), FailsWith(ENOMEM));
  ExpectAttached(kReserved, rid_hwpt_);
  PasidReplaceOk(device_.stdev, kReserved, hwpt_);
  // Detaching starts the count again.
  PasidDetachOk(device_.stdev, kReserved);
  PasidAttachOk(device_.stdev, kReserved, hwpt_);
  EXPECT_THAT(iommufd().PasidReplace(device_.stdev, kReserved, rid_hwpt_), FailsWith(ENOMEM));
  PasidDetachOk(device_.stdev, kReserved);
}

TEST_F(PasidTest, NestedHwptsNeedThePasidFlagToo) {
  static const uint32_t kIotlb = uapi::kIommuTestIotlbDefault;
  uint32_t parent = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
  uint32_t nested = HwptAllocOk(device_.idev, parent, kAllocPasid,
                                uapi::kIommuHwptDataSelftest, BytesOf(kIotlb));
  uint32_t plain_nested =
      HwptAllocOk(device_.idev, parent, 0, uapi::kIommuHwptDataSelftest, BytesOf(kIotlb));
  EXPECT_THAT(PasidAttach(device_.stdev, 2, plain_nested), FailsWith(EINVAL));
  EXPECT_EQ(PasidAttachOk(device_.stdev, 2, nested), nested);
  EXPECT_THAT(iommufd().Destroy(parent), FailsWith(EBUSY));
  EXPECT_THAT(iommufd().Destroy(nested), FailsWith(EBUSY));
  EXPECT_EQ(PasidReplaceOk(device_.stdev, 2, hwpt_), hwpt_);
  DestroyOk(nested);
}

TEST_F(PasidTest, RidOnANestedPasidHwpt) {
  static const uint32_t kIotlb = uapi::kIommuTestIotlbDefault;
  uint32_t parent = HwptAllocOk(device_.idev, ioas_, uapi::kIommuHwptAllocNestParent);
  uint32_t nested = HwptAllocOk(device_.idev, parent, kAllocPasid,
                                uapi::kIommuHwptDataSelftest, BytesOf(kIotlb));
  EXPECT_EQ(ReplaceOk(device_.stdev, nested), nested);
  PasidAttachOk(device_.stdev, 4, hwpt_);
  ExpectAttached(0, nested);
}

TEST_F(PasidTest, DeviceWithoutPasidSupportHasOnlyItsRid) {
  MockDevice plain_device = MockDomainOk(ioas_);
  uint32_t rid = HwptAllocOk(plain_device.idev, ioas_, kAllocPasid);
  ReplaceOk(plain_device.stdev, rid);
  EXPECT_THAT(PasidAttach(plain_device.stdev, 1, hwpt_), FailsWith(EINVAL));
  EXPECT_THAT(PasidAttach(plain_device.stdev, uapi::kIommuTestPasidReserved, hwpt_),
              FailsWith(EINVAL));
  EXPECT_THAT(iommufd().PasidReplace(plain_device.stdev, 1, hwpt_), FailsWith(EINVAL));
  PasidDetachOk(plain_device.stdev, 1);
  EXPECT_THAT(iommufd().PasidCheckHwpt(plain_device.stdev, 1, 0), Succeeds());
  // Its RID is PASID 0 like any other device's.
  EXPECT_EQ(PasidReplaceOk(plain_device.stdev, 0, hwpt_), hwpt_);
}

// The RID of a device that cannot track dirty pages is refused a dirty-tracking domain;
// 7.2's mock driver lets the same device have one on a PASID.
TEST_F(PasidTest, DirtyTrackingHwptNeedsADeviceThatTracks) {
  KERNEL_BUG_REPRODUCER("pasid-attach-ignores-dirty-capability");
  MockDevice no_dirty = MockDomainOk(ioas_, uapi::kMockFlagsDevicePasid |
                                                uapi::kMockFlagsDeviceNoDirty);
  uint32_t rid = HwptAllocOk(no_dirty.idev, ioas_, kAllocPasid);
  ReplaceOk(no_dirty.stdev, rid);
  uint32_t dirty =
      HwptAllocOk(device_.idev, ioas_, kAllocPasid | uapi::kIommuHwptAllocDirtyTracking);
  EXPECT_THAT(iommufd().MockDomainReplace(no_dirty.stdev, dirty), FailsWith(EINVAL));
  EXPECT_THAT(PasidAttach(no_dirty.stdev, 1, dirty), FailsWith(EINVAL));
}

TEST_F(PasidTest, DirtyTrackingHwptOnAPasidOfADeviceThatTracks) {
  uint32_t dirty =
      HwptAllocOk(device_.idev, ioas_, kAllocPasid | uapi::kIommuHwptAllocDirtyTracking);
  EXPECT_EQ(PasidAttachOk(device_.stdev, 1, dirty), dirty);
}

TEST_F(PasidTest, PasidAttachmentsOfTwoDevicesAreApart) {
  MockDevice other = MockDomainOk(rid_hwpt_, uapi::kMockFlagsDevicePasid);
  PasidAttachOk(device_.stdev, 1, hwpt_);
  ExpectAttached(1, hwpt_);
  EXPECT_THAT(iommufd().PasidCheckHwpt(other.stdev, 1, 0), Succeeds());
  EXPECT_EQ(PasidAttachOk(other.stdev, 1, rid_hwpt_), rid_hwpt_);
  PasidDetachOk(other.stdev, 1);
  PasidDetachOk(device_.stdev, 1);
}

// Destroying the selftest device detaches its RID only; the kernel then fails to free the
// DEVICE object the PASID attachments still hold (see reference/divergences.txt). The
// model detaches every PASID with the device, so its HWPTs are free again.
TEST_F(PasidTest, DestroyingADeviceWithAttachedPasidsFreesTheirHwpts) {
  KERNEL_BUG_REPRODUCER("selftest-destroy-leaves-pasids-attached");
  PasidAttachOk(device_.stdev, 1, hwpt_);
  DestroyOk(device_.stdev);
  DestroyOk(hwpt_);
  DestroyOk(rid_hwpt_);
}

}  // namespace
}  // namespace iommufd_conform
