#include "fuzz/sequence/op_replay.h"

#include <vector>

namespace iommufd_conform::fuzz {

OpReplay::OpReplay(Backend& backend) : runner_(backend, arena_) {
  runner_.on_step = [this](const StepRecord& step) { last_ = step.outcome; };
  runner_.Start();
}

std::optional<Outcome> OpReplay::Step(std::initializer_list<uint8_t> bytes) {
  std::vector<uint8_t> input = {kOpCodeCount};
  input.insert(input.end(), bytes);
  OpDecoder decoder(input);
  last_.reset();
  runner_.Execute(decoder.Next(runner_.DecodeState()));
  return last_;
}

}  // namespace iommufd_conform::fuzz
