// `harness run FILE|DIR...`: the selected scenarios end to end on the real lab, planned as a
// matrix (deploy groups, repeats, this shard's share), reports in runs/<run-id>/.
#include <iostream>
#include <random>
#include <set>

#include <fmt/format.h>

#include "drivers/faults/load_scenario.hpp"
#include "harness/cli/cli_context.hpp"
#include "harness/cli/matrix_executor.hpp"
#include "harness/cli/rerun_failed.hpp"
#include "harness/cli/run_directory.hpp"
#include "harness/cli/runnable_scenario.hpp"
#include "harness/cli/scenario_files.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/errors.hpp"
#include "harness/core/names.hpp"
#include "harness/runner/io_thread.hpp"
#include "harness/runner/matrix_plan.hpp"
#include "harness/runner/stop_control.hpp"
#include "harness/core/matrix_verdict.hpp"
#include "harness/runner/run_id.hpp"
#include "reports/matrix_reports.hpp"
#include "reports/runs_index.hpp"
#include "reports/writers.hpp"

namespace harness {

namespace {

struct RunArgs {
  std::vector<std::string> files;
  std::vector<std::string> patterns;
  std::optional<std::uint64_t> seed;
  int repeat = 1;
  double pass_rate = 1.0;
  std::string shard;
  std::string rerun_failed;
  std::string out = "runs";
  std::string junit;
  bool dry_run = false;
  bool json = false;
  bool keep_lab = false;
  bool fresh_lab = false;
  std::vector<std::string> images;  // --image: boot these recipes instead of lab.image
};

int run_all(const RunArgs& args, CliContext& ctx) {
  if (args.json && !args.dry_run) throw UsageError("--json prints the plan: use it with --dry-run");
  // Every file is parsed and validated before anything starts (exit 2, nothing created).
  std::vector<Scenario> scenarios;
  auto files = args.files;
  if (files.empty() && !args.rerun_failed.empty()) files = or_shipped_catalogue(files);
  if (files.empty()) throw UsageError("give scenario files or directories (e.g. scenarios/)");
  for (const auto& path : expand_scenario_paths(files)) scenarios.push_back(load_runnable_scenario(path));
  if (args.images.size() == 1)
    for (auto& sc : scenarios) sc.lab.image = args.images.front();

  PlanOptions po;
  po.patterns = args.patterns;
  po.repeat = args.repeat;
  po.fresh_labs = args.fresh_lab;
  if (!args.shard.empty()) std::tie(po.shard_index, po.shard_count) = parse_shard(args.shard);
  po.seed = args.seed ? *args.seed : std::random_device{}() * 0x100000001ULL ^ std::random_device{}();
  if (!args.rerun_failed.empty()) {
    po.only = failed_scenarios(args.rerun_failed);
    if (po.only->empty()) {
      std::cout << fmt::format("nothing failed in {}: nothing to run\n", args.rerun_failed);
      return 0;
    }
  }
  MatrixPlan plan = plan_matrix(scenarios, po);
  if (args.keep_lab && !args.fresh_lab && plan.runs_unsharded > 1)
    throw UsageError("--keep-lab keeps one run's lab: select one run, or add --fresh-lab");
  if (args.dry_run) {
    std::cout << (args.json ? plan_json(plan, scenarios).dump(2) + "\n" : render_plan_text(plan, scenarios));
    return 0;
  }
  if (!ctx.quiet) std::cerr << fmt::format("matrix seed {} (replay with --seed {})\n", plan.seed, plan.seed);

  auto clock = make_system_clock();
  StopControl stop;
  IoThread io;
  io.handle_signals(stop);

  // One run writes its run directory under --out, as it always has; a matrix (more than one
  // run, or a shard) writes one directory holding its runs and its own reports.
  const bool is_matrix = plan.runs_unsharded > 1 || plan.shard_count > 1;
  MatrixResult m;
  m.matrix_id = make_run_id("matrix", *clock, plan.seed);
  m.seed = plan.seed;
  m.shard_index = plan.shard_index;
  m.shard_count = plan.shard_count;
  m.repeat = plan.repeat;
  m.pass_rate_required = args.pass_rate;
  m.started_realtime_ns = clock->realtime_ns();
  const std::int64_t t0 = clock->now_ns();
  const std::filesystem::path out =
      is_matrix ? create_matrix_directory(args.out, m.matrix_id) : std::filesystem::path(args.out);
  auto matrix_so_far = [&](const MatrixExecResult& res) {
    m.scenarios = res.outcomes;
    m.duration_s = ns_to_seconds(clock->now_ns() - t0);
    decide_verdicts(m);
    return m;
  };

  MatrixExecOptions o;
  o.out = out;
  o.keep_lab = args.keep_lab;
  o.fresh_labs = args.fresh_lab || args.keep_lab;
  o.retry_suspect = args.repeat > 1;
  o.after_run = [&](const MatrixExecResult& res) {
    // Reports are for reading: one that cannot be written is said, not fatal to the matrix.
    try {
      if (is_matrix) write_matrix_reports(matrix_so_far(res), out);
      write_runs_index(args.out);
    } catch (const std::exception& e) {
      std::cerr << "reports: " << e.what() << '\n';
    }
  };
  std::size_t runs = 0;
  for (const auto& g : plan.groups) runs += g.runs.size();
  if (is_matrix && !ctx.quiet)
    std::cerr << fmt::format("matrix {}: {} run{}{} in {}\n", m.matrix_id, runs, runs == 1 ? "" : "s",
                             plan.shard_count > 1 ? fmt::format(" (shard {}/{} of {})", plan.shard_index,
                                                                plan.shard_count, plan.runs_unsharded)
                                                  : "",
                             out.string());
  auto res = execute_matrix(scenarios, plan.groups, o, ctx, *clock, stop);
  io.stop();

  int exit = res.worst_exit;
  if (is_matrix) {
    matrix_so_far(res);
    write_matrix_reports(m, out);
    std::cout << '\n' << render_matrix_summary(m);
    std::cout << "matrix directory: " << out.string() << std::endl;
    exit = matrix_exit(m);
  }
  if (stop.stop_requested()) exit = std::max(exit, 3);
  write_runs_index(args.out);
  if (!args.junit.empty()) {
    std::filesystem::path junit(args.junit);
    if (junit.has_parent_path()) std::filesystem::create_directories(junit.parent_path());
    if (is_matrix)
      write_matrix_junit(m, junit);
    else
      write_junit(res.reports, junit);
  }
  return exit;
}

// --image given more than once (once or not at all: run_all): the same selection once per image, each a matrix of its own under
// <out>/<image>/, so that `harness compare` can set them side by side (scenario names stay).
int run_per_image(const RunArgs& args, CliContext& ctx) {
  for (const auto& image : args.images)
    if (!is_valid_recipe_name(image))
      throw UsageError(fmt::format("--image {}: not a vm-images recipe name ([a-z0-9][a-z0-9._-], at "
                                   "most 64 characters)", image));
  if (args.images.size() <= 1) return run_all(args, ctx);
  if (args.keep_lab) throw UsageError("--keep-lab keeps one run's lab: give --image once");
  if (std::set<std::string>(args.images.begin(), args.images.end()).size() != args.images.size())
    throw UsageError("--image: each image once");
  int exit = 0;
  std::vector<std::string> dirs;
  for (const auto& image : args.images) {
    RunArgs one = args;
    one.images = {image};
    one.out = (std::filesystem::path(args.out) / image).string();
    if (!ctx.quiet && !args.dry_run) std::cerr << fmt::format("image {}: runs under {}\n", image, one.out);
    if (args.dry_run) std::cout << fmt::format("image {} (runs under {}):\n", image, one.out);
    exit = std::max(exit, run_all(one, ctx));
    dirs.push_back((std::filesystem::path(one.out) / "latest").string());
  }
  if (!args.dry_run) {
    std::string cmd = "harness compare";
    for (const auto& d : dirs) cmd += " " + d;
    std::cout << fmt::format("compare the images: {}\n", cmd);
  }
  return exit;
}

}  // namespace

void add_run_command(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<RunArgs>();
  auto* run = app.add_subcommand(
      "run",
      "Run scenarios end to end and judge path switch, integrity and fencing. Scenarios with the\n"
      "same deployment (deploy key: lab section and tunables) share one lab: provisioned,\n"
      "deployed, settled and snapshotted once, then reverted and audited before each run\n"
      "(--fresh-lab: a lab per run instead). --dry-run prints the plan and starts nothing.");
  run->add_option("scenarios", args->files,
                  "Scenario files or directories of them (with --rerun-failed, default: the catalogue)");
  run->add_option("-k", args->patterns,
                  "Select scenarios whose name matches (substring, or glob with * ? [..]); repeatable");
  run->add_option("--repeat", args->repeat, "Run each selected scenario N times (default 1)")
      ->check(CLI::Range(1, 1000));
  run->add_option("--pass-rate", args->pass_rate,
                  "Share of a scenario's repeats that must pass for it to pass (default 1.0)")
      ->check(CLI::Range(0.0, 1.0));
  run->add_option("--shard", args->shard,
                  "Run only shard K of N (K/N): the same split on every machine, balanced by the\n"
                  "scenarios' expected durations");
  run->add_option("--rerun-failed", args->rerun_failed,
                  "Run only the scenarios that failed or errored in this run or matrix directory");
  run->add_option("--seed", args->seed,
                  "Matrix seed: every random choice follows from it (default: random; printed).\n"
                  "A first repeat runs with this seed, so a run's own seed replays that run");
  run->add_option("--out", args->out, "Where run directories go (default: runs/)");
  run->add_option("--junit", args->junit, "Also write one JUnit XML file for all runs");
  run->add_flag("--dry-run", args->dry_run,
                "Print the plan (deploy groups, order, repeats, this shard's share, seeds); start nothing");
  run->add_flag("--json", args->json, "With --dry-run: the plan as JSON");
  run->add_flag("--keep-lab", args->keep_lab,
                "Leave the lab up after the run (debugging; one run, or with --fresh-lab)");
  run->add_flag("--fresh-lab", args->fresh_lab,
                "Provision and deploy a lab for every run instead of reverting a shared one");
  run->add_option("--image", args->images,
                  "Boot the selected scenarios on this vm-images recipe instead of their lab.image.\n"
                  "Given more than once (--image default --image trixie): the selection runs on\n"
                  "each in turn, one matrix per image under --out/<image>/, for harness compare");
  run->callback([&ctx, args] { ctx.action = [&ctx, args] { return run_per_image(*args, ctx); }; });
}

}  // namespace harness
