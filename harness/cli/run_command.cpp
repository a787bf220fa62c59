// `harness run FILE|DIR...`: each scenario end to end on the real lab, reports in runs/<run-id>/.
#include <iostream>
#include <random>

#include <fmt/format.h>

#include "drivers/faults/load_scenario.hpp"
#include "harness/cli/cli_context.hpp"
#include "harness/cli/real_drivers.hpp"
#include "harness/cli/runnable_scenario.hpp"
#include "harness/cli/run_directory.hpp"
#include "harness/cli/scenario_files.hpp"
#include "harness/checks/checker.hpp"
#include "harness/core/errors.hpp"
#include "harness/runner/io_thread.hpp"
#include "harness/runner/run_id.hpp"
#include "harness/runner/runner.hpp"
#include "harness/runner/stop_control.hpp"
#include "reports/run_dir.hpp"
#include "reports/writers.hpp"

namespace harness {

namespace {

struct RunArgs {
  std::vector<std::string> files;
  std::optional<std::uint64_t> seed;
  std::string out = "runs";
  std::string junit;
  bool keep_lab = false;
};

// A run that could not start still gets a run directory and a report, so CI shows it red.
RunReport failed_start_report(const Scenario& sc, const std::string& run_id, std::uint64_t seed,
                              const Error& e, Clock& clock) {
  RunReport r = start_report(sc, run_id, seed, clock);
  r.exit_code = static_cast<int>(e.exit_code());
  r.error = e.what();
  return r;
}

void print_verdicts(const RunReport& r, const std::filesystem::path& run_dir) {
  std::cout << fmt::format("{}: {}\n", r.scenario_name,
                           r.exit_code == 0   ? "PASS"
                           : r.exit_code == 1 ? "FAIL"
                                              : fmt::format("ERROR (exit {})", r.exit_code));
  for (const auto& c : r.checks)
    std::cout << fmt::format("  {:<12} {:<7} {}\n", c.name, to_string(c.verdict), c.summary);
  if (!r.error.empty()) std::cout << "  error: " << r.error << '\n';
  std::cout << "  run directory: " << run_dir.string() << '\n';
}

int run_all(const RunArgs& args, CliContext& ctx) {
  // Every file is parsed and validated before anything starts (exit 2, nothing created).
  std::vector<Scenario> scenarios;
  for (const auto& path : expand_scenario_paths(args.files))
    scenarios.push_back(load_runnable_scenario(path));

  auto clock = make_system_clock();
  StopControl stop;
  IoThread io;
  io.handle_signals(stop);

  std::vector<RunReport> reports;
  int worst = 0;
  for (const auto& sc : scenarios) {
    if (stop.stop_requested()) break;
    std::uint64_t seed = args.seed ? *args.seed : std::random_device{}();
    std::string run_id = make_run_id(sc.name, *clock, seed);
    auto run_dir = create_run_directory(args.out, run_id, sc.file);
    History history(make_history_header(run_id, sc.name, seed, *clock));
    history.stream_to(run_dir_files(run_dir).history);

    RunReport report;
    try {
      Drivers drivers = make_real_drivers(sc, ctx, run_id, run_dir, *clock, seed);
      RunOptions opts;
      opts.run_id = run_id;
      opts.seed = seed;
      opts.run_dir = run_dir;
      opts.keep_lab = args.keep_lab;
      opts.quiet = ctx.quiet;
      opts.checks = [&sc](const History& h) { return run_checks(sc.expect, h); };
      Runner runner(sc, std::move(drivers), *clock, stop, opts);
      report = runner.run(history);
    } catch (const Error& e) {
      report = failed_start_report(sc, run_id, seed, e, *clock);
    }
    write_run_reports(report, history, run_dir);
    print_verdicts(report, run_dir);
    // Matrix exit status: the most serious outcome wins (3 > 2 > 1 > 0).
    worst = std::max(worst, report.exit_code);
    reports.push_back(std::move(report));
  }
  if (!args.junit.empty()) {
    std::filesystem::path junit(args.junit);
    if (junit.has_parent_path()) std::filesystem::create_directories(junit.parent_path());
    write_junit(reports, junit);
  }
  io.stop();
  if (stop.stop_requested() && worst < 3) worst = 3;
  return worst;
}

}  // namespace

void add_run_command(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<RunArgs>();
  auto* run = app.add_subcommand(
      "run",
      "Run scenarios end to end: provision, deploy, settle, workload, faults, heal, verify,\n"
      "collect, teardown; then judge path switch, integrity and fencing.");
  run->add_option("scenarios", args->files, "Scenario files or directories of them")->required();
  run->add_option("--seed", args->seed, "Seed for every random choice (default: random; printed)");
  run->add_option("--out", args->out, "Where run directories go (default: runs/)");
  run->add_option("--junit", args->junit, "Also write one JUnit XML file for all scenarios");
  run->add_flag("--keep-lab", args->keep_lab, "Leave the lab up after the run (debugging)");
  run->callback([&ctx, args] { ctx.action = [&ctx, args] { return run_all(*args, ctx); }; });
}

}  // namespace harness
