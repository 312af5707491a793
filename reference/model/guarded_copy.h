#ifndef IOMMUFD_CONFORM_REFERENCE_MODEL_GUARDED_COPY_H_
#define IOMMUFD_CONFORM_REFERENCE_MODEL_GUARDED_COPY_H_

#include <cstddef>
#include <cstdint>
#include <optional>

namespace iommufd_conform::model {

// A copy between the model's own memory and an address the caller gave, made with plain
// loads and stores under a SIGSEGV/SIGBUS handler that ends it at the first page that
// faults. Faults that are not a guarded copy's go on to the handler installed before ours.
//
// Returns how many bytes were copied (whole pages before the first bad one, in order), or
// nullopt when the guard cannot be used: it could not be installed (a sanitizer runtime may
// refuse), or, with `verify`, another handler has since replaced it or the thread blocks
// SIGSEGV or SIGBUS.
std::optional<size_t> GuardedCopy(void* local, uint64_t user_address, size_t length,
                                  bool to_user, bool verify);

}  // namespace iommufd_conform::model

#endif  // IOMMUFD_CONFORM_REFERENCE_MODEL_GUARDED_COPY_H_
