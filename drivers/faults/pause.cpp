// pause: the node frozen for duration_s (PauseFault); only a lab that can suspend a node can.
#include <fmt/format.h>

#include "drivers/faults/fault_kind.hpp"
#include "drivers/faults/pause_fault.hpp"

namespace harness {

const FaultKind& pause_fault_kind() {
  static const FaultKind kind{
      .step = {.name = "pause",
               .doc = "the node's VM stops executing (nothing is lost) and resumes duration_s "
                      "after it was suspended",
               .targets = kAnyTarget,
               .duration_required = true},
      .lab_lacks = [](const Lab& lab, const FaultSpec&) -> std::string {
        if (dynamic_cast<const Pausable*>(&lab)) return {};
        return fmt::format("pause needs a lab that can suspend a node; {} cannot", lab.describe());
      },
      .make = [](const FaultSpec& spec, const std::string& node, FaultEnv& env) -> std::unique_ptr<Fault> {
        return std::make_unique<PauseFault>(spec, node, env.lab, env.clock);
      }};
  return kind;
}

}  // namespace harness
