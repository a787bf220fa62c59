#pragma once
// From what happened to the run's exit code and error line (DESIGN.md exit codes):
//   - a lab/infrastructure failure (LabError, TimeoutError) → 3; its message is the error, and
//     the checks still run on what was recorded but cannot change the exit code;
//   - a stop request → 3 with error "interrupted";
//   - a scenario error found mid-run → 2;
//   - otherwise 0 if every check passed, 1 if any did not. An `unknown` verdict (the History
//     lacked what the check needs) counts as not passed: a run that proves nothing must not
//     read as green.
#include <string>
#include <vector>

#include "harness/core/check_result.hpp"
#include "harness/runner/phase_tracker.hpp"

namespace harness {

struct Outcome {
  int exit_code = 0;
  std::string error;  // first failure, later ones appended as "(also: ...; ...)"
};

Outcome decide_outcome(const std::vector<Failure>& failures, const std::vector<CheckResult>& checks);

}  // namespace harness
