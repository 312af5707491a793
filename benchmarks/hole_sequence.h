#ifndef IOMMUFD_CONFORM_BENCHMARKS_HOLE_SEQUENCE_H_
#define IOMMUFD_CONFORM_BENCHMARKS_HOLE_SEQUENCE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace iommufd_conform::bench {

// Which of N holes each iteration maps into: a fixed pseudo-random walk (xorshift), the same
// for every variant, so that a large tree pays the cache misses an ordered map really has.
// Hole k is at first_hole + k * stride.
class HoleSequence {
 public:
  HoleSequence(uint64_t holes, uint64_t first_hole, uint64_t stride) {
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (auto& hole : holes_) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      hole = first_hole + (x % holes) * stride;
    }
  }
  uint64_t Next() { return holes_[next_++ % holes_.size()]; }

 private:
  std::vector<uint64_t> holes_ = std::vector<uint64_t>(4096);
  size_t next_ = 0;
};

}  // namespace iommufd_conform::bench

#endif  // IOMMUFD_CONFORM_BENCHMARKS_HOLE_SEQUENCE_H_
