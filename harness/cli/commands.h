#ifndef IOMMUFD_CONFORM_HARNESS_CLI_COMMANDS_H_
#define IOMMUFD_CONFORM_HARNESS_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace iommufd_conform {

// Each subcommand parses its own arguments (everything after its name) and returns the
// process exit code (harness/cli/exit_codes.h).
int KernelCommand(const std::vector<std::string>& args);    // harness/kernel/kernel_command.cc
int VmCommand(const std::vector<std::string>& args);        // harness/vm/vm_command.cc
int RunCommand(const std::vector<std::string>& args);       // harness/cli/run_command.cc
int AbiCommand(const std::vector<std::string>& args);       // reference/uapi/abi_command.cc
int FuzzCommand(const std::vector<std::string>& args);      // harness/cli/fuzz_command.cc
int BenchCommand(const std::vector<std::string>& args);     // harness/cli/bench_command.cc
int CoverageCommand(const std::vector<std::string>& args);  // harness/cli/coverage_command.cc
int GateCommand(const std::vector<std::string>& args);      // harness/cli/gate_command.cc
int MutateCommand(const std::vector<std::string>& args);    // harness/cli/mutate_command.cc

}  // namespace iommufd_conform

#endif  // IOMMUFD_CONFORM_HARNESS_CLI_COMMANDS_H_
