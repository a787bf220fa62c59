// The fencing attempts and their race, through the fencing check. The Pacemaker lines are those
// of the recorded node-kill run (tests/data/histories/node_kill_fence_log.jsonl: "Node n1 state
// is now lost", "Requesting fencing (off) of node n1", "Client ... wants to fence", "Delaying
// 'off' action targeting n1 using fence-n1 for 5s", "Operation 'off' [753] ... returned 0",
// "Operation 'off' targeting n1 by n2 for pacemaker-controld.390@n2: OK (complete)"), written
// for both sides of a split brain; the `fence` events are the state observer's (crm_mon's
// history: completion only) and the lifecycle events the libvirt Lab's (fence_virsh reboot of a
// running domain: destroyed, then started). Times are seconds from the fault at F.
#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "harness/checks/checker.hpp"
#include "harness/checks/fence_race.hpp"
#include "harness/checks/fencing.hpp"
#include "tests/unit/checks/history_gen.hpp"

namespace harness {
namespace {

using testgen::Gen;
using testgen::json;

constexpr double F = 10;  // the split_brain fault

void log(Gen& g, double s, const char* node, const char* unit, const std::string& message) {
  g.obs(F + s, node, "log", {{"unit", unit}, {"message", message}});
}

// One side's lines up to its request; `delay_line_s` < 0: no "Delaying" line (no delay).
void asks(Gen& g, const char* node, const char* peer, double lost_s, double request_s,
          double delay_line_s = -1, int delay_s = 0) {
  log(g, lost_s, node, "pacemaker-controld", fmt::format(" notice: Node {} state is now lost", peer));
  log(g, request_s, node, "pacemaker-controld",
      fmt::format(" notice: Requesting fencing (reboot) of node {}", peer));
  log(g, request_s + 0.02, node, "pacemaker-fenced",
      fmt::format(" notice: Client pacemaker-controld.390 wants to fence (reboot) {} using any device",
                  peer));
  if (delay_line_s >= 0)
    log(g, delay_line_s, node, "pacemaker-fenced",
        fmt::format(" notice: Delaying 'reboot' action targeting {} using fence-{} for {}s", peer,
                    peer, delay_s));
}

// The side that got there: its agent returns, the fencer says OK, crm_mon records it (stamped to
// the second: earlier), and the hypervisor shows the reboot.
void completes(Gen& g, const char* node, const char* peer, double cut_s, double agent_s,
               double result_s) {
  g.lifecycle(F + cut_s, peer, "destroyed", "external");
  g.lifecycle(F + cut_s + 1.5, peer, "started", "external");
  log(g, agent_s, node, "pacemaker-fenced",
      fmt::format(" notice: Operation 'reboot' [753] targeting {} using fence-{} returned 0", peer, peer));
  log(g, result_s, node, "pacemaker-fenced",
      fmt::format(" notice: Operation 'reboot' targeting {} by {} for pacemaker-controld.390@{}: OK "
                  "(complete)",
                  peer, node, node));
  g.fence(F + result_s - 0.7, peer, node);
}

// note/run as the runner writes it, with the scenario's fence tunables.
Gen split_brain_base(double delay_s = 5, const std::string& agent = "fence_virsh") {
  Gen g;
  g.h.add(testgen::at(-2), EventKind::note, "", "run",
          {{"seed", 1}, {"scenario", "split-brain"}, {"run_id", "test-run"},
           {"tunables",
            {{"fence", {{"delay_s", delay_s}, {"delay_node", "n1"}, {"agent", agent}}}}}});
  g.phase(-1, "workload", "begin");
  g.roles(F - 0.1, "n1", "n2");
  g.io(0, F);
  g.inject(F, "split_brain", "n1", "sb");
  return g;
}

// Issue 15's run: both lose each other at +7.0/+7.4 s; n2 asks at +13.5 s and waits its 5 s
// (the fencer's line at +13.6 s); n1 asks at +14.2 s with no delay; n2's fence_virsh cuts n1 at
// +24.0 s and completes at +26.1 s, 7.5 s after the delay; n1's is still running.
Gen protected_node_loses(const std::string& agent = "fence_virsh") {
  Gen g = split_brain_base(5, agent);
  asks(g, "n1", "n2", 7.0, 14.2);
  asks(g, "n2", "n1", 7.4, 13.5, 13.6, 5);
  completes(g, "n2", "n1", 24.0, 25.9, 26.1);
  g.io(F + 30, F + 40);
  g.heal(F + 35, "split_brain", "n1", "sb");
  g.phase(F + 40, "workload", "end");
  return g;
}

CheckResult fencing(const Gen& g) { return FencingChecker({"n2"}, {"n1"}).check(g.h); }

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The check reads the cluster's fencing records and the hypervisor's lifecycle events, never
// the agent: every agent's fencing is judged alike, and the agent is named beside its latency.
TEST(FenceRace, EveryAgentIsJudgedAlikeAndNamedBesideItsLatency) {
  const auto virsh = fencing(protected_node_loses());
  EXPECT_EQ(virsh.metrics["fence_agent"], "fence_virsh");
  for (const char* agent : {"fence_xvm", "external/libvirt", "fence_ipmilan"}) {
    const auto r = fencing(protected_node_loses(agent));
    EXPECT_EQ(r.verdict, virsh.verdict) << agent;
    EXPECT_EQ(r.summary, virsh.summary) << agent;
    EXPECT_EQ(r.metrics["fence_agent"], agent);
    EXPECT_EQ(r.metrics["fence_latency_s"], virsh.metrics["fence_latency_s"]) << agent;
  }
  Gen none;  // a history without note/run: no agent to name
  none.io(0, F);
  EXPECT_TRUE(fencing(none).metrics["fence_agent"].is_null());
}

TEST(FenceRace, TheProtectedNodeLosingIsLaidOutWithEachSidesFigures) {
  const auto r = fencing(protected_node_loses());
  ASSERT_EQ(r.verdict, Verdict::fail) << "the verdict stays the fencing rule's: n1 was fenced";
  EXPECT_TRUE(has(r.summary, "survivor n1 was fenced")) << r.summary;
  EXPECT_TRUE(has(r.summary, ". Fence race lost by the protected node n1: ")) << r.summary;
  EXPECT_TRUE(has(r.summary, "n2 lost n1 at +7.4 s, asked to fence it at +13.5 s, waited 5.0 s and "
                             "completed at +26.1 s, 7.5 s after its delay"))
      << r.summary;
  EXPECT_TRUE(has(r.summary, "n1 lost n2 at +7.0 s, asked to fence it at +14.2 s with no delay and "
                             "was still pending at +26.1 s, 11.9 s after its request"))
      << r.summary;
  EXPECT_TRUE(has(r.summary, "n1's fencing could start 4.4 s before n2's and still lost")) << r.summary;
  EXPECT_TRUE(has(r.summary, "(times from the first fault)")) << r.summary;

  const auto& m = r.metrics;
  EXPECT_DOUBLE_EQ(m["fence_lost_peer_s"]["n1"], 7.0);
  EXPECT_DOUBLE_EQ(m["fence_lost_peer_s"]["n2"], 7.4);
  EXPECT_DOUBLE_EQ(m["fence_request_s"]["n1"], 14.2);
  EXPECT_DOUBLE_EQ(m["fence_request_s"]["n2"], 13.5);
  EXPECT_DOUBLE_EQ(m["fence_delay_s"]["n1"], 0.0);
  EXPECT_DOUBLE_EQ(m["fence_delay_s"]["n2"], 5.0);
  EXPECT_EQ(m["fence_delay_source"]["n1"], "configured");  // no "Delaying" line: the tunables
  EXPECT_EQ(m["fence_delay_source"]["n2"], "logged");
  EXPECT_DOUBLE_EQ(m["fence_done_s"]["n2"], 26.1);  // the fencer's result, not crm_mon's second
  EXPECT_DOUBLE_EQ(m["fence_latency_s"]["n2"], 7.5);  // 13.6 + 5 → 26.1
  EXPECT_EQ(m["fence_result"]["n2"], "success");
  EXPECT_EQ(m["fence_result"]["n1"], "pending");
  EXPECT_TRUE(m["fence_done_s"]["n1"].is_null());
  EXPECT_TRUE(m["fence_latency_s"]["n1"].is_null());
  EXPECT_DOUBLE_EQ(m["fence_pending_at_s"]["n1"], 26.1);
  EXPECT_DOUBLE_EQ(m["fence_pending_s"]["n1"], 11.9);
  EXPECT_EQ(m["fence_attempts"], 2);
  EXPECT_EQ(m["fence_delay_node"], "n1");
  const auto& race = m["fence_race"];
  EXPECT_EQ(race["winner"], "n2");
  EXPECT_EQ(race["loser"], "n1");
  EXPECT_EQ(race["protected_won"], false);
  EXPECT_DOUBLE_EQ(race["head_start_s"], 4.4);
  EXPECT_TRUE(race["margin_s"].is_null()) << "n1's fencing never completed: no exact margin";

  // Both sides' request and the winner's delay, agent exit and result are in the evidence.
  int logs = 0;
  for (const auto& e : r.evidence) logs += e["what"] == "log";
  EXPECT_EQ(logs, 9) << r.evidence.dump(1);  // 2 × (lost, request, fencer's echo) + delay, agent, result
}

// The same race, the way the delay means it to go: n1's fencing lands while n2 still waits.
TEST(FenceRace, TheProtectedNodeWinningPassesAndSaysSo) {
  Gen g = split_brain_base();
  asks(g, "n1", "n2", 7.0, 14.2);
  asks(g, "n2", "n1", 7.4, 13.5, 13.6, 5);
  completes(g, "n1", "n2", 17.0, 18.0, 18.2);
  g.io(F + 19, F + 40);
  g.heal(F + 35, "split_brain", "n1", "sb");
  g.phase(F + 40, "workload", "end");
  const auto r = fencing(g);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_TRUE(has(r.summary, "[\"n2\"] fenced exactly once by the peer")) << r.summary;
  EXPECT_TRUE(has(r.summary, "Fence race won by the protected node n1: n1 lost n2 at +7.0 s, asked "
                             "to fence it at +14.2 s with no delay and completed at +18.2 s, 4.0 s "
                             "after its request; n2 lost n1 at +7.4 s, asked to fence it at +13.5 s, "
                             "waited 5.0 s and was still in its delay at +18.2 s; "
                             "n1's fencing started 4.4 s before n2's"))
      << r.summary;
  EXPECT_EQ(r.metrics["fence_race"]["protected_won"], true);
  EXPECT_DOUBLE_EQ(r.metrics["fence_race"]["head_start_s"], -4.4);
  EXPECT_DOUBLE_EQ(r.metrics["fence_latency_s"]["n1"], 4.0);
  EXPECT_DOUBLE_EQ(r.metrics["fence_pending_s"]["n2"], -0.4) << "still inside its delay";
}

// Both shots land (no delay): mutual fencing, the margin is exact.
TEST(FenceRace, MutualFencingHasAnExactMargin) {
  Gen g = split_brain_base(0);
  asks(g, "n1", "n2", 7.0, 13.6);
  asks(g, "n2", "n1", 7.0, 13.5);
  completes(g, "n2", "n1", 17.0, 18.0, 18.2);
  completes(g, "n1", "n2", 17.2, 19.0, 19.5);
  g.phase(F + 40, "workload", "end");
  const auto r = fencing(g);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.metrics["fence_race"]["winner"], "n2");
  EXPECT_DOUBLE_EQ(r.metrics["fence_race"]["margin_s"], 1.3);
  EXPECT_TRUE(has(r.summary, "Fence race won by n2: ")) << "no node is protected: " << r.summary;
  EXPECT_TRUE(has(r.summary, "both succeeded, n2's 1.3 s before n1's")) << r.summary;
  EXPECT_TRUE(r.metrics["fence_race"]["protected_won"].is_null());
}

// node_kill: only the survivor asks. No race, no race text; its figures are still measured.
TEST(FenceRace, ASingleSidedFenceIsNoRace) {
  Gen g = split_brain_base();
  asks(g, "n1", "n2", 7.0, 9.9);
  completes(g, "n1", "n2", 12.0, 13.0, 13.2);
  g.io(F + 14, F + 40);
  g.phase(F + 40, "workload", "end");
  const auto r = fencing(g);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_FALSE(has(r.summary, "race")) << r.summary;
  EXPECT_TRUE(r.metrics["fence_race"].is_null());
  EXPECT_DOUBLE_EQ(r.metrics["fence_latency_s"]["n1"], 3.3);
  EXPECT_FALSE(r.metrics["fence_request_s"].contains("n2"));
}

// The fencer never answered: the failure says where the fencing stopped.
TEST(FenceRace, AFenceThatNeverCompletedIsPendingAtTheEnd) {
  Gen g = split_brain_base();
  asks(g, "n1", "n2", 7.0, 9.9);
  g.phase(F + 40, "workload", "end");
  g.phase(F + 50, "teardown", "begin");
  g.lifecycle(F + 51, "n1", "destroyed", "harness");
  const auto r = fencing(g);
  ASSERT_EQ(r.verdict, Verdict::fail);
  EXPECT_TRUE(has(r.summary, "n2 was never fenced successfully")) << r.summary;
  EXPECT_FALSE(has(r.summary, "race")) << r.summary;
  EXPECT_TRUE(has(r.summary, ". Fencing that did not succeed: n1 lost n2 at +7.0 s, asked to fence "
                             "it at +9.9 s with no delay and was still pending at +50.0 s, 40.1 s "
                             "after its request"))
      << r.summary;
  EXPECT_EQ(r.metrics["fence_result"]["n1"], "pending");
  EXPECT_DOUBLE_EQ(r.metrics["fence_pending_at_s"]["n1"], 50.0)
      << "pending until the teardown began, not until the teardown's power-off";
}

// A real run: n2 fences the killed n1 with `off`; the lines give the delay and the latency.
TEST(FenceRace, RecordedNodeKillMeasuresTheSurvivorsFencing) {
  const auto h = History::load(std::filesystem::path(TEST_DATA_DIR) / "histories" /
                               "node_kill_fence_log.jsonl");
  const auto r = FencingChecker({"active"}, {"standby"}).check(h);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_FALSE(has(r.summary, "race")) << r.summary;
  const auto& m = r.metrics;
  EXPECT_DOUBLE_EQ(m["fence_lost_peer_s"]["n2"], 6.673);
  EXPECT_DOUBLE_EQ(m["fence_request_s"]["n2"], 9.949);
  EXPECT_DOUBLE_EQ(m["fence_delay_s"]["n2"], 5.0);
  EXPECT_EQ(m["fence_delay_source"]["n2"], "logged");  // recorded before note/run had tunables
  EXPECT_DOUBLE_EQ(m["fence_done_s"]["n2"], 25.558);
  EXPECT_DOUBLE_EQ(m["fence_latency_s"]["n2"], 10.338);  // 10.220 + 5 → 25.558
  EXPECT_EQ(m["fence_delay_node"], "n1");  // the target of the logged delay
  EXPECT_EQ(m["fence_attempts"], 1) << "crm_mon's record is the same fencing";
}

}  // namespace
}  // namespace harness
