#pragma once
// Runs a planned matrix: deploy group by deploy group, each run of a group on the group's lab,
// reverted to its snapshot and audited first (or, with fresh labs, each run on its own lab as
// `harness run` of one scenario does). Every run writes its own run directory; the matrix's
// outcome per scenario and repeat is returned for the matrix's reports.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "harness/cli/cli_context.hpp"
#include "harness/cli/real_drivers.hpp"
#include "harness/core/matrix_result.hpp"
#include "harness/core/run_report.hpp"
#include "harness/runner/matrix_plan.hpp"
#include "harness/runner/stop_control.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

class Clock;

using ExecRun = PlannedRun;
using ExecGroup = DeployGroup;

struct MatrixExecResult {
  std::vector<ScenarioOutcome> outcomes;  // input order of the scenarios, repeats in run order
  std::vector<RunReport> reports;         // every run, in run order
  int worst_exit = 0;
};

struct MatrixExecOptions {
  std::filesystem::path out = "runs";
  bool keep_lab = false;       // with fresh labs only: leave each run's lab up
  bool fresh_labs = false;     // a lab per run instead of one per deploy group
  bool retry_suspect = false;  // with --repeat: a suspect outcome gets one more run
  // How a lab (with its system under test) and a run's drivers are made: unset, the real ones
  // (make_real_lab, make_run_drivers); unit tests pass fakes.
  std::function<LabAndSut(const Scenario&, const std::string& lab_run_id, std::uint64_t verify_bytes)>
      make_lab;
  std::function<Drivers(const LabAndSut&, const Scenario&, const std::string& run_id,
                        const std::filesystem::path& run_dir, std::uint64_t seed)>
      make_drivers;
  // Called after each run's reports are written, with what the matrix has so far (the matrix
  // reports and the runs index are brought up to date there, so a killed matrix keeps them).
  std::function<void(const MatrixExecResult&)> after_run;
  // How each run is judged (unset: the scenario's expectations through harness/checks).
  std::function<std::vector<CheckResult>(const Scenario&, const History&)> checks;
};

MatrixExecResult execute_matrix(const std::vector<Scenario>& scenarios,
                                const std::vector<ExecGroup>& groups, const MatrixExecOptions& o,
                                CliContext& ctx, Clock& clock, StopControl& stop);

}  // namespace harness
