// `harness run FILE|DIR...`: each scenario end to end on the real lab, reports in runs/<run-id>/.
#include <iostream>
#include <random>

#include <fmt/format.h>

#include "drivers/faults/load_scenario.hpp"
#include "harness/cli/cli_context.hpp"
#include "harness/cli/matrix_executor.hpp"
#include "harness/cli/runnable_scenario.hpp"
#include "harness/cli/scenario_files.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/errors.hpp"
#include "harness/runner/io_thread.hpp"
#include "harness/runner/stop_control.hpp"
#include "reports/writers.hpp"

namespace harness {

namespace {

struct RunArgs {
  std::vector<std::string> files;
  std::optional<std::uint64_t> seed;
  std::string out = "runs";
  std::string junit;
  bool keep_lab = false;
  bool fresh_lab = false;
};

int run_all(const RunArgs& args, CliContext& ctx) {
  // Every file is parsed and validated before anything starts (exit 2, nothing created).
  std::vector<Scenario> scenarios;
  for (const auto& path : expand_scenario_paths(args.files))
    scenarios.push_back(load_runnable_scenario(path));
  if (args.keep_lab && !args.fresh_lab && scenarios.size() > 1)
    throw UsageError("--keep-lab keeps one run's lab: give one scenario, or add --fresh-lab");

  std::vector<ExecGroup> groups;
  std::mt19937_64 seeds(args.seed ? *args.seed : std::random_device{}());
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (args.fresh_lab || groups.empty()) groups.push_back({"shared", "", {}});
    std::uint64_t seed = args.seed ? *args.seed : seeds();
    groups.back().runs.push_back({i, 1, seed, 300});
  }

  auto clock = make_system_clock();
  StopControl stop;
  IoThread io;
  io.handle_signals(stop);

  MatrixExecOptions o;
  o.out = args.out;
  o.keep_lab = args.keep_lab;
  o.fresh_labs = args.fresh_lab || args.keep_lab;
  auto res = execute_matrix(scenarios, groups, o, ctx, *clock, stop);
  if (!args.junit.empty()) {
    std::filesystem::path junit(args.junit);
    if (junit.has_parent_path()) std::filesystem::create_directories(junit.parent_path());
    write_junit(res.reports, junit);
  }
  io.stop();
  return res.worst_exit;
}

}  // namespace

void add_run_command(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<RunArgs>();
  auto* run = app.add_subcommand(
      "run",
      "Run scenarios end to end and judge path switch, integrity and fencing. Scenarios with the\n"
      "same deployment share one lab: provisioned, deployed, settled and snapshotted once, then\n"
      "reverted and audited before each scenario (--fresh-lab: a lab per scenario instead).");
  run->add_option("scenarios", args->files, "Scenario files or directories of them")->required();
  run->add_option("--seed", args->seed, "Seed for every random choice (default: random; printed)");
  run->add_option("--out", args->out, "Where run directories go (default: runs/)");
  run->add_option("--junit", args->junit, "Also write one JUnit XML file for all scenarios");
  run->add_flag("--keep-lab", args->keep_lab,
                "Leave the lab up after the run (debugging; one scenario, or with --fresh-lab)");
  run->add_flag("--fresh-lab", args->fresh_lab,
                "Provision and deploy a lab for every scenario instead of reverting a shared one");
  run->callback([&ctx, args] { ctx.action = [&ctx, args] { return run_all(*args, ctx); }; });
}

}  // namespace harness
