#include "harness/bench/bench_results.h"

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace iommufd_conform {
namespace {

double ToNanoseconds(double value, std::string_view unit) {
  if (unit == "us") return value * 1e3;
  if (unit == "ms") return value * 1e6;
  if (unit == "s") return value * 1e9;
  return value;
}

using nlohmann::json;

std::string StringField(const json& item, const char* key) {
  auto it = item.find(key);
  return it != item.end() && it->is_string() ? it->get<std::string>() : "";
}

template <typename T>
T NumberField(const json& item, const char* key) {
  auto it = item.find(key);
  return it != item.end() && it->is_number() ? it->get<T>() : T{};
}

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
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object() || !root.contains("benchmarks") || !root["benchmarks"].is_array()) {
    return MakeError(HarnessErrorKind::kIo, "not Google Benchmark JSON (no \"benchmarks\" array)");
  }
  std::vector<BenchEntry> entries;
  for (const json& item : root["benchmarks"]) {
    if (!item.is_object()) continue;
    if (StringField(item, "run_type") == "aggregate") continue;
    BenchEntry entry;
    if (!ParseBenchName(StringField(item, "name"), &entry)) continue;
    // 1.7 marks a skipped run with "error_occurred"; later versions with "skipped".
    std::string message = StringField(item, "error_message");
    auto error = item.find("error_occurred");
    bool error_occurred = error != item.end() && error->is_boolean() && error->get<bool>();
    if (error_occurred || !message.empty()) {
      entry.skipped = message.empty() ? "skipped" : message;
    } else {
      std::string unit = StringField(item, "time_unit");
      entry.cpu_ns = ToNanoseconds(NumberField<double>(item, "cpu_time"), unit);
      entry.real_ns = ToNanoseconds(NumberField<double>(item, "real_time"), unit);
      entry.iterations = NumberField<int64_t>(item, "iterations");
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
