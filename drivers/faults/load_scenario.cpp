#include "drivers/faults/load_scenario.hpp"

#include "drivers/faults/fault_kinds.hpp"

namespace harness {

Scenario load_scenario(const std::filesystem::path& file) {
  return load_scenario(file, fault_step_rules());
}

Scenario parse_scenario(std::string_view text, const std::string& file_label) {
  return parse_scenario(text, file_label, fault_step_rules());
}

}  // namespace harness
