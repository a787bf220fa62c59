// `harness report RUN_DIR`: re-render the reports of a stored run, optionally judging its
// history again with the scenario it was run with (scenario.json in the run directory).
#include <iostream>

#include <fmt/format.h>

#include "drivers/faults/load_scenario.hpp"
#include "harness/cli/cli_context.hpp"
#include "harness/checks/checker.hpp"
#include "harness/checks/suspect.hpp"
#include "harness/core/errors.hpp"
#include "harness/runner/outcome.hpp"
#include "reports/run_dir.hpp"
#include "reports/writers.hpp"

namespace harness {

namespace {

int report(const std::filesystem::path& run_dir, bool recheck, bool quiet) {
  auto files = run_dir_files(run_dir);
  if (!std::filesystem::is_directory(run_dir))
    throw UsageError(fmt::format("{}: not a run directory", run_dir.string()));
  if (recheck) {
    auto scenario = load_scenario(run_dir / "scenario.json");
    auto history = History::load(files.history);
    auto result = read_result_json(files.result);
    result.checks = run_checks(scenario.expect, history);
    // An infrastructure error stays what it was; only a clean run's verdict can change.
    if (result.exit_code <= 1) result.exit_code = decide_outcome({}, result.checks).exit_code;
    // Judged again from the same records, as the checks are.
    auto why = suspect_reason(history);
    result.suspect = why.has_value();
    result.suspect_reason = why.value_or("");
    write_run_reports(result, history, run_dir);
  } else {
    rerender_run_dir(run_dir);
  }
  auto result = read_result_json(files.result);
  if (!quiet) {
    for (const auto& c : result.checks)
      std::cout << fmt::format("{:<12} {:<7} {}\n", c.name, to_string(c.verdict), c.summary);
    if (result.suspect) std::cout << "SUSPECT: " << result.suspect_reason << '\n';
    std::cout << fmt::format("wrote {}, {}\n", files.junit.string(), files.html.string());
  }
  return result.exit_code;
}

}  // namespace

void add_report_command(CLI::App& app, CliContext& ctx) {
  auto dir = std::make_shared<std::string>();
  auto recheck = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "report", "Re-render junit.xml and report.html of a run directory from its stored files");
  cmd->add_option("run_dir", *dir, "A run directory, e.g. runs/latest")->required();
  cmd->add_flag("--recheck", *recheck,
                "Judge history.jsonl again with the run's scenario.json and rewrite result.json");
  cmd->callback([&ctx, dir, recheck] {
    ctx.action = [&ctx, dir, recheck] { return report(*dir, *recheck, ctx.quiet); };
  });
}

}  // namespace harness
