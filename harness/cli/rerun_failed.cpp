#include "harness/cli/rerun_failed.hpp"

#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "reports/writers.hpp"

namespace harness {

std::vector<std::string> failed_scenarios(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw UsageError(fmt::format("--rerun-failed {}: not a directory", dir.string()));
  if (std::filesystem::exists(dir / "result.json")) {
    RunReport r = read_result_json(dir / "result.json");
    if (r.exit_code == 0) return {};
    return {r.scenario_name};
  }
  throw UsageError(fmt::format(
      "--rerun-failed {}: expected a run directory (result.json) or a matrix directory (matrix.json)",
      dir.string()));
}

}  // namespace harness
