// Compiled, not linked, by two tests: as is it compiles; with IOMMUFD_CONFORM_MISNAME it
// names a field IommuIoasMap does not have, which must not compile.
#include "reference/uapi/ioctl_descriptions.h"

namespace iommufd_conform::uapi::descriptions {
#include "reference/uapi/describe_begin.h"
namespace misnamed_field_check {
using Self = IommuIoasMap;
#ifdef IOMMUFD_CONFORM_MISNAME
inline constexpr FieldDescription kField = F(ioas);
#else
inline constexpr FieldDescription kField = F(ioas_id);
#endif
}  // namespace misnamed_field_check
#include "reference/uapi/describe_end.h"
}  // namespace iommufd_conform::uapi::descriptions
