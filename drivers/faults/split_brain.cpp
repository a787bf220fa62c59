// split_brain: both rings cut between the target nodes, the SAN left up (LinkFault).
#include "drivers/faults/fault_kind.hpp"
#include "drivers/faults/link_fault.hpp"

namespace harness {

const FaultKind& split_brain_fault_kind() {
  static const FaultKind kind{
      .step = {.name = "split_brain",
               .doc = "the node's NICs on ring0 and ring1 (and with them DRBD's replication) lose "
                      "carrier while the SAN stays up; heal brings them up",
               .targets = kTargetNodes},
      .make = [](const FaultSpec& spec, const std::string& node, FaultEnv& env) -> std::unique_ptr<Fault> {
        return std::make_unique<LinkFault>(spec, node, env.lab, env.clock, split_brain_networks());
      }};
  return kind;
}

}  // namespace harness
