#pragma once
// A scenario's verdict over its repeats, and the matrix's exit code. Pure rules on the values of
// matrix_result.hpp, shared by `harness run` (after the last repeat) and `harness report --merge`
// (after joining shards), so that both decide the same way.
//
// Rules (docs/REPORTS.md, "Matrix outputs"):
//   - a repeat with exit 0 passed, exit 1 failed; exit 2 (scenario error) and 3 (infrastructure)
//     are neither: they say nothing about the storage stack;
//   - repeats marked `retry` (the extra run after a suspect one) count like any other;
//   - a suspect repeat counts as what it ended with: a suspect failure is still a failure, the
//     outputs mark it;
//   - every repeat 2 or 3 (or no repeat at all): the scenario's exit is the worst of them (3 when
//     nothing ran) and its pass rate 0;
//   - otherwise pass_rate = passes / (passes + fails), exit 0 when it reaches the required rate,
//     else 1; a flake is a scenario with at least one pass and at least one fail.
#include "harness/core/matrix_result.hpp"

namespace harness {

struct RepeatCounts {
  int passes = 0;
  int fails = 0;
  int errors = 0;    // exit 2 or 3
  int suspects = 0;  // suspect repeats, whatever they ended with
  int total = 0;
};

RepeatCounts count_repeats(const ScenarioOutcome& s);

// Sets s.exit_code, s.flake and s.pass_rate from s.repeats.
void decide_verdict(ScenarioOutcome& s, double pass_rate_required);

// decide_verdict for every scenario, with m.pass_rate_required.
void decide_verdicts(MatrixResult& m);

// The worst scenario exit, in the order `harness run` uses (3 > 2 > 1 > 0: the numeric maximum);
// 0 for an empty matrix.
int matrix_exit(const MatrixResult& m);

// Any repeat of the scenario was suspect.
bool has_suspect(const ScenarioOutcome& s);

// Scenario counts by decided verdict, for totals lines and headers.
struct MatrixTotals {
  int scenarios = 0;
  int passed = 0;   // exit 0
  int failed = 0;   // exit 1
  int errors = 0;   // exit 2 or 3
  int flakes = 0;
  int suspects = 0;  // scenarios with a suspect repeat
  int runs = 0;      // repeats, retries included
  double run_time_s = 0;  // the repeats' durations added up
};

MatrixTotals matrix_totals(const MatrixResult& m);

}  // namespace harness
