#include "harness/bench/bench_results.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <memory>
#include <variant>

namespace iommufd_conform {
namespace {

// Just enough JSON for Google Benchmark's output: objects, arrays, strings, numbers,
// true/false/null. Values are kept as text (strings unescaped) or nested containers.
struct JsonValue {
  enum class Kind { kScalar, kString, kObject, kArray } kind = Kind::kScalar;
  std::string text;
  std::vector<std::pair<std::string, std::unique_ptr<JsonValue>>> members;
  std::vector<std::unique_ptr<JsonValue>> items;
  const JsonValue* Find(std::string_view key) const {
    for (const auto& [name, value] : members) {
      if (name == key) return value.get();
    }
    return nullptr;
  }
};

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  std::unique_ptr<JsonValue> Parse() {
    auto value = Value();
    SkipSpace();
    if (!value || at_ != text_.size()) return nullptr;
    return value;
  }

 private:
  void SkipSpace() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
  }
  bool Eat(char c) {
    SkipSpace();
    if (at_ < text_.size() && text_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }
  std::optional<std::string> String() {
    if (!Eat('"')) return std::nullopt;
    std::string out;
    while (at_ < text_.size() && text_[at_] != '"') {
      char c = text_[at_++];
      if (c == '\\' && at_ < text_.size()) {
        char escaped = text_[at_++];
        switch (escaped) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'u': out += '?'; at_ += 4; break;  // not in our names
          default: out += escaped;
        }
      } else {
        out += c;
      }
    }
    if (at_ >= text_.size()) return std::nullopt;
    ++at_;
    return out;
  }
  std::unique_ptr<JsonValue> Value() {
    if (++depth_ > 64) return nullptr;
    auto value = std::make_unique<JsonValue>();
    SkipSpace();
    if (at_ >= text_.size()) return nullptr;
    char c = text_[at_];
    if (c == '{') {
      ++at_;
      value->kind = JsonValue::Kind::kObject;
      if (!Eat('}')) {
        do {
          auto key = String();
          if (!key || !Eat(':')) return nullptr;
          auto member = Value();
          if (!member) return nullptr;
          value->members.emplace_back(*key, std::move(member));
        } while (Eat(','));
        if (!Eat('}')) return nullptr;
      }
    } else if (c == '[') {
      ++at_;
      value->kind = JsonValue::Kind::kArray;
      if (!Eat(']')) {
        do {
          auto item = Value();
          if (!item) return nullptr;
          value->items.push_back(std::move(item));
        } while (Eat(','));
        if (!Eat(']')) return nullptr;
      }
    } else if (c == '"') {
      auto text = String();
      if (!text) return nullptr;
      value->kind = JsonValue::Kind::kString;
      value->text = *text;
    } else {
      size_t start = at_;
      while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) ||
                                    text_[at_] == '-' || text_[at_] == '+' || text_[at_] == '.')) {
        ++at_;
      }
      if (start == at_) return nullptr;
      value->text = std::string(text_.substr(start, at_ - start));
    }
    --depth_;
    return value;
  }

  std::string_view text_;
  size_t at_ = 0;
  int depth_ = 0;
};

double ToNanoseconds(double value, std::string_view unit) {
  if (unit == "us") return value * 1e3;
  if (unit == "ms") return value * 1e6;
  if (unit == "s") return value * 1e9;
  return value;
}

std::string Text(const JsonValue* value) { return value ? value->text : ""; }

}  // namespace

bool ParseBenchName(const std::string& name, BenchEntry* entry) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t slash = name.find('/', start);
    parts.push_back(name.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  const bool live = !parts.empty() && parts[0] == "LiveAreas";
  if (parts.size() != (live ? 4u : 5u)) return false;
  const std::string& value = parts.back();
  if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos) return false;
  entry->name = name;
  entry->op = parts[0];
  entry->front_end = parts[1];
  entry->backing = live ? "" : parts[2];
  entry->attach = parts[parts.size() - 2];
  entry->value = std::strtoull(value.c_str(), nullptr, 10);
  return true;
}

HarnessResult<std::vector<BenchEntry>> ParseBenchmarkJson(std::string_view text) {
  auto root = JsonParser(text).Parse();
  const JsonValue* list = root ? root->Find("benchmarks") : nullptr;
  if (!list || list->kind != JsonValue::Kind::kArray) {
    return MakeError(HarnessErrorKind::kIo, "not Google Benchmark JSON (no \"benchmarks\" array)");
  }
  std::vector<BenchEntry> entries;
  for (const auto& item : list->items) {
    if (item->kind != JsonValue::Kind::kObject) continue;
    if (Text(item->Find("run_type")) == "aggregate") continue;
    BenchEntry entry;
    if (!ParseBenchName(Text(item->Find("name")), &entry)) continue;
    // 1.7 marks a skipped run with "error_occurred"; later versions with "skipped".
    std::string message = Text(item->Find("error_message"));
    if (Text(item->Find("error_occurred")) == "true" || !message.empty()) {
      entry.skipped = message.empty() ? "skipped" : message;
    } else {
      std::string unit = Text(item->Find("time_unit"));
      entry.cpu_ns = ToNanoseconds(std::atof(Text(item->Find("cpu_time")).c_str()), unit);
      entry.real_ns = ToNanoseconds(std::atof(Text(item->Find("real_time")).c_str()), unit);
      entry.iterations = std::atoll(Text(item->Find("iterations")).c_str());
    }
    // Repetitions of one case: the fastest is the one least disturbed by a busy machine.
    auto same = std::find_if(entries.begin(), entries.end(),
                             [&](const BenchEntry& other) { return other.name == entry.name; });
    if (same == entries.end()) {
      entries.push_back(std::move(entry));
    } else if (entry.skipped.empty() && (!same->skipped.empty() || entry.cpu_ns < same->cpu_ns)) {
      *same = std::move(entry);
    }
  }
  return entries;
}

}  // namespace iommufd_conform
