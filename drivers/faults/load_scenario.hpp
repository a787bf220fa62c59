#pragma once
// Scenario files read with the harness's own fault kinds (fault_kinds.cpp): the one way the CLI
// reads a scenario, so `harness validate`, `harness list` and `harness run` accept and refuse
// exactly the same files.
#include <filesystem>
#include <string>
#include <string_view>

#include "harness/scenario/scenario.hpp"

namespace harness {

Scenario load_scenario(const std::filesystem::path& file);
Scenario parse_scenario(std::string_view text, const std::string& file_label);

}  // namespace harness
