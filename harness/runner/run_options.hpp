#pragma once
// What a Runner is given: the drivers it controls and the options of this run.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drivers/fault.hpp"
#include "drivers/lab.hpp"
#include "drivers/observer.hpp"
#include "drivers/system_under_test.hpp"
#include "drivers/workload.hpp"
#include "harness/core/check_result.hpp"
#include "harness/core/history.hpp"

namespace harness {

// Seconds each phase may take. Defaults fit the slow lab (TCG, no KVM: guests boot in ~50 s,
// each crmsh call ~10 s); a KVM lab finishes far inside them.
struct PhaseDeadlines {
  double provision_s = 600;
  double deploy_s = 600;
  double settle_s = 300;
  double workload_s = 180;       // arm the observers and start the load
  double faults_margin_s = 300;  // faults phase = last step time (at least the runtime) + this
  double heal_s = 300;
  double verify_s = 600;         // counted from the end of the workload's runtime
  double collect_s = 180;
  double teardown_s = 120;
  double revert_s = 300;         // a deploy group's lab back to its snapshot, ssh and clocks
  double tunables_s = 120;       // the scenario's live tunables applied to the reverted system
  double audit_s = 180;          // the reverted system healthy, its fencing history clean
  double call_s = 120;           // one roles()/snapshot() call inside the faults phase
  // Roles and observer snapshots for a step are taken this long before its instant, so that
  // slow status commands do not delay the fault itself (the inject happens on time).
  double step_lead_s = 10;
};

// The lab and the system under test are shared: a deploy group's runs use one of each.
struct Drivers {
  std::shared_ptr<Lab> lab;
  std::shared_ptr<SystemUnderTest> sut;
  std::unique_ptr<Workload> workload;
  std::vector<std::unique_ptr<Observer>> observers;
  FaultFactory faults;
};

struct RunOptions {
  std::string run_id;
  std::uint64_t seed = 0;
  std::filesystem::path run_dir;  // node logs go to run_dir/logs
  bool keep_lab = false;          // skip teardown (debugging)
  // Non-empty: the lab is a deploy group's, deployed and settled once, with this snapshot (the
  // lab must be Snapshottable). The run reverts to it and audits the system instead of
  // provision, deploy and settle, and leaves the lab up for the group's next run.
  std::string revert_to;
  bool quiet = false;             // no progress lines
  std::ostream* progress = nullptr;  // where progress lines go; nullptr = std::cerr
  PhaseDeadlines deadlines;
  // How the run is judged once the History is complete. The caller passes the checks (the
  // CLI: harness/checks' run_checks) because the checks sit above the runner; required.
  std::function<std::vector<CheckResult>(const History&)> checks;
  // Whether the run is suspect (the host starved the guests), and why, once the History is
  // complete: the CLI passes harness/checks' suspect_reason. Unset: never suspect.
  std::function<std::optional<std::string>(const History&)> suspect;
};

}  // namespace harness
