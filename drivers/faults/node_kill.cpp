// node_kill: the node's plug pulled (NodeKill); the checks learn from its inject event that the
// node is gone.
#include "drivers/faults/fault_kind.hpp"
#include "drivers/faults/node_kill.hpp"

namespace harness {

const FaultKind& node_kill_fault_kind() {
  static const FaultKind kind{
      .step = {.name = "node_kill",
               .doc = "the node is powered off, as pulling the plug; heal powers it on and waits "
                      "until it answers",
               .targets = kTargetNodes},
      .loses_node = true,
      .make = [](const FaultSpec& spec, const std::string& node, FaultEnv& env) -> std::unique_ptr<Fault> {
        return std::make_unique<NodeKill>(spec, node, env.lab, env.clock);
      }};
  return kind;
}

}  // namespace harness
