// The syzlang written from the descriptions, checked against syzkaller's documented grammar
// (docs/syscall_descriptions_syntax.md) as far as this file uses it: every type it names is
// a syzlang type, a resource or a struct it defines; every struct's fields, laid out with
// syzlang's natural alignment, have the C struct's size; every described ioctl and test op
// has its `ioctl$NAME(fd fd_iommufd, cmd const[NUM], arg ...)`. syzkaller's own compiler
// (Go) is not available here.
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "reference/uapi/ioctl_descriptions.h"
#include "reference/uapi/syzlang.h"

namespace iommufd_conform::uapi {
namespace {

std::string Generated() {
  return DevIommuSyzlang(kIoctlDescriptions, kTestOpDescriptions, CatalogStructs());
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A parsed file: resources (name -> base), structs (name -> field types, size attribute).
struct Syzlang {
  std::map<std::string, std::string> resources;
  struct Struct {
    std::vector<std::string> types;
    size_t size_attribute = 0;
  };
  std::map<std::string, Struct> structs;
  std::map<std::string, std::string> ioctls;  // name -> "cmd ... arg ..." rest
  std::vector<std::string> errors;
};

Syzlang Parse(const std::string& text) {
  Syzlang file;
  const std::regex resource(R"(^resource (\w+)\[(\w+)\]$)");
  const std::regex ioctl(
      R"(^ioctl\$(\w+)\(fd fd_iommufd, cmd const\[(0x[0-9a-f]+)\], arg (.+)\)$)");
  const std::regex struct_open(R"(^([\w$]+) \{$)");
  const std::regex field(R"(^\t(\w+)\t([^\t]+)(\t\((in|out|inout)\))?$)");
  const std::regex struct_close(R"(^\}( \[size\[(\d+)\]\])?$)");
  std::string current;
  for (const std::string& line : Lines(text)) {
    std::smatch m;
    if (line.empty() || line[0] == '#' || line.starts_with("include <") ||
        line.starts_with("openat$iommufd(")) {
      continue;
    }
    if (!current.empty()) {
      if (std::regex_match(line, m, field)) {
        file.structs[current].types.push_back(m[2]);
      } else if (std::regex_match(line, m, struct_close)) {
        if (m[2].matched) file.structs[current].size_attribute = std::stoul(m[2]);
        current.clear();
      } else {
        file.errors.push_back("in " + current + ": " + line);
      }
    } else if (std::regex_match(line, m, resource)) {
      file.resources[m[1]] = m[2];
    } else if (std::regex_match(line, m, ioctl)) {
      file.ioctls[m[1]] = std::string(m[2]) + " " + std::string(m[3]);
    } else if (std::regex_match(line, m, struct_open)) {
      current = m[1];
      if (file.structs.count(current)) file.errors.push_back("struct twice: " + current);
      file.structs[current];
    } else {
      file.errors.push_back("not syzlang: " + line);
    }
  }
  if (!current.empty()) file.errors.push_back("unclosed struct " + current);
  return file;
}

// Size and alignment of a type expression, or 0 for an unknown type.
struct Layout {
  size_t size = 0;
  size_t align = 1;
};

class Sizer {
 public:
  explicit Sizer(const Syzlang& file) : file_(file) {}

  Layout Of(const std::string& type) {
    std::smatch m;
    static const std::regex int_type(R"(^int(8|16|32|64)$)");
    static const std::regex sized(R"(^(const|len|flags)\[[^,\]]+, (int(8|16|32|64))\]$)");
    static const std::regex array(R"(^array\[(.+), (\d+)\]$)");
    static const std::regex pointer(R"(^ptr64\[(in|out|inout), (.+)\]$)");
    static const std::regex const_array_element(R"(^const\[0, int8\]$)");
    if (std::regex_match(type, m, int_type)) {
      size_t bytes = std::stoul(m[1]) / 8;
      return {bytes, bytes};
    }
    if (std::regex_match(type, m, sized)) return Of(m[2]);
    if (std::regex_match(type, m, array)) {
      if (!std::regex_match(std::string(m[1]), const_array_element)) return {};
      return {std::stoul(m[2]), 1};
    }
    if (std::regex_match(type, m, pointer)) {
      std::string target = m[2];
      static const std::regex array_of(R"(^array\[([\w$]+)\]$)");
      std::smatch t;
      if (!std::regex_match(target, t, array_of)) return {};
      if (t[1] != "int8" && !file_.structs.count(t[1])) return {};
      return {8, 8};
    }
    if (type == "fd") return {4, 4};
    if (auto resource = file_.resources.find(type); resource != file_.resources.end()) {
      return Of(resource->second);
    }
    if (auto found = file_.structs.find(type); found != file_.structs.end()) {
      return OfStruct(found->second);
    }
    return {};
  }

  Layout OfStruct(const Syzlang::Struct& entry) {
    size_t end = 0, align = 1;
    for (const std::string& type : entry.types) {
      Layout field = Of(type);
      if (field.size == 0) return {};
      end = AlignUpTo(end, field.align) + field.size;
      align = std::max(align, field.align);
    }
    size_t size = AlignUpTo(end, align);
    if (entry.size_attribute) {
      if (entry.size_attribute < size) return {};
      size = entry.size_attribute;
    }
    return {size, align};
  }

 private:
  const Syzlang& file_;
};

TEST(SyzlangTest, CommittedFileIsTheGeneratorsOutput) {
  std::ifstream in(IOMMUFD_CONFORM_SOURCE_DIR "/reports/syzkaller/dev_iommu.txt");
  ASSERT_TRUE(in);
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_EQ(committed.str(), Generated())
      << "regenerate: build/iommufd-conform-syzlang > reports/syzkaller/dev_iommu.txt";
}

TEST(SyzlangTest, EveryLineIsSyzlang) {
  Syzlang file = Parse(Generated());
  for (const std::string& error : file.errors) ADD_FAILURE() << error;
  EXPECT_FALSE(file.structs.empty());
}

TEST(SyzlangTest, ResourcesDeriveFromKnownTypes) {
  Syzlang file = Parse(Generated());
  for (const auto& [name, base] : file.resources) {
    bool known = base == "fd" || base == "int32" || file.resources.count(base);
    EXPECT_TRUE(known) << name << "[" << base << "]";
  }
}

TEST(SyzlangTest, EveryStructHasItsCSize) {
  Syzlang file = Parse(Generated());
  Sizer sizer(file);
  for (const auto& [name, entry] : file.structs) {
    Layout layout = sizer.OfStruct(entry);
    EXPECT_NE(layout.size, 0u) << name << " names a type syzlang does not know";
    std::string base = name.substr(0, name.find('$'));
    const StructEntry* c = nullptr;
    for (const StructEntry& candidate : CatalogStructs()) {
      if (candidate.kernel_name == base) c = &candidate;
    }
    ASSERT_NE(c, nullptr) << name;
    EXPECT_EQ(layout.size, c->size) << name;
  }
}

TEST(SyzlangTest, EveryDescribedCallHasItsIoctl) {
  Syzlang file = Parse(Generated());
  size_t expected = 0;
  for (const IoctlDescription& ioctl : kIoctlDescriptions) {
    if (ioctl.family == IoctlFamily::kVfioDevice) continue;
    std::ostringstream number;
    number << "0x" << std::hex << ioctl.request;
    if (!ioctl.union_selector.empty()) {
      for (const TestOpDescription& op : kTestOpDescriptions) {
        ASSERT_TRUE(file.ioctls.count(std::string(op.name))) << op.name;
        EXPECT_TRUE(file.ioctls[std::string(op.name)].starts_with(number.str() + " ptr[in, "));
        ++expected;
      }
      continue;
    }
    ASSERT_TRUE(file.ioctls.count(std::string(ioctl.name))) << ioctl.name;
    EXPECT_TRUE(file.ioctls[std::string(ioctl.name)].starts_with(number.str() + " "));
    ++expected;
  }
  EXPECT_EQ(file.ioctls.size(), expected);
}

TEST(SyzlangTest, ArgumentsAreDefinedStructs) {
  Syzlang file = Parse(Generated());
  const std::regex argument(R"(^0x[0-9a-f]+ ptr\[in, ([\w$]+)\]$)");
  for (const auto& [name, rest] : file.ioctls) {
    std::smatch m;
    if (rest.ends_with(" intptr")) continue;
    ASSERT_TRUE(std::regex_match(rest, m, argument)) << name << ": " << rest;
    EXPECT_TRUE(file.structs.count(m[1])) << name << ": " << m[1];
  }
}

}  // namespace
}  // namespace iommufd_conform::uapi
