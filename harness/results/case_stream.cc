#include "harness/results/case_stream.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace iommufd_conform {
namespace {

constexpr std::string_view kPassed = "passed";
constexpr std::string_view kFailed = "failed";
constexpr std::string_view kSkipped = "skipped";

bool NeedsEscape(unsigned char c) { return c <= ' ' || c == '%' || c == 0x7f; }

std::string Encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (NeedsEscape(c)) {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::optional<std::string> Decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= text.size()) return std::nullopt;
    auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
    if (ec != std::errc() || end != text.data() + i + 3) return std::nullopt;
    out.push_back(static_cast<char>(value));
    i += 2;
  }
  return out;
}

// marker, fields, then the length of all that.
std::string Seal(std::string_view marker, const std::vector<std::string>& fields) {
  std::string line(marker);
  for (const std::string& field : fields) line.append(" ").append(Encode(field));
  return line + " " + std::to_string(line.size());
}

// The decoded fields of a sealed line starting at `record`, or nothing if it is not whole.
std::optional<std::vector<std::string>> Unseal(std::string_view record, std::string_view marker) {
  if (record.substr(0, marker.size()) != marker) return std::nullopt;
  size_t last = record.rfind(' ');
  if (last == std::string_view::npos || last <= marker.size()) return std::nullopt;
  size_t length = 0;
  std::string_view digits = record.substr(last + 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
  if (ec != std::errc() || end != digits.data() + digits.size() || length != last) {
    return std::nullopt;
  }
  if (record[marker.size()] != ' ') return std::nullopt;
  std::vector<std::string> fields;
  std::string_view rest = record.substr(marker.size() + 1, last - marker.size() - 1);
  for (;;) {
    size_t space = rest.find(' ');
    auto field = Decode(rest.substr(0, space));
    if (!field) return std::nullopt;
    fields.push_back(std::move(*field));
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return fields;
}

std::string_view StatusName(CaseStatus status) {
  switch (status) {
    case CaseStatus::kPassed: return kPassed;
    case CaseStatus::kFailed: return kFailed;
    case CaseStatus::kSkipped: return kSkipped;
  }
  return kFailed;
}

std::optional<CaseStatus> ParseStatus(std::string_view name) {
  if (name == kPassed) return CaseStatus::kPassed;
  if (name == kFailed) return CaseStatus::kFailed;
  if (name == kSkipped) return CaseStatus::kSkipped;
  return std::nullopt;
}

enum EndField { kSuite, kName, kStatus, kSeconds, kFile, kMessage, kExpected, kNotCovered,
                kUnverifiable, kDiffCounts, kBug, kEndFieldCount };

// A reproducer's verdict and manifest entry: "xfail some-id", "xpass some-id", or "".
std::string FormatBug(const CaseResult& result) {
  switch (result.bug_verdict) {
    case BugVerdict::kNone: return "";
    case BugVerdict::kXfail: return "xfail " + result.bug_id;
    case BugVerdict::kXpass: return "xpass " + result.bug_id;
  }
  return "";
}

bool ParseBug(std::string_view text, CaseResult& result) {
  if (text.empty()) return true;
  size_t space = text.find(' ');
  if (space == std::string_view::npos) return false;
  std::string_view verdict = text.substr(0, space);
  if (verdict == "xfail") {
    result.bug_verdict = BugVerdict::kXfail;
  } else if (verdict == "xpass") {
    result.bug_verdict = BugVerdict::kXpass;
  } else {
    return false;
  }
  result.bug_id = std::string(text.substr(space + 1));
  return true;
}


std::optional<CaseResult> ParseEnd(const std::vector<std::string>& fields) {
  if (fields.size() != kEndFieldCount) return std::nullopt;
  auto status = ParseStatus(fields[kStatus]);
  double seconds = 0;
  const std::string& text = fields[kSeconds];
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (!status || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  CaseResult result{fields[kSuite],    fields[kName],    fields[kFile],
                    *status,           fields[kMessage], seconds,
                    fields[kExpected], fields[kNotCovered]};
  result.unverifiable = fields[kUnverifiable];
  if (!fields[kDiffCounts].empty()) {
    result.diff = ParseDiffCounts(fields[kDiffCounts]);
    if (!result.diff) return std::nullopt;
  }
  if (!ParseBug(fields[kBug], result)) return std::nullopt;
  return result;
}

}  // namespace

std::string FormatCaseStart(std::string_view suite, std::string_view name) {
  return Seal(kCaseStartMarker, {std::string(suite), std::string(name)});
}

std::string FormatCaseEnd(const CaseResult& result) {
  char seconds[32];
  std::snprintf(seconds, sizeof(seconds), "%.3f", result.seconds);
  return Seal(kCaseEndMarker,
              {result.suite, result.name, std::string(StatusName(result.status)), seconds,
               result.file, result.message, result.expected_divergences, result.not_covered,
               result.unverifiable, result.diff ? FormatDiffCounts(*result.diff) : "",
               FormatBug(result)});
}

namespace {

// How many later lines may hold the rest of a broken record: several kernel messages can land
// between its pieces.
constexpr int kMaxContinuationLines = 8;
// What both markers begin with; a piece of a record begins with at least kMinPiece of it.
constexpr std::string_view kCommonPrefix = "IOMMUFD-CONFORM-CASE-";
constexpr size_t kMinPiece = 8;

size_t FindMarker(std::string_view line) {
  return std::min(line.find(kCaseStartMarker), line.find(kCaseEndMarker));
}

// Where the first piece of a record starts in `line`: at least kMinPiece characters of the
// markers' common prefix (a message cut in before that loses the record).
size_t FindPiece(std::string_view line) {
  for (size_t at = line.find(kCommonPrefix.front()); at != std::string_view::npos;
       at = line.find(kCommonPrefix.front(), at + 1)) {
    size_t same = 0;
    while (same < kCommonPrefix.size() && at + same < line.size() &&
           line[at + same] == kCommonPrefix[same]) {
      ++same;
    }
    if (same >= kMinPiece) return at;
  }
  return std::string_view::npos;
}

// Whether a piece that found no continuation was a record's: other lines of our init's
// ("IOMMUFD-CONFORM-READY") look like the shorter pieces too.
bool IsRecordPiece(std::string_view piece) {
  return piece.substr(0, kCommonPrefix.size()) == kCommonPrefix;
}

// A record's last piece ends in (part of) its length.
bool EndsInLength(std::string_view line) {
  size_t space = line.rfind(' ');
  std::string_view tail = space == std::string_view::npos ? line : line.substr(space + 1);
  return !tail.empty() && tail.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

bool CaseStreamReader::Accept(std::string_view record) {
  // The end marker contains no start marker and vice versa.
  if (record.substr(0, kCaseStartMarker.size()) == kCaseStartMarker) {
    auto fields = Unseal(record, kCaseStartMarker);
    if (!fields || fields->size() != 2) return false;
    // Cases run one at a time: a start while another runs means that one's end was lost.
    if (running_) ++lost_;
    running_ = (*fields)[0] + "." + (*fields)[1];
    return true;
  }
  auto fields = Unseal(record, kCaseEndMarker);
  auto result = fields ? ParseEnd(*fields) : std::nullopt;
  if (!result) return false;
  if (running_ == result->suite + "." + result->name) running_.reset();
  finished_.push_back(std::move(*result));
  return true;
}

bool CaseStreamReader::Join(std::string_view line) {
  // A kernel message took the end of a piece's line; the record went on after it, on this
  // line. Only the right cut gives the length the record carries.
  for (auto piece = pieces_.rbegin(); piece != pieces_.rend(); ++piece) {
    for (size_t cut = piece->text.size(); cut > 0; --cut) {
      if (Accept(piece->text.substr(0, cut) + std::string(line))) {
        pieces_.erase(std::next(piece).base());
        return true;
      }
    }
  }
  return false;
}

void CaseStreamReader::Feed(std::string_view line) {
  for (Piece& piece : pieces_) ++piece.age;
  while (!pieces_.empty() && pieces_.front().age > kMaxContinuationLines) {
    garbled_ += IsRecordPiece(pieces_.front().text);
    pieces_.erase(pieces_.begin());
  }
  if (size_t at = FindMarker(line); at != std::string_view::npos && Accept(line.substr(at))) {
    return;
  }
  if (!pieces_.empty() && EndsInLength(line) && Join(line)) return;
  if (size_t at = FindPiece(line); at != std::string_view::npos) {
    pieces_.push_back({std::string(line.substr(at)), 0});
    // The message may also have come between the record and its line break: then the record
    // is whole at the start of the piece, and an empty line follows.
    if (Join("")) return;
  }
}

int CaseStreamReader::garbled() const {
  auto waiting = std::count_if(pieces_.begin(), pieces_.end(),
                               [](const Piece& piece) { return IsRecordPiece(piece.text); });
  return garbled_ + static_cast<int>(waiting);
}

std::string CaseStreamReader::Progress() const {
  std::string text = running_ ? "while " + *running_ + " was running; " : std::string();
  text += std::to_string(finished_.size()) + " finished case" +
          (finished_.size() == 1 ? "" : "s") + " kept";
  if (lost_ || garbled()) {
    text += " (" + std::to_string(lost_) + " case results lost, " + std::to_string(garbled()) +
            " garbled result lines)";
  }
  return text;
}

}  // namespace iommufd_conform
