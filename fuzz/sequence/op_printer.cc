#include "fuzz/sequence/op_printer.h"

#include <cstdio>

#include "fuzz/sequence/op_codec.h"

namespace iommufd_conform::fuzz {
namespace {

std::string Hex(uint64_t value, const char* format = "%#llx") {
  char text[24];
  std::snprintf(text, sizeof(text), format, static_cast<unsigned long long>(value));
  return text;
}

std::string Number(uint64_t value) { return value < 10 ? std::to_string(value) : Hex(value); }

class PrintVisitor {
 public:
  explicit PrintVisitor(std::string& out) : out_(out) {}

  void operator()(std::string_view name, const Byte& field) { Put(name, Number(field.value)); }
  void operator()(std::string_view name, const uint32_t& field) { Put(name, Number(field)); }
  template <typename Wide, unsigned kFrom>
  void operator()(std::string_view name, const Choice<Wide, kFrom>& field) {
    Put(name, Number(field.choice) + (field.has_wide() ? ":" + Number(field.wide) : ""));
  }
  void operator()(std::string_view name, const AddressPick& field) {
    Put(name, field.has_wide() ? Number(field.wide)
                               : "r" + std::to_string(field.region) + "p" + std::to_string(field.page));
  }
  void operator()(std::string_view name, const Shape& field) {
    Put(name, Number(field.shape) +
                  (field.has_flip() ? "@" + std::to_string(field.at) + "^" + Number(field.flip) : ""));
  }
  template <size_t kSize>
  void operator()(std::string_view name, const Blob<kSize>& field) {
    std::string hex;
    for (uint8_t byte : field.bytes) hex += Hex(byte, "%02llx");
    Put(name, hex);
  }
  template <typename Field>
  void When(bool condition, std::string_view name, const Field& field) {
    if (condition) (*this)(name, field);
  }
  void Live(LiveKind kind, const Presence& presence) {
    if (!presence.present) Put(kind == LiveKind::kIommufd ? "no-iommufd" : "no-event-fd", "");
  }

 private:
  void Put(std::string_view name, std::string_view value) {
    out_ += ' ';
    out_ += name;
    if (!value.empty()) out_ += '=', out_ += value;
  }
  std::string& out_;
};

std::string ExpectedOutcome(const Outcome& outcome) {
  if (outcome.ok()) return "Succeeds()";
  return "FailsWith(" + std::string(ErrnoName(outcome.error)) + ")";
}

std::string BytesOf(const Op& op) {
  ByteWriter out;
  EncodeOp(op, out);
  std::string text;
  for (uint8_t byte : out.bytes()) text += (text.empty() ? "" : ", ") + Hex(byte, "0x%02llx");
  return text;
}

}  // namespace

std::string PrintOp(const Op& op) {
  std::string text(OpCodeName(CodeOf(op)));
  std::visit(
      [&text](const auto& alternative) {
        PrintVisitor visitor(text);
        std::decay_t<decltype(alternative)>::Fields(alternative, visitor);
      },
      op);
  return text;
}

std::string PrintOps(std::span<const Op> ops) {
  std::string text;
  for (const Op& op : ops) text += PrintOp(op) + "\n";
  return text;
}

std::string PrintGoogleTestCase(std::string_view fixture, std::string_view name,
                                std::string_view note, std::span<const PrintedStep> steps) {
  std::string text;
  for (size_t at = 0; at < note.size();) {
    size_t end = std::min(note.find('\n', at), note.size());
    text += "// " + std::string(note.substr(at, end - at)) + "\n";
    at = end + 1;
  }
  text += "TEST_F(" + std::string(fixture) + ", " + std::string(name) + ") {\n";
  text += "  fuzz::OpReplay replay(iommufd().backend());\n";
  for (const PrintedStep& step : steps) {
    text += "  // " + PrintOp(step.op) + "\n";
    std::string call = "replay.Step({" + BytesOf(step.op) + "})";
    text += step.outcome ? "  EXPECT_THAT(" + call + ", ::testing::Optional(" + ExpectedOutcome(*step.outcome) + "));\n"
                         : "  EXPECT_EQ(" + call + ", std::nullopt);\n";
  }
  return text + "}\n";
}

}  // namespace iommufd_conform::fuzz
