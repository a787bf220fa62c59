#pragma once
#include <filesystem>
#include <string>

namespace harness {

// Creates <out>/<run-id>/ with a copy of the scenario (scenario.json, so `harness report` can
// judge the stored history again) and points <out>/latest at it. Throws Error naming the path.
std::filesystem::path create_run_directory(const std::filesystem::path& out,
                                           const std::string& run_id,
                                           const std::filesystem::path& scenario_file);

}  // namespace harness
