// An ioctl that does not exist, described in this test only, reaches every table derived
// from the descriptions: the size rules, the ABI catalog's constants and check, the
// differential backend's shape and syzkaller's description. A description that leaves out a
// field is refused (at compile time, below), and so is one that names a field the struct
// does not have (the uapi_description_misnamed_field test compiles one).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/backend/ioctl_shape.h"
#include "reference/uapi/description_checks.h"
#include "reference/uapi/ioctl_descriptions.h"
#include "reference/uapi/ioctl_sizes.h"
#include "reference/uapi/syzlang.h"

namespace iommufd_conform::uapi {

struct MadeUpAlloc {
  std::uint32_t size;
  std::uint32_t flags;
  std::uint32_t ioas_id;
  std::uint32_t out_widget_id;
  AlignedU64 data_uptr;
  std::uint32_t data_len;
  std::int32_t out_widget_fd;
  AlignedU64 iova;
};
inline constexpr unsigned long kIoctlMadeUpAlloc = 0x3b9e;  // free in every kernel we know

namespace descriptions {
#include "reference/uapi/describe_begin.h"
DESCRIBE_IOCTL(kIoctlMadeUpAlloc, "IOMMU_MADE_UP_ALLOC", kIommufd, kIommufd, kSince7_3,
               MadeUpAlloc, "iommu_made_up_alloc", out_widget_id, Size(F(size)), F(flags),
               Id(F(ioas_id), kIoas), OutId(F(out_widget_id), kAny),
               Pointer(F(data_uptr), kOut, BYTES_OF(data_len)), F(data_len),
               NewFd(F(out_widget_fd), kEventQueue), AutoIova(F(iova)))

// The same description without `flags`: the fields no longer cover the struct.
namespace without_flags {
using Self = MadeUpAlloc;
inline constexpr FieldDescription kFields[] = {
    Size(F(size)), Id(F(ioas_id), kIoas), OutId(F(out_widget_id), kAny),
    Pointer(F(data_uptr), kOut, BYTES_OF(data_len)), F(data_len),
    NewFd(F(out_widget_fd), kEventQueue), AutoIova(F(iova))};
static_assert(!CoversBytes(kFields, 0, sizeof(Self), alignof(Self)));
}  // namespace without_flags
// Nor does a description that misses the last field.
static_assert(!CoversBytes(std::span(kIoctlMadeUpAllocDescription::kFields).first(7), 0,
                           sizeof(MadeUpAlloc), alignof(MadeUpAlloc)));
#include "reference/uapi/describe_end.h"
}  // namespace descriptions

namespace {

constexpr IoctlDescription kMadeUp = descriptions::kIoctlMadeUpAllocDescription::kEntry;

// Our table with the made-up ioctl appended.
constexpr auto kTable = [] {
  std::array<IoctlDescription, std::size(kIoctlDescriptions) + 1> table{};
  std::copy(std::begin(kIoctlDescriptions), std::end(kIoctlDescriptions), table.begin());
  table.back() = kMadeUp;
  return table;
}();

// The catalog with the made-up struct (what its CATALOG_STRUCT would add).
std::vector<StructEntry> CatalogWithMadeUp() {
  static const FieldEntry kFields[] = {
      {"size", "size", 0, 4, 4},           {"flags", "flags", 4, 4, 4},
      {"ioas_id", "ioas_id", 8, 4, 4},     {"out_widget_id", "out_widget_id", 12, 4, 4},
      {"data_uptr", "data_uptr", 16, 8, 8}, {"data_len", "data_len", 24, 4, 4},
      {"out_widget_fd", "out_widget_fd", 28, 4, 4}, {"iova", "iova", 32, 8, 8}};
  std::vector<StructEntry> structs(CatalogStructs().begin(), CatalogStructs().end());
  structs.push_back({"MadeUpAlloc", "iommu_made_up_alloc", KernelHeader::kIommufd,
                     sizeof(MadeUpAlloc), alignof(MadeUpAlloc),
                     VersionRange{KernelVersion::k7_3}, kFields});
  return structs;
}

TEST(MadeUpIoctlTest, DescriptionHasItsSizes) {
  EXPECT_EQ(kMadeUp.min_size, 16u);  // offsetofend(out_widget_id)
  EXPECT_EQ(kMadeUp.struct_size, 40u);
  EXPECT_EQ(kMadeUp.name, "IOMMU_MADE_UP_ALLOC");
}

TEST(MadeUpIoctlTest, SizeTablePicksItUp) {
  // The same derivation as kIoctlSizes, over the longer table.
  IoctlDescription table[std::size(kTable)];
  std::copy(kTable.begin(), kTable.end(), table);
  auto sizes = DeriveIoctlSizes<std::size(kIoctlSizes) + 1>(table);
  auto found = std::find_if(sizes.begin(), sizes.end(),
                            [](const IoctlSizes& s) { return s.ioctl == kIoctlMadeUpAlloc; });
  ASSERT_NE(found, sizes.end());
  EXPECT_EQ(found->min_size, 16u);
  EXPECT_EQ(found->struct_size, 40u);
  EXPECT_EQ(FindIoctlSizes(kIoctlMadeUpAlloc), nullptr);  // the real table does not have it
}

TEST(MadeUpIoctlTest, CatalogConstantsPickItUp) {
  std::vector<ConstantEntry> constants = IoctlConstants(kTable, KernelHeader::kIommufd);
  auto found = std::find_if(constants.begin(), constants.end(), [](const ConstantEntry& c) {
    return c.name == "kIoctlMadeUpAlloc";
  });
  ASSERT_NE(found, constants.end());
  EXPECT_EQ(found->kernel_name, "IOMMU_MADE_UP_ALLOC");
  EXPECT_EQ(found->value, kIoctlMadeUpAlloc);
  EXPECT_EQ(found->versions.since, KernelVersion::k7_3);
}

TEST(MadeUpIoctlTest, CatalogCheckWantsItsStruct) {
  EXPECT_EQ(CatalogMismatch(kTable, kTestOpDescriptions, CatalogStructs()),
            "IOMMU_MADE_UP_ALLOC");
  std::vector<StructEntry> catalog = CatalogWithMadeUp();
  EXPECT_EQ(CatalogMismatch(kTable, kTestOpDescriptions, catalog), "");
  // A catalogued field the description does not have is found too.
  std::vector<FieldEntry> more(catalog.back().fields.begin(), catalog.back().fields.end());
  more.push_back({"out_extra", "out_extra", 40, 4, 4});
  catalog.back().fields = more;
  EXPECT_EQ(CatalogMismatch(kTable, kTestOpDescriptions, catalog), "out_extra");
}

TEST(MadeUpIoctlTest, DiffShapePicksItUp) {
  DerivedShapes shapes(kTable, kTestOpDescriptions);
  const IoctlShape* shape = shapes.Find(kIoctlMadeUpAlloc);
  ASSERT_NE(shape, nullptr);
  EXPECT_EQ(shape->name, "IOMMU_MADE_UP_ALLOC");
  EXPECT_EQ(shape->struct_name, "MadeUpAlloc");
  ASSERT_EQ(shape->regions.size(), 1u);
  EXPECT_EQ(shape->regions[0].pointer_field, "data_uptr");
  EXPECT_EQ(shape->regions[0].count_field, "data_len");
  EXPECT_EQ(shape->regions[0].element_size, 1u);
  ASSERT_EQ(shape->free_fields.size(), 2u);
  EXPECT_EQ(shape->free_fields[0].field, "out_widget_fd");
  EXPECT_EQ(shape->free_fields[0].kind, FreeField::Kind::kFd);
  EXPECT_EQ(shape->free_fields[1].field, "iova");
  EXPECT_EQ(shape->free_fields[1].kind, FreeField::Kind::kAutoIova);
  EXPECT_TRUE(shape->descriptor_fields.empty());
  EXPECT_EQ(FindIoctlShape(kIoctlMadeUpAlloc), nullptr);  // the real table does not have it
}

TEST(MadeUpIoctlTest, SyzlangPicksItUp) {
  std::string text = DevIommuSyzlang(kTable, kTestOpDescriptions, CatalogWithMadeUp());
  EXPECT_NE(text.find("ioctl$IOMMU_MADE_UP_ALLOC(fd fd_iommufd, cmd const[0x3b9e], "
                      "arg ptr[in, iommu_made_up_alloc])"),
            std::string::npos);
  EXPECT_NE(text.find("\tout_widget_id\tiommufd_object_id\t(out)\n"), std::string::npos);
  EXPECT_NE(text.find("\tdata_len\tlen[data_uptr, int32]\n"), std::string::npos);
}

// The real table's shapes are what the backend always had (a few spot checks; the backend's
// own tests cover their use).
TEST(DescribedShapesTest, KnownShapes) {
  const IoctlShape* ranges = FindIoctlShape(kIoctlIoasIovaRanges);
  ASSERT_NE(ranges, nullptr);
  ASSERT_EQ(ranges->regions.size(), 1u);
  EXPECT_EQ(ranges->regions[0].element, "IommuIovaRange");
  EXPECT_EQ(ranges->regions[0].written_on_error.size(), 1u);
  const IoctlShape* test = FindIoctlShape(kIoctlTestCmd);
  ASSERT_NE(test, nullptr);
  EXPECT_EQ(test->union_members.size(), std::size(kTestOpDescriptions));
  EXPECT_EQ(test->descriptor_fields.size(), 5u);
  ASSERT_EQ(test->fd_result_members.size(), 1u);
  EXPECT_EQ(test->fd_result_members[0], "dmabuf_get");
}

}  // namespace
}  // namespace iommufd_conform::uapi
