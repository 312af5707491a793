#ifndef IOMMUFD_CONFORM_HARNESS_KERNEL_SHA256_H_
#define IOMMUFD_CONFORM_HARNESS_KERNEL_SHA256_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "harness/common/harness_error.h"

struct evp_md_ctx_st;

namespace iommufd_conform {

// Incremental SHA-256 (OpenSSL's libcrypto, which a kernel build needs anyway). Cache keys and
// source identities are digests, so any change to what they cover gives a new key.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view data);
  // Finishes the digest; the object must not be updated afterwards.
  std::string HexDigest();

 private:
  evp_md_ctx_st* context_;
};

std::string Sha256Hex(std::string_view data);
HarnessResult<std::string> Sha256OfFile(const std::filesystem::path& path);

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_KERNEL_SHA256_H_
