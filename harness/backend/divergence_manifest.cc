#include "harness/backend/divergence_manifest.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <sstream>

#include "harness/backend/object_kinds.h"
#include "reference/uapi/abi_catalog.h"

namespace iommufd_conform {
namespace {

constexpr std::string_view kKeys[] = {"call",       "member",    "kernel",      "model",
                                      "field",      "object",    "when",        "state",
                                      "kernels",    "platforms", "reason",      "kernel-bug",
                                      "reproducer", "hazard",    "model-copies"};
constexpr std::string_view kRequiredKeys[] = {"call", "kernels", "platforms", "reason",
                                              "kernel-bug"};
// What an entry that accepts a divergence must say, and an entry of `call: none` must not.
constexpr std::string_view kDivergenceKeys[] = {"kernel", "model", "field", "member",
                                                "object", "when",  "state"};
constexpr std::string_view kCallsBesideIoctls[] = {"open(/dev/iommu)", "open(device)", "read",
                                                   "write", "close", "poll", "mmap", "munmap"};

std::string_view Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::istringstream in{std::string(text)};
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

bool KnownCall(std::string_view call) {
  if (std::find(std::begin(kCallsBesideIoctls), std::end(kCallsBesideIoctls), call) !=
      std::end(kCallsBesideIoctls)) {
    return true;
  }
  const auto& constants = uapi::CatalogConstants();
  return std::any_of(constants.begin(), constants.end(), [&](const uapi::ConstantEntry& c) {
    return c.name.starts_with("kIoctl") && c.kernel_name == call;
  });
}

std::string_view KernelIoctlName(unsigned long request) {
  return uapi::KernelConstantName("kIoctl", request);
}

std::optional<OutcomePattern> ParseOutcome(std::string_view text) {
  if (text == "any") return OutcomePattern{OutcomePattern::Kind::kAny, 0};
  if (text == "ok") return OutcomePattern{OutcomePattern::Kind::kOk, 0};
  for (int error = 1; error < 4096; ++error) {
    if (ErrnoName(error) == text) return OutcomePattern{OutcomePattern::Kind::kErrno, error};
  }
  return std::nullopt;
}

// One entry's raw `key: value` lines, checked and converted once the entry is complete.
struct RawEntry {
  std::string id;
  int line;
  std::map<std::string, std::string, std::less<>> values;
  bool broken = false;  // a line of it was wrong: the entry is not used
};

using ErrorSink = std::function<void(const std::string&)>;

// An entry that accepts a divergence: both outcomes, and what narrows them.
void ConvertDivergence(const RawEntry& raw, ManifestEntry& entry, const ErrorSink& error) {
  if (!KnownCall(entry.call)) error("unknown call '" + entry.call + "'");
  for (std::string_view key : {"kernel", "model"}) {
    if (!raw.values.contains(key)) error("missing '" + std::string(key) + "'");
  }
  if (!raw.values.contains("kernel") || !raw.values.contains("model")) return;
  for (auto [key, pattern] : {std::pair{"kernel", &entry.kernel}, {"model", &entry.model}}) {
    const std::string& text = raw.values.find(key)->second;
    if (auto parsed = ParseOutcome(text)) {
      *pattern = *parsed;
    } else {
      error(std::string(key) + ": '" + text + "' is not ok, any or an errno name");
    }
  }
  if (auto field = raw.values.find("field"); field != raw.values.end()) entry.field = field->second;
  if (auto member = raw.values.find("member"); member != raw.values.end()) {
    entry.members = Words(member->second);
  }
  if (auto objects = raw.values.find("object"); objects != raw.values.end()) {
    entry.objects = Words(objects->second);
    if (entry.objects.empty()) error("object: name at least one kind");
    auto named = NamedObjects();
    bool names_one = std::any_of(named.begin(), named.end(), [&](const NamedObject& object) {
      return KernelIoctlName(object.request) == entry.call;
    });
    if (!names_one) error("object: " + entry.call + " names no object");
  }
  if (auto when = raw.values.find("when"); when != raw.values.end()) {
    entry.condition = FindCondition(when->second);
    if (!entry.condition) {
      std::string known;
      for (const Condition& condition : Conditions()) known += " " + std::string(condition.name);
      error("when: unknown condition '" + when->second + "' (known:" + known + ")");
    }
  }
  bool outcome_pair = entry.field.empty() || entry.field == "errno" || entry.field == "ret";
  if (outcome_pair && entry.objects.empty() && !raw.values.contains("when")) {
    error("accepts every " + entry.call + " answered so: narrow it with 'object' or 'when'");
  }
  if (auto state = raw.values.find("state"); state != raw.values.end()) {
    if (state->second != "unchanged") error("state: only 'unchanged' may be said");
    entry.state_unchanged = true;
  }
}

// `call: none`: a kernel bug no call shows as a divergence (the model copies it, or it is a
// WARN, a hang or a wrong result only its reproducer looks at). It accepts nothing.
void ConvertBugOnly(const RawEntry& raw, const ErrorSink& error) {
  for (std::string_view key : kDivergenceKeys) {
    if (raw.values.contains(key)) {
      error("'" + std::string(key) + "' with call: none (it accepts no divergence)");
    }
  }
  if (raw.values.find("kernel-bug")->second != "yes") error("call: none is for kernel bugs");
}

void ConvertCommon(const RawEntry& raw, ManifestEntry& entry, const ErrorSink& error) {
  entry.kernels = Words(raw.values.find("kernels")->second);
  if (entry.kernels.empty()) error("kernels: name at least one version");
  for (const std::string& version : entry.kernels) {
    if (!uapi::ParseKernelVersion(version)) error("kernels: unknown version '" + version + "'");
  }
  std::vector<std::string> platforms = Words(raw.values.find("platforms")->second);
  if (platforms != std::vector<std::string>{"any"}) {
    if (platforms.empty()) error("platforms: 'any' or a list");
    for (const std::string& name : platforms) {
      if (auto platform = model::ParsePlatform(name)) {
        entry.platforms.push_back(*platform);
      } else {
        error("platforms: unknown platform '" + name + "'");
      }
    }
  }
  entry.reason = raw.values.find("reason")->second;
  const std::string& bug = raw.values.find("kernel-bug")->second;
  if (bug != "yes" && bug != "no") error("kernel-bug: 'yes' or 'no'");
  entry.kernel_bug = bug == "yes";
  if (auto reproducer = raw.values.find("reproducer"); reproducer != raw.values.end()) {
    entry.reproducer = reproducer->second;
  }
  if (entry.kernel_bug && entry.reproducer.empty()) error("a kernel bug needs a reproducer");
  if (auto hazard = raw.values.find("hazard"); hazard != raw.values.end()) {
    if (hazard->second == "warn") {
      entry.hazard = ManifestEntry::Hazard::kWarn;
    } else if (hazard->second == "hang") {
      entry.hazard = ManifestEntry::Hazard::kHang;
    } else {
      error("hazard: 'warn' or 'hang'");
    }
  }
  if (auto copies = raw.values.find("model-copies"); copies != raw.values.end()) {
    if (copies->second != "yes" && copies->second != "no") error("model-copies: 'yes' or 'no'");
    entry.model_copies = copies->second == "yes";
  }
  if (!entry.kernel_bug && (raw.values.contains("hazard") || raw.values.contains("model-copies"))) {
    error("hazard and model-copies describe kernel bugs");
  }
}

std::optional<ManifestEntry> Convert(const RawEntry& raw, std::vector<std::string>& errors) {
  size_t errors_before = errors.size();
  auto error = [&](const std::string& message) {
    errors.push_back("line " + std::to_string(raw.line) + " [" + raw.id + "]: " + message);
  };
  for (std::string_view key : kRequiredKeys) {
    if (!raw.values.contains(key)) error("missing '" + std::string(key) + "'");
  }
  if (raw.broken || errors.size() > errors_before) return std::nullopt;
  ManifestEntry entry;
  entry.id = raw.id;
  entry.line = raw.line;
  entry.call = raw.values.find("call")->second;
  entry.divergence = entry.call != kNoCall;
  if (!entry.divergence) {
    ConvertBugOnly(raw, error);
  } else {
    ConvertDivergence(raw, entry, error);
  }
  ConvertCommon(raw, entry, error);
  if (errors.size() > errors_before) return std::nullopt;
  return entry;
}

}  // namespace

bool OutcomePattern::Matches(const Outcome& outcome) const {
  switch (kind) {
    case Kind::kAny: return true;
    case Kind::kOk: return outcome.ok();
    case Kind::kErrno: return !outcome.ok() && outcome.error == error;
  }
  return false;
}

const ManifestEntry* DivergenceManifest::Match(const CallRecord& call,
                                               const Difference& difference,
                                               std::string_view kernel_version,
                                               model::Platform platform,
                                               const CallFacts& facts) const {
  std::string name = call.CallName();
  for (const ManifestEntry& entry : entries_) {
    if (!entry.divergence || entry.call != name || !entry.kernel.Matches(call.kernel.outcome) ||
        !entry.model.Matches(call.model.outcome)) {
      continue;
    }
    if (!entry.field.empty() && entry.field != difference.pattern) continue;
    if (!entry.members.empty()) {
      std::string_view member = call.shape() ? call.shape()->SelectedMember(call.input) : "";
      if (std::find(entry.members.begin(), entry.members.end(), member) == entry.members.end()) {
        continue;
      }
    }
    if (std::find(entry.kernels.begin(), entry.kernels.end(), kernel_version) ==
        entry.kernels.end()) {
      continue;
    }
    if (!entry.objects.empty() &&
        std::find(entry.objects.begin(), entry.objects.end(), facts.object_kind) ==
            entry.objects.end()) {
      continue;
    }
    if (entry.condition && !entry.condition->holds(call, facts)) continue;
    if (!entry.platforms.empty() &&
        std::find(entry.platforms.begin(), entry.platforms.end(), platform) ==
            entry.platforms.end()) {
      continue;
    }
    return &entry;
  }
  return nullptr;
}

const ManifestEntry* DivergenceManifest::Find(std::string_view id) const {
  for (const ManifestEntry& entry : entries_) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

bool ManifestEntry::HoldsFor(std::string_view kernel_version, model::Platform platform) const {
  bool kernel = std::find(kernels.begin(), kernels.end(), kernel_version) != kernels.end();
  bool on_platform =
      platforms.empty() || std::find(platforms.begin(), platforms.end(), platform) != platforms.end();
  return kernel && on_platform;
}

ManifestParse ParseDivergenceManifest(std::string_view text) {
  ManifestParse parse;
  std::vector<ManifestEntry> entries;
  std::optional<RawEntry> current;
  std::string last_key;
  std::vector<std::string> ids;
  int number = 0;
  auto finish = [&] {
    if (current) {
      if (auto entry = Convert(*current, parse.errors)) entries.push_back(std::move(*entry));
    }
    current.reset();
  };
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++number;
    auto error = [&](const std::string& message) {
      parse.errors.push_back("line " + std::to_string(number) + ": " + message);
    };
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    if (trimmed.front() == '[') {
      finish();
      if (trimmed.back() != ']' || trimmed.size() < 3) {
        error("an entry starts with [id]");
        continue;
      }
      std::string id(trimmed.substr(1, trimmed.size() - 2));
      bool duplicate = std::find(ids.begin(), ids.end(), id) != ids.end();
      if (duplicate) error("duplicate id '" + id + "'");
      ids.push_back(id);
      current = RawEntry{id, number, {}, duplicate};
      last_key.clear();
      continue;
    }
    if (!current) {
      error("text outside an entry");
      continue;
    }
    // An indented line continues the previous value (long reasons and reproducers).
    if ((line.front() == ' ' || line.front() == '\t') && !last_key.empty()) {
      current->values[last_key] += " " + std::string(trimmed);
      continue;
    }
    size_t colon = trimmed.find(':');
    std::string key(Trim(trimmed.substr(0, colon)));
    if (colon == std::string_view::npos ||
        std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
      error("unknown key '" + key + "'");
      current->broken = true;
      continue;
    }
    if (current->values.contains(key)) {
      error("'" + key + "' given twice");
      current->broken = true;
    }
    current->values[key] = std::string(Trim(trimmed.substr(colon + 1)));
    last_key = key;
  }
  finish();
  parse.manifest = DivergenceManifest(std::move(entries));
  return parse;
}

}  // namespace iommufd_conform
