// A scenario's verdict over its repeats: pass rate, flake, errors that are neither pass nor fail,
// retries and suspects counted like any repeat, and the matrix's exit in `harness run`'s order.
#include <gtest/gtest.h>

#include <initializer_list>

#include "harness/core/matrix_verdict.hpp"

namespace harness {
namespace {

ScenarioOutcome scenario(std::initializer_list<int> exits) {
  ScenarioOutcome s;
  s.scenario = "split-brain";
  int n = 0;
  for (int e : exits) {
    RepeatOutcome r;
    r.repeat = ++n;
    r.exit_code = e;
    s.repeats.push_back(r);
  }
  return s;
}

ScenarioOutcome decided(std::initializer_list<int> exits, double required = 1.0) {
  ScenarioOutcome s = scenario(exits);
  decide_verdict(s, required);
  return s;
}

TEST(MatrixVerdict, AllPassIsAPassWithRateOne) {
  const auto s = decided({0, 0, 0});
  EXPECT_EQ(s.exit_code, 0);
  EXPECT_FALSE(s.flake);
  EXPECT_DOUBLE_EQ(s.pass_rate, 1.0);
}

TEST(MatrixVerdict, OneFailureOfThreeFailsAtTheDefaultRateAndIsAFlake) {
  const auto s = decided({0, 1, 0});
  EXPECT_EQ(s.exit_code, 1);
  EXPECT_TRUE(s.flake);
  EXPECT_NEAR(s.pass_rate, 2.0 / 3.0, 1e-12);
}

TEST(MatrixVerdict, ARequiredRateBelowOneLetsAFlakePassButItStaysAFlake) {
  const auto s = decided({0, 1, 0}, 0.6);
  EXPECT_EQ(s.exit_code, 0);
  EXPECT_TRUE(s.flake);
  // Exactly at the required rate passes; a hair above it does not.
  EXPECT_EQ(decided({0, 1}, 0.5).exit_code, 0);
  EXPECT_EQ(decided({0, 1}, 0.51).exit_code, 1);
  // Two of three against a rate typed with four decimals means two of three.
  EXPECT_EQ(decided({0, 1, 0}, 0.6667).exit_code, 0);
  EXPECT_EQ(decided({0, 1, 0}, 0.667).exit_code, 1);
}

TEST(MatrixVerdict, AllFailuresFailWithoutBeingAFlake) {
  const auto s = decided({1, 1});
  EXPECT_EQ(s.exit_code, 1);
  EXPECT_FALSE(s.flake);
  EXPECT_DOUBLE_EQ(s.pass_rate, 0.0);
  EXPECT_EQ(decided({1, 1}, 0.0).exit_code, 0);  // --pass-rate 0: nothing is required
}

TEST(MatrixVerdict, ErrorsAreNeitherPassNorFail) {
  // An infrastructure error beside a pass says nothing about the storage stack.
  auto s = decided({0, 3, 0});
  EXPECT_EQ(s.exit_code, 0);
  EXPECT_DOUBLE_EQ(s.pass_rate, 1.0);
  EXPECT_FALSE(s.flake);
  s = decided({1, 2});
  EXPECT_EQ(s.exit_code, 1);
  EXPECT_DOUBLE_EQ(s.pass_rate, 0.0);
  EXPECT_FALSE(s.flake);
}

TEST(MatrixVerdict, OnlyErrorsGiveTheWorstError) {
  EXPECT_EQ(decided({2, 3, 2}).exit_code, 3);
  EXPECT_EQ(decided({2, 2}).exit_code, 2);
  EXPECT_EQ(decided({3}).exit_code, 3);
  const auto s = decided({2, 3});
  EXPECT_DOUBLE_EQ(s.pass_rate, 0.0);
  EXPECT_FALSE(s.flake);
  // Even with nothing required, a scenario that never got to a verdict is not a pass.
  EXPECT_EQ(decided({3, 3}, 0.0).exit_code, 3);
}

TEST(MatrixVerdict, NoRepeatAtAllIsAnInfrastructureErrorNeverAPass) {
  const auto s = decided({}, 0.0);
  EXPECT_EQ(s.exit_code, 3);
  EXPECT_FALSE(s.flake);
}

TEST(MatrixVerdict, RetriesCountLikeAnyRepeat) {
  // Repeat 2 was suspect and failed; its retry passed: one pass, one fail, a flake.
  auto s = scenario({0, 1, 0});
  s.repeats[1].suspect = true;
  s.repeats[1].suspect_reason = "n1 vCPU not scheduled for 2.4 s";
  s.repeats[2].repeat = 2;
  s.repeats[2].retry = true;
  decide_verdict(s, 1.0);
  EXPECT_EQ(s.exit_code, 1);
  EXPECT_TRUE(s.flake);
  EXPECT_NEAR(s.pass_rate, 2.0 / 3.0, 1e-12);
}

TEST(MatrixVerdict, ASuspectFailureIsStillAFailure) {
  auto s = scenario({1});
  s.repeats[0].suspect = true;
  decide_verdict(s, 1.0);
  EXPECT_EQ(s.exit_code, 1);
  EXPECT_TRUE(has_suspect(s));
  const RepeatCounts c = count_repeats(s);
  EXPECT_EQ(c.fails, 1);
  EXPECT_EQ(c.suspects, 1);
  EXPECT_FALSE(has_suspect(decided({1})));
}

TEST(MatrixVerdict, DecisionOverwritesWhatWasThere) {
  auto s = scenario({0, 0});
  s.exit_code = 1;
  s.flake = true;
  s.pass_rate = 0.1;
  decide_verdict(s, 1.0);
  EXPECT_EQ(s.exit_code, 0);
  EXPECT_FALSE(s.flake);
  EXPECT_DOUBLE_EQ(s.pass_rate, 1.0);
}

TEST(MatrixVerdict, MatrixExitIsTheWorstInRunsOrder) {
  MatrixResult m;
  EXPECT_EQ(matrix_exit(m), 0);
  m.pass_rate_required = 1.0;
  m.scenarios = {scenario({0}), scenario({0, 1}), scenario({0})};
  decide_verdicts(m);
  EXPECT_EQ(matrix_exit(m), 1);
  m.scenarios.push_back(scenario({2}));
  decide_verdicts(m);
  EXPECT_EQ(matrix_exit(m), 2);
  m.scenarios.push_back(scenario({3, 3}));
  decide_verdicts(m);
  EXPECT_EQ(matrix_exit(m), 3);
  // The required rate comes from the matrix.
  m.scenarios = {scenario({0, 1})};
  m.pass_rate_required = 0.5;
  decide_verdicts(m);
  EXPECT_EQ(matrix_exit(m), 0);
}

TEST(MatrixVerdict, TotalsCountScenariosByVerdictAndRunsWithRetries) {
  MatrixResult m;
  m.scenarios = {scenario({0, 0}), scenario({0, 1}), scenario({3}), scenario({1})};
  m.scenarios[3].repeats[0].suspect = true;
  m.scenarios[0].repeats[0].duration_s = 10;
  m.scenarios[2].repeats[0].duration_s = 2.5;
  decide_verdicts(m);
  const MatrixTotals t = matrix_totals(m);
  EXPECT_EQ(t.scenarios, 4);
  EXPECT_EQ(t.passed, 1);
  EXPECT_EQ(t.failed, 2);
  EXPECT_EQ(t.errors, 1);
  EXPECT_EQ(t.flakes, 1);
  EXPECT_EQ(t.suspects, 1);
  EXPECT_EQ(t.runs, 6);
  EXPECT_DOUBLE_EQ(t.run_time_s, 12.5);
}

}  // namespace
}  // namespace harness
