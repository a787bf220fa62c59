// Fencing checker on generated histories: the node-kill story of history_gen.hpp (n1 active,
// killed by the harness at 10 s, fenced by n2, I/O back at 15 s) and split-brain variants.
#include <gtest/gtest.h>

#include "harness/checks/fencing.hpp"
#include "tests/unit/checks/history_gen.hpp"

namespace harness {
namespace {

using testgen::Failover;
using testgen::Gen;
using testgen::json;

CheckResult run(const Gen& g, std::vector<std::string> fenced = {"active"},
                std::vector<std::string> survivors = {"standby"}) {
  return FencingChecker(std::move(fenced), std::move(survivors)).check(g.h);
}

Gen no_fence_failover() {
  Failover f;
  f.fence = false;
  return testgen::failover(f);
}

// Harness destroy (not fencing) + fence_virsh reboot of the dead domain (external "started"
// only) + the cluster's record: fenced once, by n2, 2 s before I/O resumed.
TEST(Fencing, NodeKillOfActiveFencedOnceByPeerPasses) {
  auto r = run(testgen::failover());
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  const auto& n1 = r.metrics["nodes"]["n1"];
  EXPECT_EQ(n1["cluster_successes"], 1);
  EXPECT_EQ(n1["hypervisor_actions"], 1);
  EXPECT_EQ(n1["executioners"], json::array({"n2"}));
  EXPECT_EQ(n1["devices"], json::array({"fence_n1"}));
  EXPECT_DOUBLE_EQ(n1["resume_margin_s"], 2.0);      // fence 13 s, I/O 15 s
  EXPECT_DOUBLE_EQ(n1["hypervisor_margin_s"], 2.2);  // started 12.8 s
  EXPECT_DOUBLE_EQ(n1["fenced_after_fault_s"], 3.0);
  EXPECT_EQ(r.metrics["expected_fenced"], json::array({"n1"}));
  EXPECT_EQ(r.metrics["expected_survivors"], json::array({"n2"}));
  EXPECT_EQ(r.metrics["unexpected_fenced"], json::array());
  bool has_fence = false, has_started = false;
  for (const auto& e : r.evidence) {
    has_fence |= e["kind"] == "fence";
    has_started |= e["kind"] == "lifecycle" && e["what"] == "started";
  }
  EXPECT_TRUE(has_fence && has_started);
}

// fence_virsh reboot of a running domain: destroyed then started 4 s later is ONE action.
// Pacemaker 2.1.5's crm_mon does not name the device in its fencing history: no empty name.
TEST(Fencing, AnUnnamedDeviceIsLeftOutNotListedAsEmpty) {
  Gen recorded = testgen::failover(), g;
  for (auto e : recorded.h.events()) {
    if (e.kind == EventKind::fence) e.data.erase("device");
    g.h.append(std::move(e));
  }
  auto r = run(g);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_EQ(r.metrics["nodes"]["n1"]["devices"], json::array());
}

TEST(Fencing, DestroyThenStartIsOneHypervisorAction) {
  Gen g = no_fence_failover();
  g.lifecycle(12, "n1", "destroyed", "external");
  g.lifecycle(16, "n1", "started", "external");
  g.fence(14, "n1", "n2");
  auto r = run(g);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_EQ(r.metrics["hypervisor_actions"], 1);
}

// Two reboots 20 s apart: twice, from both sides (a plain 60 s grouping would merge the
// hypervisor's four events into one action).
TEST(Fencing, DoubleFenceFails) {
  Gen g = testgen::failover();  // first fence at 13 s, started at 12.8 s
  g.lifecycle(33, "n1", "destroyed", "external");
  g.lifecycle(36, "n1", "started", "external");
  g.fence(36.5, "n1", "n2");
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.metrics["nodes"]["n1"]["cluster_successes"], 2);
  EXPECT_EQ(r.metrics["nodes"]["n1"]["hypervisor_actions"], 2);
  EXPECT_NE(r.summary.find("fenced 2 times"), std::string::npos) << r.summary;
}

// The cluster fenced the standby n2 instead of the killed active n1.
TEST(Fencing, WrongNodeFencedFails) {
  Gen g = no_fence_failover();
  g.lifecycle(12, "n2", "destroyed", "external");
  g.lifecycle(15, "n2", "started", "external");
  g.fence(13, "n2", "n1");
  auto r = run(g, {"active"}, {});
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.metrics["unexpected_fenced"], json::array({"n2"}));
  EXPECT_NE(r.summary.find("n1 was never fenced"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("node n2 was fenced"), std::string::npos) << r.summary;
}

TEST(Fencing, SelfFenceFails) {
  Gen g = no_fence_failover();
  g.lifecycle(12.8, "n1", "started", "external");
  g.fence(13, "n1", "n1");
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_NE(r.summary.find("fenced by itself"), std::string::npos) << r.summary;
}

// I/O came back through n2 at 15 s, the fence only completed at 16 s.
TEST(Fencing, FenceAfterIoResumedFails) {
  Failover f;
  f.fence_s = 6;
  auto r = run(testgen::failover(f));
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_DOUBLE_EQ(r.metrics["nodes"]["n1"]["resume_margin_s"], -1.0);
  EXPECT_DOUBLE_EQ(r.metrics["resume_margin_s"], -1.0);
  EXPECT_NE(r.summary.find("I/O resumed 1.000 s before n1 was fenced"), std::string::npos)
      << r.summary;
}

// Split brain: both rings cut; the fence delay protects n1, so n2 must be the one fenced.
Gen split_brain(const char* victim, const char* executioner) {
  Gen g;
  g.phase(-1, "workload", "begin");
  g.roles(9.9, "n1", "n2");
  g.io(0, 10);
  g.inject(10, "split_brain", "n1", "sb");
  g.lifecycle(14, victim, "destroyed", "external");
  g.fence(16, victim, executioner);
  g.lifecycle(18, victim, "started", "external");
  g.io(20, 40);
  g.heal(30, "split_brain", "n1", "sb");
  g.phase(40, "workload", "end");
  return g;
}

TEST(Fencing, SplitBrainWithProtectedNodeSurvivingPasses) {
  auto r = run(split_brain("n2", "n1"), {"n2"}, {"n1"});
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_DOUBLE_EQ(r.metrics["resume_margin_s"], 4.0);
}

TEST(Fencing, SplitBrainSurvivorFencedFails) {
  auto r = run(split_brain("n1", "n2"), {"n2"}, {"n1"});
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_NE(r.summary.find("survivor n1 was fenced"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("n2 was never fenced"), std::string::npos) << r.summary;
}

// The harness's own kill (cause harness) is a fault, not fencing.
TEST(Fencing, NoFencingExpectedAndNoneHappenedPasses) {
  auto r = run(no_fence_failover(), {}, {});
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_EQ(r.metrics["fence_successes"], 0);
  EXPECT_EQ(r.metrics["hypervisor_actions"], 0);
}

TEST(Fencing, UnexpectedFenceWhenNoneExpectedFails) {
  EXPECT_EQ(run(testgen::failover(), {}, {}).verdict, Verdict::fail);
}

TEST(Fencing, RolesMissingIsUnknown) {
  Gen g;
  g.io(0, 10);
  g.inject(10, "node_kill", "n1", "kill");
  g.roles(11, "n1", "n2");  // recorded after the fault: does not resolve anything
  g.fence(13, "n1", "n2");
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::unknown);
  EXPECT_NE(r.summary.find("active"), std::string::npos) << r.summary;
  // Node names need no roles.
  g.lifecycle(12.8, "n1", "started", "external");
  EXPECT_EQ(run(g, {"n1"}, {"n2"}).verdict, Verdict::pass);
}

// A lab without lifecycle events: the cluster history alone cannot prove the power-off.
TEST(Fencing, NoLifecycleEventsAtAllIsUnknownWhenClusterAgrees) {
  Gen g;
  g.roles(9.9, "n1", "n2");
  g.io(0, 10);
  g.inject(10, "node_kill", "n1", "kill");
  g.fence(13, "n1", "n2");
  g.io(15, 30);
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::unknown);
  EXPECT_EQ(r.metrics["hypervisor_events_recorded"], false);
  EXPECT_NE(r.summary.find("no hypervisor lifecycle events"), std::string::npos) << r.summary;
  // ... but a contradiction in the cluster history is still a failure.
  g.fence(20, "n1", "n2");
  EXPECT_EQ(run(g).verdict, Verdict::fail);
}

