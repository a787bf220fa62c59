#include "harness/core/matrix_verdict.hpp"

#include <algorithm>

namespace harness {

namespace {

// 2 of 3 repeats against a required 0.6667 typed on a command line: a rate this close under the
// requirement meets it, so that a fraction written with four decimals means what it says.
constexpr double kRateTolerance = 1e-4;

}  // namespace

RepeatCounts count_repeats(const ScenarioOutcome& s) {
  RepeatCounts c;
  for (const auto& r : s.repeats) {
    ++c.total;
    if (r.exit_code == 0) ++c.passes;
    else if (r.exit_code == 1) ++c.fails;
    else ++c.errors;
    if (r.suspect) ++c.suspects;
  }
  return c;
}

void decide_verdict(ScenarioOutcome& s, double pass_rate_required) {
  const RepeatCounts c = count_repeats(s);
  s.flake = c.passes > 0 && c.fails > 0;
  if (c.passes + c.fails == 0) {
    // Nothing decided the storage question: the scenario is as bad as its worst error, and a
    // scenario that never ran (a stopped matrix) is an infrastructure error, never a pass.
    int worst = s.repeats.empty() ? 3 : 2;
    for (const auto& r : s.repeats) worst = std::max(worst, std::clamp(r.exit_code, 2, 3));
    s.exit_code = worst;
    s.pass_rate = 0;
    return;
  }
  s.pass_rate = static_cast<double>(c.passes) / static_cast<double>(c.passes + c.fails);
  s.exit_code = s.pass_rate + kRateTolerance >= pass_rate_required ? 0 : 1;
}

void decide_verdicts(MatrixResult& m) {
  for (auto& s : m.scenarios) decide_verdict(s, m.pass_rate_required);
}

int matrix_exit(const MatrixResult& m) {
  int worst = 0;
  for (const auto& s : m.scenarios) worst = std::max(worst, s.exit_code);
  return worst;
}

bool has_suspect(const ScenarioOutcome& s) {
  return std::any_of(s.repeats.begin(), s.repeats.end(),
                     [](const RepeatOutcome& r) { return r.suspect; });
}

MatrixTotals matrix_totals(const MatrixResult& m) {
  MatrixTotals t;
  for (const auto& s : m.scenarios) {
    ++t.scenarios;
    if (s.exit_code == 0) ++t.passed;
    else if (s.exit_code == 1) ++t.failed;
    else ++t.errors;
    if (s.flake) ++t.flakes;
    if (has_suspect(s)) ++t.suspects;
    for (const auto& r : s.repeats) {
      ++t.runs;
      t.run_time_s += r.duration_s;
    }
  }
  return t;
}

}  // namespace harness
