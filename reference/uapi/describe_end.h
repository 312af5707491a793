// Removes the macros of describe_begin.h.

#undef DESCRIBE_TEST_OP
#undef DESCRIBE_SCALAR
#undef DESCRIBE_IOCTL
#undef BYTES_OF
#undef ARRAY_OF
#undef COUNT
#undef F
#undef IOMMUFD_CONFORM_DESC_TYPE