// The cluster says it fenced n1, which was running (a link cut, not a kill), and the hypervisor
// did nothing to it: the fence did not happen.
TEST(Fencing, ClusterSuccessWithoutHypervisorActionFails) {
  Gen g;
  g.roles(9.9, "n1", "n2");
  g.io(0, 10);
  g.lifecycle(1, "n1", "started", "harness");
  g.inject(10, "link_cut", "n1", "cut");
  g.fence(13, "n1", "n2");
  g.io(15, 30);
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_NE(r.summary.find("0 external power actions on n1"), std::string::npos) << r.summary;
  EXPECT_EQ(r.metrics["nodes"]["n1"]["hypervisor_already_off"], false);
}

// fence_virsh "off" (stonith-action=off) of a domain the node_kill already destroyed: success
// without any lifecycle event. The hypervisor's record still confirms it: off before the fence.
TEST(Fencing, FenceOfANodeAlreadyOffPassesWithTheKillAsEvidence) {
  Gen g = no_fence_failover();
  g.fence(13, "n1", "n2");
  auto r = run(g);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_EQ(r.metrics["nodes"]["n1"]["hypervisor_already_off"], true);
  EXPECT_EQ(r.metrics["nodes"]["n1"]["hypervisor_actions"], 0);
  // ... but not if something powered it on again before the fence.
  Gen back = no_fence_failover();
  back.lifecycle(12, "n1", "started", "harness");
  back.fence(13, "n1", "n2");
  auto r2 = run(back);
  EXPECT_EQ(r2.verdict, Verdict::fail) << r2.summary;
  EXPECT_NE(r2.summary.find("0 external power actions on n1"), std::string::npos) << r2.summary;
}

TEST(Fencing, FailedAttemptIsReportedButASuccessLaterPasses) {
  Gen g = testgen::failover();
  g.fence(11.5, "n1", "n2", "failed");
  auto r = run(g);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_EQ(r.metrics["fence_failures"], 1);
  EXPECT_EQ(r.metrics["nodes"]["n1"]["cluster_failed"], 1);
}

// Teardown destroys every domain (cause harness): not the state the run left its survivors in.
TEST(Fencing, TeardownPowerOffsAreNotSurvivorsGoingDown) {
  Gen g = testgen::failover();
  g.phase(45, "teardown", "begin");
  g.lifecycle(46, "n2", "destroyed", "harness");
  g.lifecycle(46, "n1", "destroyed", "harness");
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.summary;
  // The same power-off before teardown is a survivor going down.
  Gen early = testgen::failover();
  early.lifecycle(44, "n2", "destroyed", "harness");
  EXPECT_EQ(run(early).verdict, Verdict::fail);
}

TEST(Fencing, SurvivorDownAtTheEndFails) {
  Gen g = testgen::failover();
  g.lifecycle(38, "n2", "crashed", "external");
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_NE(r.summary.find("survivor n2 is not up"), std::string::npos) << r.summary;
}

}  // namespace
}  // namespace harness
