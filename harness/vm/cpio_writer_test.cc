#include "harness/vm/cpio_writer.h"

#include <gtest/gtest.h>

#include <string>

#include "harness/vm/cpio_test_util.h"

namespace iommufd_conform {
namespace {

using testing::RunCpio;
using namespace std::string_literals;

TEST(CpioWriterTest, HeaderLayoutIsNewc) {
  CpioWriter cpio;
  cpio.AddFile("/a", "xyz", 0644);
  std::string archive = cpio.Finish();
  // 110-byte header + "a\0" padded to 112, 3 data bytes padded to 4.
  EXPECT_EQ(archive.substr(0, 6), "070701");
  EXPECT_EQ(archive.substr(14, 8), "000081A4");  // S_IFREG | 0644
  EXPECT_EQ(archive.substr(54, 8), "00000003");  // file size
  EXPECT_EQ(archive.substr(94, 8), "00000002");  // name size including NUL
  EXPECT_EQ(archive.substr(110, 2), "a\0"s);
  EXPECT_EQ(archive.substr(112, 4), "xyz\0"s);
  EXPECT_EQ(archive.size() % 4, 0u);
  EXPECT_NE(archive.find("TRAILER!!!"), std::string::npos);
}

TEST(CpioWriterTest, RoundTripsThroughGnuCpio) {
  if (!testing::HaveCpio()) GTEST_SKIP() << "cpio not installed";
  std::string binary = "\x7f" "ELF\0\0\x01\x02 odd length"s;
  CpioWriter cpio;
  cpio.AddDirectory("/dir");
  cpio.AddDirectory("/dir/sub", 0700);
  cpio.AddFile("/dir/sub/binary", binary, 0755);
  cpio.AddFile("/empty", "");
  cpio.AddCharDevice("/dir/console", 5, 1);
  auto path = testing::WriteTemp("cpio_writer_test.cpio", cpio.Finish());

  EXPECT_EQ(RunCpio(path, {"-it"}), "dir\ndir/sub\ndir/sub/binary\nempty\ndir/console\n");
  EXPECT_EQ(RunCpio(path, {"-i", "--to-stdout"}, {"dir/sub/binary"}), binary);
  std::string verbose = RunCpio(path, {"-itv"});
  EXPECT_NE(verbose.find("drwx------"), std::string::npos) << verbose;
  EXPECT_NE(verbose.find("-rwxr-xr-x"), std::string::npos) << verbose;
  EXPECT_NE(verbose.find("crw-------"), std::string::npos) << verbose;
  EXPECT_NE(verbose.find("5,   1"), std::string::npos) << verbose;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace iommufd_conform
