#include "harness/vm/initramfs.h"

#include <fstream>
#include <iterator>

#include "harness/guest/guest_protocol.h"
#include "harness/vm/cpio_writer.h"

namespace iommufd_conform {
namespace {

namespace gp = guest_protocol;

HarnessResult<std::string> ReadBinary(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(HarnessErrorKind::kIo, "cannot read " + path.string());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Each entry NUL-terminated, so an empty last argument survives.
std::string JoinNul(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out.append(item).push_back('\0');
  return out;
}

std::string ConfigText(const InitramfsSpec& spec) {
  std::string text;
  if (!spec.vfio_ids.empty()) {
    text.append(gp::kVfioIdsKey).push_back('=');
    for (size_t i = 0; i < spec.vfio_ids.size(); ++i) {
      if (i) text.push_back(',');
      text.append(spec.vfio_ids[i]);
    }
    text.push_back('\n');
  }
  if (!spec.share_tag.empty()) {
    text.append(gp::kShareTagKey).append("=").append(spec.share_tag).push_back('\n');
  }
  if (spec.hugepages > 0) {
    text.append(gp::kHugepagesKey).append("=").append(std::to_string(spec.hugepages));
    text.push_back('\n');
  }
  if (spec.payload_timeout > 0) {
    text.append(gp::kPayloadTimeoutKey).append("=").append(std::to_string(spec.payload_timeout));
    text.push_back('\n');
  }
  if (!spec.gcov_out.empty()) {
    text.append(gp::kGcovOutKey).append("=").append(spec.gcov_out).push_back('\n');
  }
  return text;
}

}  // namespace

HarnessResult<std::string> BuildInitramfs(const InitramfsSpec& spec) {
  auto init = ReadBinary(spec.init_binary);
  if (!init.ok()) return init.error();
  auto payload = ReadBinary(spec.payload);
  if (!payload.ok()) return payload.error();

  std::string payload_path =
      std::string(gp::kPayloadDir) + "/" + spec.payload.filename().string();
  std::vector<std::string> argv = {payload_path};
  argv.insert(argv.end(), spec.payload_args.begin(), spec.payload_args.end());

  CpioWriter cpio;
  for (const char* dir : {"/dev", "/proc", "/sys", "/tmp", "/share", "/conform"}) {
    cpio.AddDirectory(dir);
  }
  cpio.AddDirectory(gp::kPayloadDir);
  // The kernel opens /dev/console for init's stdio before init can mount devtmpfs.
  cpio.AddCharDevice("/dev/console", 5, 1);
  cpio.AddFile(gp::kInitPath, init.value(), 0755);
  cpio.AddFile(payload_path, payload.value(), 0755);
  cpio.AddFile(gp::kArgvPath, JoinNul(argv));
  cpio.AddFile(gp::kEnvPath, JoinNul(spec.payload_env));
  cpio.AddFile(gp::kConfigPath, ConfigText(spec));
  return cpio.Finish();
}

HarnessStatus WriteInitramfs(const InitramfsSpec& spec, const std::filesystem::path& out) {
  auto archive = BuildInitramfs(spec);
  if (!archive.ok()) return archive.error();
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file.write(archive.value().data(), static_cast<std::streamsize>(archive.value().size()));
  file.close();
  if (!file) return MakeError(HarnessErrorKind::kIo, "cannot write " + out.string());
  return Done{};
}

}  // namespace iommufd_conform
