#include "drivers/faults/fault_factory.hpp"

#include "drivers/faults/disk_error.hpp"
#include "drivers/faults/link_fault.hpp"
#include "drivers/faults/node_kill.hpp"
#include "drivers/faults/pause_fault.hpp"
#include "drivers/faults/process_kill.hpp"
#include "drivers/faults/ring_loss.hpp"

namespace harness {

FaultFactory make_fault_factory() {
  return [](const FaultSpec& spec, const std::string& node, FaultEnv& env) -> std::unique_ptr<Fault> {
    switch (spec.type) {
      case FaultType::link_cut:
        return std::make_unique<LinkFault>(spec, node, env.lab, env.clock, link_cut_networks(spec));
      case FaultType::ring_loss:
        return std::make_unique<RingLoss>(spec, node, env.lab, env.clock, env.run_id);
      case FaultType::split_brain:
        return std::make_unique<LinkFault>(spec, node, env.lab, env.clock, split_brain_networks());
      case FaultType::node_kill: return std::make_unique<NodeKill>(spec, node, env.lab, env.clock);
      case FaultType::pause: return std::make_unique<PauseFault>(spec, node, env.lab, env.clock);
      case FaultType::process_kill: return std::make_unique<ProcessKill>(spec, node, env.lab, env.clock);
      case FaultType::disk_error: return std::make_unique<DiskError>(spec, node, env.lab, env.clock);
    }
    throw ScenarioError("unknown fault type");
  };
}

}  // namespace harness
