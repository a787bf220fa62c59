#pragma once
// The faults phase proper: walks the timeline from the workload's start instant. For each
// entry it snapshots every observer and, for a fault, observes the roles (recording a note/roles
// event) `lead` seconds ahead; then it sleeps until the entry's instant and acts: a fault is
// resolved to a node, pushed on the heal stack and injected; a heal step or a duration's end
// takes its fault off the stack and heals it (under the abort token: a first stop request must
// not break a heal half-way).
#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

#include "drivers/fault.hpp"
#include "drivers/observer.hpp"
#include "harness/core/history.hpp"
#include "harness/core/deadline.hpp"
#include "harness/runner/heal_stack.hpp"
#include "harness/runner/progress.hpp"
#include "harness/runner/timeline.hpp"

namespace harness {

struct FaultStepContext {
  FaultEnv& env;
  const FaultFactory& factory;
  std::vector<Observer*> observers;
  HealStack& heals;
  std::stop_token abort;
  Progress& progress;
  double call_s = 120;  // cap of one roles()/snapshot() call
  double lead_s = 10;   // how long before a step its roles and snapshots are taken
};

// "active"/"standby" become the observed node names; node names (n1, n2, initiator) stay.
// Throws LabError if the role has no node.
std::string resolve_target(const std::string& target, const Roles& roles);

// Runs every entry; throws whatever failed, with the step named. A stop request ends the wait
// for the next step with Interrupted.
void run_fault_steps(const std::vector<TimelineEntry>& timeline, std::int64_t workload_start_ns,
                     const Deadline& phase, FaultStepContext& ctx, History& history);

}  // namespace harness
