#include "harness/runner/validate.hpp"

#include <fmt/format.h>

#include "drivers/faults/fault_kinds.hpp"
#include "harness/core/errors.hpp"

namespace harness {

void validate_against_lab(const Scenario& scenario, const Lab& lab) {
  // The parser checked parsed steps already; a Scenario can also be built in code, and a fault
  // constructor would only find out mid-run. Same rules, same messages.
  check_fault_steps(scenario, fault_step_rules());
  for (const auto& step : scenario.steps) {
    if (!step.fault) continue;
    const FaultKind* kind = registered_fault_kind(step.fault->kind);
    if (!kind->lab_lacks) continue;
    if (std::string why = kind->lab_lacks(lab, *step.fault); !why.empty())
      throw ScenarioError(fmt::format("{}: /steps/{}/fault: {}", scenario.file.string(), step.index, why));
  }
}

}  // namespace harness
