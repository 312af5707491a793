#include "reference/uapi/outcome.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace iommufd_conform {

std::string ErrnoName(int error) {
  if (error == 0) return "0";
  // glibc's strerrorname_np gives the symbolic name ("EINVAL").
  if (const char* name = strerrorname_np(error)) return name;
  return "errno " + std::to_string(error);
}

std::string Describe(const Outcome& outcome) {
  std::string text = outcome.ok() ? "ok(ret=" + std::to_string(outcome.ret) + ")"
                                  : "fails(" + ErrnoName(outcome.error) + ")";
  if (!outcome.out.empty()) {
    text += " out=[";
    char hex[4];
    for (size_t i = 0; i < outcome.out.size(); ++i) {
      if (i && i % 4 == 0) text += ' ';
      std::snprintf(hex, sizeof(hex), "%02x", static_cast<unsigned>(outcome.out[i]));
      text += hex;
    }
    text += "]";
  }
  return text;
}

}  // namespace iommufd_conform
