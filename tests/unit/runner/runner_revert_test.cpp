// A run on a deploy group's lab (RunOptions::revert_to): revert and audit instead of provision,
// deploy and settle; the lab stays up, and no longer writes into the run's History.
#include <algorithm>

#include <gtest/gtest.h>

#include "runner_fixture.hpp"

namespace harness {
namespace {

using testing::node_kill_scenario;
using testing::RunnerHarness;

std::vector<std::string> phase_names(const RunReport& r, const std::string& state = "") {
  std::vector<std::string> out;
  for (const auto& p : r.phases)
    if (state.empty() || p.state == state) out.push_back(p.name);
  return out;
}

const PhaseRecord* phase(const RunReport& r, const std::string& name) {
  for (const auto& p : r.phases)
    if (p.name == name) return &p;
  return nullptr;
}

TEST(RunnerRevert, RevertsAndAuditsInsteadOfDeployingAndLeavesTheLabUp) {
  auto scenario = node_kill_scenario();
  scenario.tunables.multipath.no_path_retry = "fail";  // live: this run's, not the group's
  RunnerHarness h(scenario);
  h.options.revert_to = "settled";
  // The run's mechanics, not the checks (the fakes fence nobody).
  h.options.checks = [](const History&) {
    return std::vector<CheckResult>{{"stub", Verdict::pass, "passes", {}, {}}};
  };
  auto report = h.run();
  EXPECT_EQ(report.exit_code, 0) << report.error;
  EXPECT_EQ(phase_names(report),
            (std::vector<std::string>{"revert", "tunables", "audit", "workload", "faults", "heal",
                                      "verify", "collect", "teardown"}));
  ASSERT_EQ(h.sut->applied_tunables.size(), 1u);
  EXPECT_EQ(h.sut->applied_tunables[0].multipath.no_path_retry, "fail");
  EXPECT_EQ(phase(report, "teardown")->state, "skipped");
  EXPECT_EQ(h.lab->provision_calls(), 0);
  EXPECT_EQ(h.lab->revert_calls(), 1);
  EXPECT_EQ(h.lab->teardown_calls(), 0);
  EXPECT_EQ(h.sut->deploy_calls, 0);
  EXPECT_EQ(h.sut->settle_calls, 0);
  EXPECT_EQ(h.sut->audit_calls, 1);
  EXPECT_EQ(h.sut->collect_calls, 1) << "logs are collected from a reverted lab too";
  EXPECT_FALSE(h.lab->watching()) << "the lab outlives the run's History";
  // The revert comes before the watch: the fault's power-off is the History's first lifecycle.
  auto lifecycle = h.events(EventKind::lifecycle);
  ASSERT_FALSE(lifecycle.empty());
  EXPECT_EQ(lifecycle.front().what, "destroyed");
}

TEST(RunnerRevert, AFailedAuditIsAnInfrastructureErrorAndNothingIsInjected) {
  RunnerHarness clean(node_kill_scenario());
  clean.options.revert_to = "settled";
  clean.run();
  const auto& log = clean.plan.log();
  auto it = std::find(log.begin(), log.end(), "sut.audit");
  ASSERT_NE(it, log.end());

  RunnerHarness h(node_kill_scenario());
  h.options.revert_to = "settled";
  h.plan.fail_at(static_cast<std::size_t>(it - log.begin()) + 1);
  auto report = h.run();
  EXPECT_EQ(report.exit_code, 3);
  EXPECT_NE(report.error.find("audit"), std::string::npos) << report.error;
  EXPECT_EQ(phase(report, "audit")->state, "failed");
  EXPECT_EQ(phase(report, "faults")->state, "skipped");
  EXPECT_EQ(phase(report, "collect")->state, "ok");
  EXPECT_EQ(phase(report, "teardown")->state, "skipped");
  EXPECT_TRUE(std::none_of(h.lab->ops().begin(), h.lab->ops().end(),
                           [](const std::string& op) { return op.rfind("power_off", 0) == 0; }));
}

TEST(RunnerRevert, ALabThatCannotRevertIsAnInfrastructureError) {
  RunnerHarness h(node_kill_scenario(), {}, /*pausable=*/false);  // a wrapper: not Snapshottable
  h.options.revert_to = "settled";
  auto report = h.run();
  EXPECT_EQ(report.exit_code, 3);
  EXPECT_NE(report.error.find("cannot revert"), std::string::npos) << report.error;
  EXPECT_EQ(phase(report, "revert")->state, "failed");
}

}  // namespace
}  // namespace harness
