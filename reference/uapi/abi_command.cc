// `iommufd-conform abi check`: compares our uAPI definitions with a kernel's headers.

#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "reference/uapi/abi_check.h"

namespace iommufd_conform {
namespace {

namespace po = boost::program_options;

constexpr char kUsage[] =
    "usage: iommufd-conform abi check --headers DIR --source-tree TREE --version VERSION\n"
    "\n"
    "Compiles a probe against DIR/include (make headers_install INSTALL_HDR_PATH=DIR) and\n"
    "TREE/drivers/iommu/iommufd/iommufd_test.h, and compares every struct layout, ioctl\n"
    "number and constant with this project's definitions (reference/uapi). VERSION is one\n"
    "of 6.12, 7.2, 7.3. Exit status: 0 all match, 1 mismatches, 2 usage.\n";

int Check(const std::vector<std::string>& args) {
  po::options_description options("abi check options");
  // clang-format off
  options.add_options()
      ("help,h", "show this help")
      ("headers", po::value<std::string>()->required(), "exported headers directory")
      ("source-tree", po::value<std::string>()->required(), "kernel source tree")
      ("version", po::value<std::string>()->required(), "kernel version: 6.12, 7.2 or 7.3")
      ("cc", po::value<std::string>()->default_value("cc"), "C compiler for the probe")
      ("work-dir", po::value<std::string>(), "keep the probe and its binary here");
  // clang-format on
  po::variables_map vars;
  try {
    po::store(po::command_line_parser(args).options(options).run(), vars);
    if (vars.count("help")) {
      std::cout << kUsage << '\n' << options;
      return kExitOk;
    }
    po::notify(vars);
  } catch (const po::error& error) {
    std::cerr << "iommufd-conform abi check: " << error.what() << "\n\n" << kUsage;
    return kExitUsage;
  }

  uapi::AbiCheckOptions check;
  check.headers_dir = vars["headers"].as<std::string>();
  check.source_tree = vars["source-tree"].as<std::string>();
  check.compiler = vars["cc"].as<std::string>();
  if (vars.count("work-dir")) check.work_dir = vars["work-dir"].as<std::string>();
  const std::string& version = vars["version"].as<std::string>();
  auto parsed = uapi::ParseKernelVersion(version);
  if (!parsed) {
    std::cerr << "iommufd-conform abi check: unsupported kernel version '" << version
              << "' (supported: 6.12, 7.2, 7.3)\n";
    return kExitUsage;
  }
  check.version = *parsed;

  auto result = uapi::CheckAbi(check);
  if (!result.ok()) {
    std::cerr << "iommufd-conform abi check: " << result.error().message << '\n';
    return ExitCodeFor(result.error().kind);
  }
  const uapi::AbiReport& report = result.value();
  for (const std::string& line : report.mismatches) std::cout << line << '\n';
  std::cout << "abi check against Linux " << version << ": " << report.structs << " structs, "
            << report.fields << " fields, " << report.constants << " constants compared, "
            << report.absent << " entries confirmed absent; " << report.mismatches.size()
            << (report.mismatches.size() == 1 ? " mismatch\n" : " mismatches\n");
  return report.mismatches.empty() ? kExitOk : kExitTestsFailed;
}

}  // namespace

int AbiCommand(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << kUsage;
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "check") return Check({args.begin() + 1, args.end()});
  std::cerr << "iommufd-conform abi: unknown subcommand '" << args[0] << "'\n\n" << kUsage;
  return kExitUsage;
}

}  // namespace iommufd_conform
