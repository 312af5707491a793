#include "harness/results/result_writers.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

namespace iommufd_conform {
namespace {

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        // XML 1.0 has no encoding for most control characters; consoles carry some.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string JsonEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

HarnessStatus WriteFile(const std::filesystem::path& file, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  std::ofstream out(file);
  out << text;
  if (!out) return MakeError(HarnessErrorKind::kIo, "cannot write " + file.string());
  return Done{};
}

std::string_view StatusWord(const ConfigResult& config) {
  if (config.harness_error) return "error";
  if (config.Count(CaseStatus::kFailed)) return "failed";
  if (NothingCompared(config)) return "failed";
  return "passed";
}

}  // namespace

bool NothingCompared(const ConfigResult& config) {
  std::optional<DiffCounts> diff = config.DiffTotals();
  return diff && diff->calls > 0 && diff->compared == 0;
}

HarnessStatus WriteJunit(const std::vector<ConfigResult>& configs,
                         const std::filesystem::path& file) {
  std::ostringstream xml;
  xml << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"iommufd-conform\">\n";
  for (const ConfigResult& config : configs) {
    std::map<std::string, std::vector<const CaseResult*>> suites;
    for (const CaseResult& c : config.cases) suites[c.suite].push_back(&c);
    for (const auto& [suite, cases] : suites) {
      int failures = 0, skipped = 0;
      for (const CaseResult* c : cases) {
        failures += c->status == CaseStatus::kFailed;
        skipped += c->status == CaseStatus::kSkipped || c->Unverified();
      }
      xml << "  <testsuite name=\"" << XmlEscape(config.Name() + "." + suite) << "\" tests=\""
          << cases.size() << "\" failures=\"" << failures << "\" skipped=\"" << skipped
          << "\" errors=\"0\">\n";
      for (const CaseResult* c : cases) {
        xml << "    <testcase classname=\"" << XmlEscape(config.Name() + "." + suite)
            << "\" name=\"" << XmlEscape(c->name) << "\" time=\"" << c->seconds << "\"";
        if (c->status == CaseStatus::kPassed && !c->diff) {
          xml << "/>\n";
          continue;
        }
        xml << ">\n";
        if (c->diff) {
          xml << "      <properties><property name=\"diff_counts\" value=\""
              << FormatDiffCounts(*c->diff) << "\"/></properties>\n";
        }
        // JUnit has no word for "ran, but not all of it was checked": such a case is
        // reported skipped, with what was not compared, so no reader takes it for a pass.
        if (c->Unverified()) {
          std::string why;
          for (const std::string& part : {c->not_covered, c->unverifiable}) {
            if (!part.empty()) why += "; " + part;
          }
          xml << "      <skipped message=\"unverified: " << c->diff->Unverified() << " of "
              << c->diff->calls << " calls not compared" << XmlEscape(why) << "\"/>\n";
        } else if (c->status != CaseStatus::kPassed) {
          xml << "      <" << (c->status == CaseStatus::kFailed ? "failure" : "skipped")
              << " message=\"" << XmlEscape(c->message) << "\"/>\n";
        }
        xml << "    </testcase>\n";
      }
      xml << "  </testsuite>\n";
    }
    if (config.harness_error) {
      xml << "  <testsuite name=\"" << XmlEscape(config.Name() + ".harness")
          << "\" tests=\"1\" failures=\"0\" skipped=\"0\" errors=\"1\">\n"
          << "    <testcase classname=\"" << XmlEscape(config.Name() + ".harness")
          << "\" name=\"deliver_results\">\n      <error message=\""
          << XmlEscape(config.harness_error->message) << "\"/>\n    </testcase>\n  </testsuite>\n";
    }
  }
  xml << "</testsuites>\n";
  return WriteFile(file, xml.str());
}

HarnessStatus WriteSummaryJson(const std::vector<ConfigResult>& configs,
                               const std::filesystem::path& file) {
  std::ostringstream json;
  json << "{\n  \"configurations\": [";
  for (size_t i = 0; i < configs.size(); ++i) {
    const ConfigResult& c = configs[i];
    json << (i ? "," : "") << "\n    {\"name\": \"" << JsonEscape(c.Name()) << "\", \"target\": \""
         << JsonEscape(c.target) << "\", \"arch\": \"" << JsonEscape(c.arch)
         << "\", \"platform\": \"" << JsonEscape(c.platform) << "\", \"kernel\": \""
         << JsonEscape(c.kernel) << "\", \"status\": \"" << StatusWord(c)
         << "\", \"tests\": " << c.cases.size() << ", \"passed\": "
         << c.Count(CaseStatus::kPassed) - c.CountUnverified()
         << ", \"unverified\": " << c.CountUnverified()
         << ", \"failed\": " << c.Count(CaseStatus::kFailed)
         << ", \"skipped\": " << c.Count(CaseStatus::kSkipped) << ", \"calls\": ";
    if (auto diff = c.DiffTotals()) {
      json << "{\"total\": " << diff->calls << ", \"compared\": " << diff->compared
           << ", \"accepted\": " << diff->accepted << ", \"unverifiable\": "
           << diff->unverifiable << ", \"not_covered\": " << diff->not_covered << "}";
    } else {
      json << "null";
    }
    json << ", \"harness_error\": ";
    if (c.harness_error) {
      json << "\"" << JsonEscape(c.harness_error->message) << "\"";
    } else {
      json << "null";
    }
    json << "}";
  }
  json << "\n  ]\n}\n";
  return WriteFile(file, json.str());
}

}  // namespace iommufd_conform
