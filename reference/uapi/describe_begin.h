// The macros that describe an ioctl (ioctl_descriptions.h), for use between this header and
// describe_end.h, inside namespace iommufd_conform::uapi::descriptions. No include guard:
// each inclusion defines them again after describe_end.h removed them.

// F(field): a field of the struct being described (`Self`); a name that is not a member of
// it does not compile. decltype of a member access keeps AlignedU64's alignment.
#define IOMMUFD_CONFORM_DESC_TYPE(field) decltype(std::declval<Self&>().field)
#define F(field)                                                                  \
  FieldDescription {                                                              \
    #field, offsetof(Self, field), sizeof(IOMMUFD_CONFORM_DESC_TYPE(field)),      \
        alignof(IOMMUFD_CONFORM_DESC_TYPE(field))                                 \
  }
// A pointer's count field, checked to exist.
#define COUNT(field) (static_cast<void>(offsetof(Self, field)), std::string_view(#field))
#define ARRAY_OF(count, Element) \
  PointerInfo { COUNT(count), sizeof(Element), #Element }
#define BYTES_OF(count) \
  PointerInfo { COUNT(count) }

#define DESCRIBE_IOCTL(Constant, kernel_name, family, header, versions, Type, kernel_struct, \
                       last_mandatory, ...)                                                 \
  namespace Constant##Description {                                                         \
  using Self = Type;                                                                        \
  inline constexpr FieldDescription kFields[] = {__VA_ARGS__};                              \
  static_assert(CoversBytes(kFields, 0, sizeof(Type), alignof(Type)),                       \
                #Type ": a field is missing from its description (or out of order)");      \
  inline constexpr IoctlDescription kEntry{                                                 \
      Constant,       #Constant, kernel_name, IoctlFamily::family, KernelHeader::header,    \
      versions,       #Type,     kernel_struct,                                             \
      offsetof(Type, last_mandatory) + sizeof(IOMMUFD_CONFORM_DESC_TYPE(last_mandatory)),   \
      sizeof(Type),   kFields};                                                             \
  }
// An ioctl whose argument is an integer or nothing.
#define DESCRIBE_SCALAR(Constant, kernel_name, family, header, versions)            \
  namespace Constant##Description {                                                 \
  inline constexpr IoctlDescription kEntry{Constant, #Constant, kernel_name,        \
                                           IoctlFamily::family, KernelHeader::header, \
                                           versions, "", "", 0, 0, {}};             \
  }
// An IOMMU_TEST_CMD op: `id` is the header's id field with its role for this op, the other
// fields those of union member `member`, which they must cover.
#define DESCRIBE_TEST_OP(Constant, kernel_name, member, versions, returns_fd, id, ...)        \
  namespace Constant##Description {                                                          \
  using Self = IommuTestCmd;                                                                 \
  inline constexpr FieldDescription kFields[] = {__VA_ARGS__};                               \
  static_assert(AllInMember(kFields, #member), #member ": a field of another member");       \
  static_assert(CoversBytes(kFields, offsetof(Self, member),                                 \
                            offsetof(Self, member) + sizeof(IOMMUFD_CONFORM_DESC_TYPE(member)), \
                            alignof(IOMMUFD_CONFORM_DESC_TYPE(member))),                     \
                #member ": a field is missing from its description (or out of order)");     \
  inline constexpr TestOpDescription kEntry{Constant, #Constant, kernel_name, #member,       \
                                            versions, kFields,  id,          returns_fd};    \
  }
