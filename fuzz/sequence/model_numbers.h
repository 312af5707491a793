#ifndef IOMMUFD_CONFORM_FUZZ_SEQUENCE_MODEL_NUMBERS_H_
#define IOMMUFD_CONFORM_FUZZ_SEQUENCE_MODEL_NUMBERS_H_

#include "reference/model/model.h"

namespace iommufd_conform::fuzz {

// Descriptor numbers for a fuzzer's model, far above any the process has open. By default a
// model probes the process's open descriptors (one fcntl each) so its numbers avoid them;
// with a model per input that probing was a third of the model fuzzer's time.
inline model::Model::NumberSource FarDescriptorNumbers() {
  return [next = 1 << 24]() mutable { return next++; };
}

}  // namespace iommufd_conform::fuzz

#endif  // IOMMUFD_CONFORM_FUZZ_SEQUENCE_MODEL_NUMBERS_H_
