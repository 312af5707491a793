#include "fuzz/sequence/op_codec.h"

#include <array>
#include <string_view>

namespace iommufd_conform::fuzz {
namespace {

// Reads each field as the old decoder did: a choice byte, then its wide value if the
// choice asks for one.
class DecodeVisitor {
 public:
  DecodeVisitor(ByteReader& in, const OpDecodeState& state) : in_(in), state_(state) {}

  void operator()(std::string_view, Byte& field) { field.value = in_.U8(); }
  void operator()(std::string_view, uint32_t& field) { field = in_.U32(); }
  template <typename Wide, unsigned kFrom>
  void operator()(std::string_view, Choice<Wide, kFrom>& field) {
    field.choice = in_.U8();
    if (field.has_wide()) field.wide = ReadWide<Wide>();
  }
  void operator()(std::string_view, AddressPick& field) {
    field.region = in_.U8();
    field.page = in_.U8();
    if (field.has_wide()) field.wide = in_.U64();
  }
  void operator()(std::string_view, Shape& field) {
    field.shape = in_.U8();
    if (field.has_flip()) field.at = in_.U8(), field.flip = in_.U8();
  }
  template <size_t kSize>
  void operator()(std::string_view, Blob<kSize>& field) {
    for (uint8_t& byte : field.bytes) byte = in_.U8();
  }
  template <typename Field>
  void When(bool condition, std::string_view name, Field& field) {
    if (condition) (*this)(name, field);
  }
  void Live(LiveKind kind, Presence& presence) {
    presence.present = kind == LiveKind::kIommufd ? state_.has_iommufd : state_.has_event_fd;
  }

 private:
  template <typename Wide>
  Wide ReadWide() {
    if constexpr (sizeof(Wide) == 1) return in_.U8();
    else if constexpr (sizeof(Wide) == 4) return in_.U32();
    else return in_.U64();
  }

  ByteReader& in_;
  const OpDecodeState& state_;
};

class EncodeVisitor {
 public:
  explicit EncodeVisitor(ByteWriter& out) : out_(out) {}

  void operator()(std::string_view, const Byte& field) { out_.U8(field.value); }
  void operator()(std::string_view, const uint32_t& field) { out_.U32(field); }
  template <typename Wide, unsigned kFrom>
  void operator()(std::string_view, const Choice<Wide, kFrom>& field) {
    out_.U8(field.choice);
    if (!field.has_wide()) return;
    if constexpr (sizeof(Wide) == 1) out_.U8(field.wide);
    else if constexpr (sizeof(Wide) == 4) out_.U32(field.wide);
    else out_.U64(field.wide);
  }
  void operator()(std::string_view, const AddressPick& field) {
    out_.U8(field.region);
    out_.U8(field.page);
    if (field.has_wide()) out_.U64(field.wide);
  }
  void operator()(std::string_view, const Shape& field) {
    out_.U8(field.shape);
    if (field.has_flip()) out_.U8(field.at), out_.U8(field.flip);
  }
  template <size_t kSize>
  void operator()(std::string_view, const Blob<kSize>& field) {
    for (uint8_t byte : field.bytes) out_.U8(byte);
  }
  template <typename Field>
  void When(bool condition, std::string_view name, const Field& field) {
    if (condition) (*this)(name, field);
  }
  void Live(LiveKind, const Presence&) {}

 private:
  ByteWriter& out_;
};

template <size_t kIndex>
Op DecodeAlternative(ByteReader& in, const OpDecodeState& state) {
  using Alternative = std::variant_alternative_t<kIndex, Op>;
  Alternative op{};
  DecodeVisitor visitor(in, state);
  Alternative::Fields(op, visitor);
  return op;
}

using Decoder = Op (*)(ByteReader&, const OpDecodeState&);

template <size_t... kIndex>
constexpr std::array<Decoder, sizeof...(kIndex)> MakeDecoders(std::index_sequence<kIndex...>) {
  return {&DecodeAlternative<kIndex>...};
}

constexpr std::array<Decoder, kOpCodeCount> kDecoders =
    MakeDecoders(std::make_index_sequence<kOpCodeCount>());

// A first byte above the operation count meant the 57 operations that existed when inputs
// were first kept, and keeps meaning them as operations are appended; the counts of later
// appends took their own byte values from that range.
unsigned WrittenFor(uint8_t first) {
  constexpr unsigned kFirstKeptCount = 57;
  if (first == 0) return 1;
  return first <= kOpCodeCount ? first : kFirstKeptCount;
}

}  // namespace

OpDecoder::OpDecoder(std::span<const uint8_t> input)
    : in_(input), written_for_(WrittenFor(in_.U8())) {}

Op OpDecoder::Next(const OpDecodeState& state) {
  return kDecoders[in_.U8() % written_for_](in_, state);
}

std::vector<Op> DecodeOps(std::span<const uint8_t> input, const OpDecodeState& state) {
  std::vector<Op> ops;
  for (OpDecoder decoder(input); !decoder.done();) ops.push_back(decoder.Next(state));
  return ops;
}

void EncodeOp(const Op& op, ByteWriter& out) {
  out.U8(static_cast<uint8_t>(op.index()));
  std::visit(
      [&out](const auto& alternative) {
        EncodeVisitor visitor(out);
        std::decay_t<decltype(alternative)>::Fields(alternative, visitor);
      },
      op);
}

std::vector<uint8_t> EncodeOps(std::span<const Op> ops) {
  ByteWriter out;
  out.U8(kOpCodeCount);
  for (const Op& op : ops) EncodeOp(op, out);
  return out.bytes();
}

}  // namespace iommufd_conform::fuzz
