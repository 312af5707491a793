#ifndef IOMMUFD_CONFORM_HARNESS_BACKEND_DIVERGENCE_REPORT_H_
#define IOMMUFD_CONFORM_HARNESS_BACKEND_DIVERGENCE_REPORT_H_

// Readable text for calls and divergences, decoded through the ABI catalog:
//
//   IOMMU_IOAS_MAP diverged on fd 5
//     call:   IOMMU_IOAS_MAP(flags=6, ioas_id=1, user_va=0x7f3a1000, length=8192)
//     kernel: ok(ret=0) iova=8192
//     model:  fails(ENOSPC)
//     first difference: result: kernel ok(ret=0), model ENOSPC
//     earlier calls on fd 5, oldest first:
//       IOMMU_IOAS_ALLOC() -> ok(ret=0) out_ioas_id=1

#include <span>
#include <string>

#include "harness/backend/call_record.h"

namespace iommufd_conform {

// The call with its non-zero argument fields: "IOMMU_IOAS_UNMAP(ioas_id=1, iova=4096, ...)".
// `size` is shown only when it is not the struct's own size.
std::string DescribeCall(const CallRecord& call);

// One side's answer and the fields it changed: "ok(ret=0) out_ioas_id=1", "fails(ENOENT)".
std::string DescribeSide(const CallRecord& call, const SideResult& side);

// A line for the per-descriptor call log: the call and the kernel's answer.
std::string LogLine(const CallRecord& call);

// The whole report for a divergence. `earlier` is the descriptor's log before this call.
std::string FormatDivergence(const CallRecord& call, const Difference& difference,
                             std::span<const std::string> earlier);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_BACKEND_DIVERGENCE_REPORT_H_
