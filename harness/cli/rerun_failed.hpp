#pragma once
// --rerun-failed DIR: the names of the scenarios that failed or errored in an earlier run,
// read from a run directory (result.json) or a matrix directory (matrix.json, verdicts as the
// matrix decided them over the repeats).
#include <filesystem>
#include <string>
#include <vector>

namespace harness {

// Throws UsageError naming DIR and what it expected when DIR holds neither file.
std::vector<std::string> failed_scenarios(const std::filesystem::path& dir);

}  // namespace harness
