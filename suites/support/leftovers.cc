#include "suites/support/leftovers.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace iommufd_conform {
namespace {

// Links of descriptors the uAPI hands out: the character devices, and the anonymous and
// pseudo files of its objects (fault queues, event queues, dmabufs).
bool IsUapiDescriptor(std::string_view link) {
  return link == "/dev/iommu" || link.starts_with("/dev/vfio/") ||
         (link.starts_with("anon_inode:") && link.find("iommufd") != std::string_view::npos) ||
         link.find("dmabuf") != std::string_view::npos;
}

std::optional<uint64_t> PinnedKib(std::string_view status) {
  constexpr std::string_view kKey = "VmPin:";
  size_t at = status.find(kKey);
  if (at == std::string_view::npos || (at > 0 && status[at - 1] != '\n')) return std::nullopt;
  std::string_view rest = status.substr(at + kKey.size());
  rest.remove_prefix(std::min(rest.find_first_not_of(" \t"), rest.size()));
  uint64_t kib = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), kib);
  if (ec != std::errc()) return std::nullopt;
  return kib;
}

}  // namespace

Leftovers LeftoversFrom(std::string_view status, const std::map<int, std::string>& descriptors,
                        const model::Model* model) {
  Leftovers leftovers;
  leftovers.pinned_kib = PinnedKib(status);
  for (const auto& [fd, link] : descriptors) {
    if (IsUapiDescriptor(link)) leftovers.descriptors[fd] = link;
  }
  if (model) model->ForEachFile([&](const model::ModelFile&) { ++leftovers.model_files; });
  return leftovers;
}

Leftovers CurrentLeftovers(const model::Model* model) {
  std::ifstream in("/proc/self/status");
  std::stringstream status;
  status << in.rdbuf();
  std::map<int, std::string> descriptors;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    int fd = -1;
    std::string name = entry.path().filename().string();
    if (std::from_chars(name.data(), name.data() + name.size(), fd).ec != std::errc()) continue;
    std::error_code link_ec;
    std::filesystem::path link = std::filesystem::read_symlink(entry.path(), link_ec);
    if (!link_ec) descriptors[fd] = link.string();
  }
  return LeftoversFrom(status.str(), descriptors, model);
}

std::vector<std::string> NewLeftovers(const Leftovers& before, const Leftovers& after) {
  std::vector<std::string> found;
  if (before.pinned_kib && after.pinned_kib && *after.pinned_kib > *before.pinned_kib) {
    found.push_back("the process pins " + std::to_string(*after.pinned_kib - *before.pinned_kib) +
                    " KiB more than before the case (VmPin)");
  }
  for (const auto& [fd, link] : after.descriptors) {
    auto it = before.descriptors.find(fd);
    if (it == before.descriptors.end() || it->second != link) {
      found.push_back("descriptor " + std::to_string(fd) + " (" + link + ") is still open");
    }
  }
  if (after.model_files > before.model_files) {
    found.push_back("the model still holds " + std::to_string(after.model_files - before.model_files) +
                    " open descriptor(s) of the case: not every object is gone");
  }
  return found;
}

}  // namespace iommufd_conform
