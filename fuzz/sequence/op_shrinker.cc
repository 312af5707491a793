#include "fuzz/sequence/op_shrinker.h"

#include <algorithm>
#include <string_view>

#include "fuzz/sequence/op_codec.h"

namespace iommufd_conform::fuzz {
namespace {

// Smaller values of a field, most aggressive first; none equal to the field.
std::vector<uint8_t> SmallerBytes(uint8_t value) {
  std::vector<uint8_t> smaller;
  for (uint8_t candidate : {uint8_t{0}, static_cast<uint8_t>(value / 2),
                            static_cast<uint8_t>(value - 1)}) {
    if (candidate < value && std::ranges::find(smaller, candidate) == smaller.end()) {
      smaller.push_back(candidate);
    }
  }
  return smaller;
}

std::vector<Byte> Smaller(const Byte& field) {
  std::vector<Byte> smaller;
  for (uint8_t value : SmallerBytes(field.value)) smaller.push_back({value});
  return smaller;
}

std::vector<uint32_t> Smaller(const uint32_t& field) {
  if (field == 0) return {};
  return field / 2 == 0 ? std::vector<uint32_t>{0} : std::vector<uint32_t>{0, field / 2};
}

template <typename Wide, unsigned kFrom>
std::vector<Choice<Wide, kFrom>> Smaller(const Choice<Wide, kFrom>& field) {
  std::vector<Choice<Wide, kFrom>> smaller;
  if (field.has_wide()) {
    if (field.wide != 0) smaller.push_back({field.choice, 0});
    if (field.wide / 2 != 0) smaller.push_back({field.choice, static_cast<Wide>(field.wide / 2)});
  }
  for (uint8_t choice : SmallerBytes(field.choice)) smaller.push_back({choice, 0});
  return smaller;
}

std::vector<AddressPick> Smaller(const AddressPick& field) {
  std::vector<AddressPick> smaller;
  if (field.has_wide() && field.wide != 0) smaller.push_back({field.region, field.page, 0});
  for (uint8_t region : SmallerBytes(field.region)) smaller.push_back({region, field.page, 0});
  for (uint8_t page : SmallerBytes(field.page)) smaller.push_back({field.region, page, 0});
  return smaller;
}

std::vector<Shape> Smaller(const Shape& field) {
  if (field == Shape{}) return {};
  return {Shape{}};
}

template <size_t kSize>
std::vector<Blob<kSize>> Smaller(const Blob<kSize>& field) {
  if (field == Blob<kSize>{}) return {};
  return {Blob<kSize>{}};
}

// Tries the smaller values of one field (the `target`-th the operation has) in place; the
// first that keeps the finding stays.
class ShrinkFieldVisitor {
 public:
  ShrinkFieldVisitor(size_t target, const std::function<bool()>& attempt)
      : target_(target), attempt_(attempt) {}

  template <typename Field>
  void operator()(std::string_view, Field& field) {
    if (seen_++ != target_) return;
    Field original = field;
    for (const Field& candidate : Smaller(original)) {
      field = candidate;
      if (attempt_()) return void(kept_ = true);
    }
    field = original;
  }
  template <typename Field>
  void When(bool condition, std::string_view name, Field& field) {
    if (condition) (*this)(name, field);
  }
  void Live(LiveKind, Presence&) {}

  bool reached() const { return seen_ > target_; }
  bool kept() const { return kept_; }

 private:
  size_t target_;
  const std::function<bool()>& attempt_;
  size_t seen_ = 0;
  bool kept_ = false;
};

class Shrinker {
 public:
  Shrinker(std::vector<Op> ops, const FindingCheck& check, size_t max_runs)
      : check_(check), max_runs_(max_runs) {
    result_.ops = std::move(ops);
    result_.input = EncodeOps(result_.ops);
  }

  ShrinkResult Run() {
    for (bool progress = true; progress && result_.runs < max_runs_;) {
      progress = DeleteOps();
      progress = ShrinkFields() || progress;
    }
    return std::move(result_);
  }

 private:
  // Keeps `candidate` when it still shows the finding.
  bool Attempt(const std::vector<Op>& candidate) {
    if (result_.runs >= max_runs_) return false;
    ++result_.runs;
    std::vector<uint8_t> input = EncodeOps(candidate);
    std::optional<std::vector<Op>> decoded = check_(input);
    if (!decoded) return false;
    result_.ops = std::move(*decoded);
    result_.input = std::move(input);
    return true;
  }

  bool DeleteOps() {
    bool progress = false;
    for (size_t run = std::max<size_t>(result_.ops.size() / 2, 1); run > 0; run /= 2) {
      for (size_t at = 0; at + run <= result_.ops.size();) {
        std::vector<Op> candidate = result_.ops;
        candidate.erase(candidate.begin() + at, candidate.begin() + at + run);
        if (Attempt(candidate)) progress = true;
        else at += run;
      }
    }
    return progress;
  }

  bool ShrinkFields() {
    bool progress = false;
    for (size_t at = 0; at < result_.ops.size(); ++at) {
      for (size_t field = 0; result_.runs < max_runs_; ++field) {
        std::vector<Op> candidate = result_.ops;
        std::function<bool()> attempt = [&] { return Attempt(candidate); };
        ShrinkFieldVisitor visitor(field, attempt);
        std::visit([&](auto& op) { std::decay_t<decltype(op)>::Fields(op, visitor); },
                   candidate[at]);
        progress = progress || visitor.kept();
        if (!visitor.reached() || at >= result_.ops.size()) break;
      }
    }
    return progress;
  }

  const FindingCheck& check_;
  size_t max_runs_;
  ShrinkResult result_;
};

}  // namespace

ShrinkResult ShrinkOps(std::vector<Op> ops, const FindingCheck& check, size_t max_runs) {
  return Shrinker(std::move(ops), check, max_runs).Run();
}

}  // namespace iommufd_conform::fuzz
