// `harness report RUN_DIR`: re-render the reports of a stored run, optionally judging its
// history again with the scenario it was run with (scenario.json in the run directory).
// `harness report --merge DIR... --out DIR`: join the matrix directories of a sharded matrix (or
// single run directories) into one matrix.json, summary.txt, junit.xml and index.html.
#include <iostream>

#include <fmt/format.h>

#include "drivers/faults/load_scenario.hpp"
#include "harness/cli/cli_context.hpp"
#include "harness/cli/run_judgement.hpp"
#include "harness/checks/suspect.hpp"
#include "harness/core/errors.hpp"
#include "harness/core/matrix_verdict.hpp"
#include "harness/runner/outcome.hpp"
#include "reports/matrix_merge.hpp"
#include "reports/matrix_reports.hpp"
#include "reports/run_dir.hpp"
#include "reports/writers.hpp"

namespace harness {

namespace {

namespace fs = std::filesystem;

struct ReportArgs {
  std::string run_dir;
  bool recheck = false;
  std::vector<std::string> merge;
  std::string out;
};

int report(const std::filesystem::path& run_dir, bool recheck, bool quiet) {
  auto files = run_dir_files(run_dir);
  if (!std::filesystem::is_directory(run_dir))
    throw UsageError(fmt::format("{}: not a run directory", run_dir.string()));
  if (recheck) {
    auto scenario = load_scenario(run_dir / "scenario.json");
    auto history = History::load(files.history);
    auto result = read_result_json(files.result);
    result.checks = judge_run(scenario, history, run_dir);
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

bool same_directory(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
  return fs::absolute(a).lexically_normal() == fs::absolute(b).lexically_normal();
}

int merge(const std::vector<std::string>& dirs, const fs::path& out, bool quiet) {
  std::vector<MatrixInput> inputs;
  for (const auto& d : dirs) {
    // Writing the merge over one of its inputs would replace that shard's matrix.json.
    if (same_directory(d, out))
      throw UsageError(fmt::format("{}: is also --out; write the merge to a directory of its own", d));
    inputs.push_back(read_matrix_input(d));
  }
  MergeResult merged = merge_matrices(inputs);
  write_matrix_reports(merged.matrix, out, merged.notes);
  for (const auto& n : merged.notes) std::cerr << "harness: " << n << '\n';
  if (!quiet) {
    const MatrixDirFiles f = matrix_dir_files(out);
    std::cout << render_matrix_summary(merged.matrix)
              << fmt::format("wrote {}, {}, {}, {}\n", f.matrix_json.string(), f.summary.string(),
                             f.junit.string(), f.index.string());
  }
  // A missing shard is part of the matrix that never reported: never a green merge.
  int code = matrix_exit(merged.matrix);
  if (merged.incomplete) code = std::max(code, static_cast<int>(ExitCode::infrastructure));
  return code;
}

int run_report_command(const ReportArgs& a, bool quiet) {
  if (!a.merge.empty()) {
    if (!a.run_dir.empty())
      throw UsageError("report: give a run directory or --merge DIR..., not both");
    if (a.recheck) throw UsageError("report: --recheck judges one run directory; not with --merge");
    if (a.out.empty()) throw UsageError("report --merge: --out DIR is required (where the merge goes)");
    return merge(a.merge, a.out, quiet);
  }
  if (a.run_dir.empty())
    throw UsageError("report: give a run directory, or --merge DIR... --out DIR");
  if (!a.out.empty()) throw UsageError("report: --out goes with --merge");
  return report(a.run_dir, a.recheck, quiet);
}

}  // namespace

void add_report_command(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand(
      "report",
      "Re-render junit.xml and report.html of a run directory from its stored files, or\n"
      "join matrix directories (the shards of a sharded matrix, or single run directories) with\n"
      "--merge DIR... --out DIR into one matrix.json, summary.txt, junit.xml and index.html,\n"
      "deciding each scenario's verdict again over all its repeats. Exit code as `harness run`:\n"
      "0 all passed, 1 a scenario failed, 2 bad input (named), 3 lab error or a missing shard.");
  cmd->add_option("run_dir", args->run_dir, "A run directory, e.g. runs/latest");
  cmd->add_flag("--recheck", args->recheck,
                "Judge history.jsonl again with the run's scenario.json and rewrite result.json");
  cmd->add_option("--merge", args->merge,
                  "Matrix directories (each with matrix.json, e.g. runs/shard-*) or run directories\n"
                  "(result.json) to join; shards must share --repeat, --pass-rate and the shard\n"
                  "count, and their shard numbers must differ")
      ->expected(1, -1);
  cmd->add_option("--out", args->out, "With --merge: the directory the merged reports go to");
  cmd->callback([&ctx, args] {
    ctx.action = [&ctx, args] { return run_report_command(*args, ctx.quiet); };
  });
}

}  // namespace harness
