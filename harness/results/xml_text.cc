#include "harness/results/xml_text.h"

namespace iommufd_conform {

std::string XmlSafeText(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') c = '?';
  }
  return out;
}

}  // namespace iommufd_conform
