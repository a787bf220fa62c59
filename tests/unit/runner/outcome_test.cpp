#include <gtest/gtest.h>

#include "harness/runner/outcome.hpp"

namespace harness {
namespace {

CheckResult check(const char* name, Verdict v) {
  CheckResult r;
  r.name = name;
  r.verdict = v;
  return r;
}

Failure failure(std::string msg, bool interrupted = false, ExitCode code = ExitCode::infrastructure) {
  Failure f;
  f.code = code;
  f.message = std::move(msg);
  f.interrupted = interrupted;
  return f;
}

TEST(RunnerOutcome, AllPassIsZeroAnyFailOrUnknownIsOne) {
  std::vector<CheckResult> pass{check("a", Verdict::pass), check("b", Verdict::pass)};
  EXPECT_EQ(decide_outcome({}, pass).exit_code, 0);
  auto failing = pass;
  failing.push_back(check("c", Verdict::fail));
  EXPECT_EQ(decide_outcome({}, failing).exit_code, 1);
  auto unknown = pass;
  unknown.push_back(check("c", Verdict::unknown));  // proves nothing: not green
  EXPECT_EQ(decide_outcome({}, unknown).exit_code, 1);
  EXPECT_TRUE(decide_outcome({}, unknown).error.empty());
}

TEST(RunnerOutcome, InfrastructureFailureIsThreeWhateverTheChecksSay) {
  std::vector<CheckResult> pass{check("a", Verdict::pass)};
  auto o = decide_outcome({failure("phase settle: deadline of 300 s passed: drbd")}, pass);
  EXPECT_EQ(o.exit_code, 3);
  EXPECT_EQ(o.error, "phase settle: deadline of 300 s passed: drbd");
}

TEST(RunnerOutcome, FirstFailureLeadsLaterOnesAreAppended) {
  auto o = decide_outcome({failure("interrupted", true), failure("phase heal: x"), failure("phase teardown: y")}, {});
  EXPECT_EQ(o.exit_code, 3);
  EXPECT_EQ(o.error, "interrupted (also: phase heal: x; phase teardown: y)");
}

TEST(RunnerOutcome, ScenarioErrorMidRunKeepsItsExitCode) {
  auto o = decide_outcome({failure("phase faults: pause", false, ExitCode::usage)}, {});
  EXPECT_EQ(o.exit_code, 2);
}

}  // namespace
}  // namespace harness
