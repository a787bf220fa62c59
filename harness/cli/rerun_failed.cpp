#include "harness/cli/rerun_failed.hpp"

#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "reports/matrix_merge.hpp"

namespace harness {

std::vector<std::string> failed_scenarios(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw UsageError(fmt::format("--rerun-failed {}: not a directory", dir.string()));
  MatrixInput in;
  try {
    in = read_matrix_input(dir);
  } catch (const Error& e) {
    throw UsageError(fmt::format("--rerun-failed: {}", e.what()));
  }
  std::vector<std::string> out;
  for (const auto& s : in.matrix.scenarios)
    if (s.exit_code != 0) out.push_back(s.scenario);
  return out;
}

}  // namespace harness
