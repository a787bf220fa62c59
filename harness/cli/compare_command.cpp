// `harness compare A B`: two run or matrix directories set side by side per scenario (verdicts,
// metric deltas, regressions beyond tolerance) with the package diff of their images. The rules
// are reports/compare.hpp's; this file reads the command line and chooses the output.
#include <iostream>

#include <fmt/format.h>

#include "harness/cli/cli_context.hpp"
#include "harness/core/errors.hpp"
#include "reports/compare.hpp"
#include "reports/compare_reports.hpp"

namespace harness {

namespace {

struct CompareArgs {
  std::string a, b;
  std::vector<std::string> tolerances;
  bool json = false;
  std::string html;
};

int run_compare(const CompareArgs& args, bool quiet) {
  CompareOptions o;
  for (const auto& t : args.tolerances) {
    auto [metric, tol] = parse_tolerance(t);
    o.tolerances[std::string(metric->name)] = tol;
  }
  auto side = [](const std::string& which, const std::string& dir) {
    try {
      return read_compare_side(dir);
    } catch (const UsageError& e) {
      throw UsageError(fmt::format("compare {}: {}", which, e.what()));
    }
  };
  const CompareSide a = side("RUN_A", args.a);
  const CompareSide b = side("RUN_B", args.b);
  const Comparison c = compare_sides(a, b, o);
  if (!args.html.empty()) write_compare_html(c, args.html);
  if (args.json) {
    std::cout << compare_json(c).dump(2) << '\n';
  } else if (!quiet) {
    std::cout << render_compare_text(c);
    if (!args.html.empty()) std::cout << "wrote " << args.html << '\n';
  } else {
    for (const auto& s : c.scenarios)
      if (s.regression) std::cout << "REGRESSION " << s.scenario << '\n';
  }
  return compare_exit(c);
}

std::string metrics_help() {
  std::string out;
  for (const auto& m : compare_metrics())
    out += fmt::format("  {:<19} {:<8} {}\n", m.name, tolerance_text(m, m.tolerance), m.doc);
  return out;
}

}  // namespace

void add_compare_command(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<CompareArgs>();
  auto* cmd = app.add_subcommand(
      "compare",
      "Compare two runs: per scenario the verdicts side by side and every metric with its delta\n"
      "(median and min..max range over repeats), regressions beyond tolerance marked, and the\n"
      "package manifests of the images diffed. A regression: a scenario that passed on A and\n"
      "fails or errors on B, or a metric whose median grew by more than its tolerance plus the\n"
      "larger of the two sides' ranges. A scenario on one side only is listed, not a regression.\n"
      "Exit: 0 no regression, 1 a regression, 2 bad input (the directory and the file missing).\n"
      "Metrics and default tolerances (docs/COMPARE.md):\n" + metrics_help());
  cmd->add_option("run_a", args->a,
                  "The baseline: a run directory (result.json), a matrix directory (matrix.json,\n"
                  "also `report --merge` output), or an --out directory with a latest link")
      ->required();
  cmd->add_option("run_b", args->b, "The candidate, as RUN_A")->required();
  cmd->add_option("--tolerance", args->tolerances,
                  "NAME=VALUE (in the metric's unit) or NAME=VALUE% (of A's median), e.g.\n"
                  "longest_stall_s=2.0 or duration_s=30%; repeatable")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);  // one each, before or after RUN_A
  cmd->add_flag("--json", args->json, "Print the comparison as JSON (format harness-compare/1)");
  cmd->add_option("--html", args->html, "Also write the comparison as an HTML page to FILE");
  cmd->callback([&ctx, args] {
    ctx.action = [&ctx, args] { return run_compare(*args, ctx.quiet); };
  });
}

}  // namespace harness
