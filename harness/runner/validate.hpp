#pragma once
// The capability check, before anything starts: a scenario that needs something the lab cannot
// do is a scenario error (exit 2) now, not an "unsupported" surprise mid-run.
#include "drivers/lab.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

// Throws ScenarioError "FILE: /steps/<i>/<key>: expected ..." for fault steps that break their
// kind's rules (a Scenario built in code), then "FILE: /steps/<i>/fault: <why>" for the first
// step the lab cannot run (what the kind's lab_lacks says: pause on a lab that is not Pausable).
void validate_against_lab(const Scenario& scenario, const Lab& lab);

}  // namespace harness
