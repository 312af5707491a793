#include "harness/vm/cpio_writer.h"

#include <sys/stat.h>

#include <cstdio>
#include <utility>

namespace iommufd_conform {
namespace {

void AppendHex(std::string& out, uint32_t value) {
  char buf[9];
  std::snprintf(buf, sizeof(buf), "%08X", value);
  out.append(buf, 8);
}

// newc pads the header+name and the data each to a multiple of 4 bytes.
void PadTo4(std::string& out) { out.append((4 - out.size() % 4) % 4, '\0'); }

std::string_view Relative(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return path;
}

}  // namespace

void CpioWriter::AddEntry(std::string_view path, uint32_t mode, std::string_view data,
                          uint32_t rdev_major, uint32_t rdev_minor) {
  archive_.append("070701");
  uint32_t fields[] = {
      next_inode_++,
      mode,
      0,  // uid
      0,  // gid
      (mode & S_IFMT) == S_IFDIR ? 2u : 1u,  // nlink
      0,  // mtime
      static_cast<uint32_t>(data.size()),
      0,  // devmajor
      0,  // devminor
      rdev_major,
      rdev_minor,
      static_cast<uint32_t>(path.size() + 1),  // name length with its NUL
      0,  // check (unused by newc)
  };
  for (uint32_t field : fields) AppendHex(archive_, field);
  archive_.append(path);
  archive_.push_back('\0');
  PadTo4(archive_);
  archive_.append(data);
  PadTo4(archive_);
}

void CpioWriter::AddDirectory(std::string_view path, uint32_t permissions) {
  AddEntry(Relative(path), S_IFDIR | permissions, {}, 0, 0);
}

void CpioWriter::AddFile(std::string_view path, std::string_view contents, uint32_t permissions) {
  AddEntry(Relative(path), S_IFREG | permissions, contents, 0, 0);
}

void CpioWriter::AddCharDevice(std::string_view path, uint32_t major, uint32_t minor,
                               uint32_t permissions) {
  AddEntry(Relative(path), S_IFCHR | permissions, {}, major, minor);
}

std::string CpioWriter::Finish() {
  AddEntry("TRAILER!!!", 0, {}, 0, 0);
  return std::move(archive_);
}

}  // namespace iommufd_conform
