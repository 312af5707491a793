#ifndef IOMMUFD_CONFORM_BENCHMARKS_UAPI_BENCH_SESSION_H_
#define IOMMUFD_CONFORM_BENCHMARKS_UAPI_BENCH_SESSION_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/backend/backend.h"
#include "reference/uapi/iommufd_test.h"

namespace iommufd_conform::bench {

// Which uAPI maps and unmaps:
//   kNative     IOMMU_IOAS_MAP / IOMMU_IOAS_UNMAP on /dev/iommu
//   kCompat     VFIO_IOMMU_MAP_DMA / UNMAP_DMA on a /dev/iommu descriptor: iommufd's VFIO
//               compatibility layer on the IOAS IOMMU_VFIO_IOAS names
//   kContainer  the same ioctls on /dev/vfio/vfio with the device's group attached: VFIO's
//               own type1 driver on a kernel built without IOMMUFD_VFIO_CONTAINER, else
//               iommufd's compat container again (the runner labels which)
enum class FrontEnd { kNative, kCompat, kContainer };
// What is attached to the address space while it maps:
//   kNone, kMock (one selftest mock domain), kTwoMock (two), kDevice (a real VFIO device).
enum class Attach { kNone, kMock, kTwoMock, kDevice };

std::string_view FrontEndName(FrontEnd front_end);
std::string_view AttachName(Attach attach);

// One address space reached through one front end, with its attachments, torn down on
// destruction. Calls return 0 or an errno.
class BenchSession {
 public:
  static std::unique_ptr<BenchSession> Open(Backend& backend, FrontEnd front_end, Attach attach,
                                            std::string* error);
  ~BenchSession();
  BenchSession(const BenchSession&) = delete;
  BenchSession& operator=(const BenchSession&) = delete;

  int Map(const void* user_va, uint64_t length, uint64_t iova);
  int Unmap(uint64_t iova, uint64_t length);
  // Native only.
  int MapFile(int fd, uint64_t start, uint64_t length, uint64_t iova);
  // Native only: a second IOAS with the same kind of attachment, created on first use, that
  // Copy copies into and UnmapCopy unmaps from.
  int Copy(uint64_t src_iova, uint64_t length, uint64_t dst_iova);
  int UnmapCopy(uint64_t iova, uint64_t length);
  // Native with a mock attachment only: swaps the mock device onto a dirty-tracking HWPT on
  // the IOAS and enables tracking, then reads (and clears) the bitmap of a range.
  int EnableDirtyTracking();
  int ReadDirtyBitmap(uint64_t iova, uint64_t length, std::vector<uint64_t>* bitmap);
  // Native with a mock attachment only: a nest parent on the IOAS and a mock nested HWPT on
  // it, created on first use, whose IOTLB entries HWPT_INVALIDATE flushes `entries` at a time.
  int Invalidate(uint32_t entries);

 private:
  BenchSession(Backend& backend, FrontEnd front_end, Attach attach)
      : backend_(backend), front_end_(front_end), attach_(attach) {}
  int Setup(std::string* error);
  int AllocIoas(uint32_t* id);
  int AttachTo(uint32_t ioas, std::string* error);
  int AddMock(uint32_t ioas);
  int Ioctl(int fd, unsigned long request, void* arg, size_t size);

  Backend& backend_;
  FrontEnd front_end_;
  Attach attach_;
  int iommufd_ = -1;
  int container_ = -1;
  int group_ = -1;
  int device_ = -1;
  int map_fd_ = -1;  // where MAP/UNMAP go: iommufd_ or container_
  uint32_t ioas_ = 0;
  std::optional<uint32_t> copy_ioas_;
  std::vector<uint32_t> mock_stdevs_;  // selftest device objects, destroyed first
  std::vector<uint32_t> mock_idevs_;
  uint32_t dirty_hwpt_ = 0;
  uint32_t nested_hwpt_ = 0;
  std::vector<uapi::IommuHwptInvalidateSelftest> invalidations_;
};

}  // namespace iommufd_conform::bench

#endif  // IOMMUFD_CONFORM_BENCHMARKS_UAPI_BENCH_SESSION_H_
