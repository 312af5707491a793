#include "harness/gate/gate_report.h"

namespace iommufd_conform::gate {
namespace {

// Single quotes keep a GoogleTest name's '*' and '/' away from the shell.
std::string Quoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

std::string ReproduceCommand(const GateReport& report, const Finding& finding) {
  if (finding.kind == FindingKind::kAbiBreak || finding.kind == FindingKind::kUapiChange) {
    return report.abi.reproduce;
  }
  if (finding.arch.empty() || finding.platform.empty()) return "";
  if (finding.kind == FindingKind::kNewFuzzFinding) {
    for (const FuzzReplay& replay : report.patched.replays) {
      if (replay.arch == finding.arch && replay.platform == finding.platform) {
        return replay.reproduce;
      }
    }
    return "";
  }
  if (finding.kind == FindingKind::kNewFailNthFinding) {
    for (const FailNthWalk& walk : report.patched.walks) {
      if (walk.arch == finding.arch && walk.platform == finding.platform) return walk.reproduce;
    }
    return "";
  }
  std::string image;
  for (const KernelBuild& build : report.patched.builds) {
    if (build.arch == finding.arch) image = build.image;
  }
  if (image.empty()) return "";
  std::string command = "iommufd-conform run --target vm --backend diff --platform " +
                        finding.arch + ":" + finding.platform + " --kernel " + Quoted(image);
  if (!finding.test.empty() && finding.test.front() != '(') {
    command += " --filter " + Quoted(finding.test);
  }
  return command;
}

}  // namespace iommufd_conform::gate
