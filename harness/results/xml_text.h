#ifndef IOMMUFD_CONFORM_HARNESS_RESULTS_XML_TEXT_H_
#define IOMMUFD_CONFORM_HARNESS_RESULTS_XML_TEXT_H_

#include <string>
#include <string_view>

namespace iommufd_conform {

// Text fit for an XML 1.0 document before the XML library escapes it: XML 1.0 cannot carry
// most control characters at all, escaped or not, and consoles have some ('?' stands in).
std::string XmlSafeText(std::string_view text);

// A JUnit time attribute: GoogleTest measures milliseconds, while the XML library would print
// a double with 17 digits (0.10000000000000001).
std::string JunitSeconds(double seconds);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_RESULTS_XML_TEXT_H_
