#pragma once
// One scenario, end to end, as sequential code on the calling thread:
//   provision → deploy → settle → workload → faults → heal → verify → collect → teardown,
// then the checkers on the History. Each phase has its own Deadline (RunOptions.deadlines);
// phase deadlines carry the stop token, heals the abort token, teardown none (StopControl).
// Whatever happens — a failing call, a missed deadline, a stop request — every injected fault
// is healed (unless aborted), observers are disarmed, logs collected and, if provisioning had
// started, the lab is torn down (unless keep_lab). Nothing a run can meet escapes run(): the
// report's exit code and error say what happened (see outcome.hpp for the rules).
#include "harness/runner/run_options.hpp"
#include "harness/runner/stop_control.hpp"
#include "harness/scenario/scenario.hpp"
#include "harness/core/run_report.hpp"

namespace harness {

// A report with the run's identity filled in (scenario, run id, seed, start time, versions) and
// no outcome yet: the runner's starting point, and the CLI's for a run that could not start.
RunReport start_report(const Scenario& scenario, const std::string& run_id, std::uint64_t seed,
                       Clock& clock);

class Runner {
 public:
  Runner(const Scenario& scenario, Drivers drivers, Clock& clock, StopControl& stop,
         RunOptions options);
  // Once per Runner. If history's header has no run id yet, it is filled in here.
  RunReport run(History& history);

 private:
  const Scenario& scenario_;
  Drivers drivers_;
  Clock& clock_;
  StopControl& stop_;
  RunOptions options_;
};

}  // namespace harness
