// The whole pipeline on fakes: a node kill of the active node at 10 s, healed at 40 s, 60 s of
// load, run in virtual time and judged by the real checkers.
#include <gtest/gtest.h>

#include "runner_fixture.hpp"

namespace harness {
namespace {

using testing::node_kill_scenario;
using testing::RunnerHarness;

// What a cluster observer would read from the fencing history after the kill: the survivor
// fenced the dead node (fence_virsh reboot: the domain is already off, so the hypervisor only
// sees it started again).
void fence_the_killed_node(FakeObserver& observer) {
  observer.on_snapshot([](History& history, Clock&) {
    bool fenced = false;
    std::optional<Event> kill;
    for (const auto& e : history.events()) {
      if (e.kind == EventKind::fence) fenced = true;
      if (e.kind == EventKind::inject && e.what == "node_kill") kill = e;
    }
    if (!kill || fenced) return;
    std::string survivor = kill->node == "n1" ? "n2" : "n1";
    history.add(kill->t_ns + 3 * kNsPerS, EventKind::fence, kill->node, "reboot",
                {{"executioner", survivor}, {"origin", survivor},
                 {"device", "fence_" + kill->node}, {"status", "success"}});
    history.add(kill->t_ns + 3 * kNsPerS + 500 * kNsPerMs, EventKind::lifecycle, kill->node, "started",
                {{"cause", "external"}, {"detail", "fence_virsh reboot"}});
  });
}

const CheckResult* find(const RunReport& r, const std::string& name) {
  for (const auto& c : r.checks)
    if (c.name == name) return &c;
  return nullptr;
}

TEST(RunnerWithCheckers, NodeKillOfTheActiveNodePassesAllThreeChecks) {
  RunnerHarness h(node_kill_scenario());
  fence_the_killed_node(*h.observer);
  std::int64_t wall0 = h.clock.now_ns();
  auto report = h.run();
  EXPECT_EQ(report.error, "");
  EXPECT_EQ(report.exit_code, 0);
  ASSERT_EQ(report.checks.size(), 3u);
  for (const char* name : {"path_switch", "integrity", "fencing"}) {
    const CheckResult* c = find(report, name);
    ASSERT_NE(c, nullptr) << name;
    EXPECT_EQ(c->verdict, Verdict::pass) << name << ": " << c->summary;
  }
  // The fake's 5 s stall is what the checker measures (plus one I/O interval at most).
  double stall = find(report, "path_switch")->metrics.at("longest_stall_s").get<double>();
  EXPECT_NEAR(stall, 5.0, 0.02);
  EXPECT_GT(report.duration_s, 60.0);  // virtual: a minute of load and more
  EXPECT_EQ(report.duration_s, ns_to_seconds(h.clock.now_ns() - wall0));
}

TEST(RunnerWithCheckers, AStallOverTheLimitIsACheckFailureExitOne) {
  FakeWorkloadOptions w;
  w.stall_s = 35;  // limit 30 s
  RunnerHarness h(node_kill_scenario(), w);
  fence_the_killed_node(*h.observer);
  auto report = h.run();
  EXPECT_EQ(report.error, "");
  EXPECT_EQ(report.exit_code, 1);
  const CheckResult* c = find(report, "path_switch");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->verdict, Verdict::fail) << c->summary;
}

TEST(RunnerWithCheckers, WithoutFencingEvidenceTheVerdictIsNotGreen) {
  RunnerHarness h(node_kill_scenario());  // nobody records the fence
  auto report = h.run();
  EXPECT_EQ(report.error, "");
  EXPECT_EQ(report.exit_code, 1);
  EXPECT_NE(find(report, "fencing")->verdict, Verdict::pass);
}

TEST(RunnerWithCheckers, AnInfrastructureErrorKeepsExitThreeButTheChecksStillRun) {
  RunnerHarness h(node_kill_scenario());
  fence_the_killed_node(*h.observer);
  h.plan.fail_at(17);  // somewhere after the faults
  auto report = h.run();
  EXPECT_EQ(report.exit_code, 3);
  EXPECT_FALSE(report.error.empty());
  EXPECT_EQ(report.checks.size(), 3u);
}

}  // namespace
}  // namespace harness
