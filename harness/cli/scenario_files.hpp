#pragma once
// Expands the FILE|DIR arguments of run/validate/list into scenario files, in a stable order.
#include <filesystem>
#include <string>
#include <vector>

namespace harness {

// A directory contributes its *.json files (sorted, not recursive, schema.json excluded).
// Throws UsageError for a path that does not exist or a directory without scenarios.
std::vector<std::filesystem::path> expand_scenario_paths(const std::vector<std::string>& args);

// The arguments as given, or the shipped catalogue (<data dir>/scenarios) when there are none.
std::vector<std::string> or_shipped_catalogue(std::vector<std::string> args);

}  // namespace harness
