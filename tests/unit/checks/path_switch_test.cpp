// Path switch checker on generated histories (history_gen.hpp): each test bends the node-kill
// story one way and asserts the figures a storage engineer would read.
#include <gtest/gtest.h>

#include <functional>

#include "harness/checks/path_switch.hpp"
#include "tests/unit/checks/history_gen.hpp"

namespace harness {
namespace {

using testgen::at;
using testgen::Failover;
using testgen::Gen;
using nlohmann::json;

CheckResult run(const Gen& g, double max_s = 30) { return PathSwitchChecker(max_s).check(g.h); }

bool evidence_has(const CheckResult& r, const char* kind, const char* what) {
  for (const auto& e : r.evidence)
    if (e.value("kind", "") == kind && e.value("what", "") == what) return true;
  return false;
}

// n1 killed at 10 s, I/O back through n2 at 15 s: every figure of the clean story.
TEST(PathSwitch, CleanFailoverPassesWithEveryFigure) {
  auto r = run(testgen::failover());
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  const auto& m = r.metrics;
  // Last success before the fault at 9.990 s, first after it at 15.000 s.
  EXPECT_DOUBLE_EQ(m["longest_stall_s"], 5.01);
  EXPECT_DOUBLE_EQ(m["stall_start_s"], -0.01);
  EXPECT_DOUBLE_EQ(m["stall_end_s"], 5.0);
  EXPECT_DOUBLE_EQ(m["time_to_first_io_s"], 5.0);
  EXPECT_EQ(m["resumed"], true);
  // 20 queued I/Os of 5 s among 1,520 in [10 s, 30 s]: the 99th percentile is one of them
  // (a mean would say 0.07 s, a median 0.002 s).
  EXPECT_EQ(m["io_in_window"], 1520);
  EXPECT_DOUBLE_EQ(m["p99_latency_s"], 5.0);
  EXPECT_EQ(m["group_before"], "n1");
  EXPECT_EQ(m["group_after"], "n2");
  EXPECT_EQ(m["group_lost"], "n1");
  EXPECT_DOUBLE_EQ(m["paths_lost_s"], 1.5);
  EXPECT_DOUBLE_EQ(m["multipath_switch_s"], 3.5);  // paths lost 11.5 s → I/O at 15 s
  // The anatomy's releasing step: the fence record; DRBD's free-form sample at 4.8 s says
  // nothing any vocabulary reads.
  EXPECT_EQ(m["released_by_step"], "fencing");
  EXPECT_EQ(m["released_by"], "cluster fence_done n1 (n1, fence_history)");
  EXPECT_DOUBLE_EQ(m["released_by_s"], 3.0);
  EXPECT_EQ(m["alua_survivor_optimized"], true);
  EXPECT_EQ(m["alua_after"]["n2"], "active/optimized");
  EXPECT_EQ(m["worst_step"], "kill");
  EXPECT_DOUBLE_EQ(m["at_s"], 11.0);  // from the workload's begin at -1 s
  EXPECT_TRUE(evidence_has(r, "inject", "node_kill"));
  EXPECT_TRUE(evidence_has(r, "fence", "reboot"));  // the releasing event
  EXPECT_LE(r.evidence.size(), 20u);
  EXPECT_NE(r.summary.find("5.010"), std::string::npos) << r.summary;
}

// An I/O in flight when n1 died completes 4 ms after the fault, then nothing for 5 s: I/O came
// back when the stall ended, not with that straggler.
TEST(PathSwitch, TimeToFirstIoIsWhenTheStallEndedNotAStraggler) {
  Gen g = testgen::failover();
  g.one_io(at(10.004), 2);
  auto r = run(g);
  EXPECT_DOUBLE_EQ(r.metrics["stall_end_s"], 5.0);
  EXPECT_DOUBLE_EQ(r.metrics["time_to_first_io_s"], 5.0);
  EXPECT_NE(r.summary.find("first I/O 5.000 s after the fault"), std::string::npos) << r.summary;
}

// No stall worth the name (a ring loss): the longest gap, 0.4 s long and 12 s after the fault,
// is the lab's jitter; I/O never stopped, so the first I/O came 0.01 s after the fault.
TEST(PathSwitch, TimeToFirstIoWithoutAStallIsTheFirstCompletion) {
  Gen g;
  g.phase(-1, "workload", "begin");
  g.io(0, 22);
  g.io(22.4, 40);
  g.inject(10, "ring_loss", "n1", "ring");
  g.heal(30, "ring_loss", "n1", "ring");
  g.phase(40, "workload", "end");
  auto r = run(g);
  EXPECT_NEAR(r.metrics["longest_stall_s"].get<double>(), 0.41, 0.011);
  EXPECT_NEAR(r.metrics["time_to_first_io_s"].get<double>(), 0.0, 0.011);
}

// The snapshot at 11.5 s says n1's group is gone; the journal says when: the kernel failed
// sda at 10.3 s and multipathd's checker sdb at 10.6 s, the group's loss.
TEST(PathSwitch, PathsLostWhenTheJournalSaysTheGroupsLastPathWent) {
  auto g = testgen::failover();
  auto log = [&](double s, const char* unit, const char* message) {
    g.obs(s, "initiator", "log", {{"unit", unit}, {"message", message}});
  };
  log(10.2, "kernel", "device-mapper: multipath: 253:0: Failing path 8:32.");  // n2's sdc
  log(10.3, "kernel", "device-mapper: multipath: 253:0: Failing path 8:0.");
  log(10.4, "multipathd", "sda: mark as failed");
  log(10.6, "multipathd", "checker failed path 8:16 in map 36001405cd5c6f7b0f2449193cc02f2d1");
  auto r = run(g);
  const auto& m = r.metrics;
  EXPECT_DOUBLE_EQ(m["paths_lost_s"], 0.6);
  EXPECT_EQ(m["paths_lost_from"], "journal");
  EXPECT_DOUBLE_EQ(m["multipath_switch_s"], 4.4);
  EXPECT_TRUE(evidence_has(r, "observation", "log"));
  EXPECT_TRUE(evidence_has(r, "observation", "multipath"));
}

// Without a line for every path of the group, the snapshot's time stands.
TEST(PathSwitch, PathsLostAtTheSnapshotWhenAPathHasNoLine) {
  auto g = testgen::failover();
  g.obs(10.3, "initiator", "log", {{"unit", "multipathd"}, {"message", "sda: mark as failed"}});
  auto r = run(g);
  EXPECT_DOUBLE_EQ(r.metrics["paths_lost_s"], 1.5);
  EXPECT_EQ(r.metrics["paths_lost_from"], "snapshot");
  EXPECT_DOUBLE_EQ(r.metrics["multipath_switch_s"], 3.5);
}

// As the runner records it: its "workload" phase ends once the load has started, and the end
// of the load is known from fio's summary (exit 0 after its runtime). The quiet after the last
// completion is then not a stall; without the summary it is (fio may have hung).
TEST(PathSwitch, TheEndOfTheLoadComesFromFiosSummaryNotTheWorkloadPhase) {
  auto build = [](bool summary) {
    Gen g;
    g.phase(-1, "workload", "begin");
    g.phase(-0.5, "workload", "end");
    g.roles(9.9, "n1", "n2");
    g.io(0, 10);
    g.inject(10, "node_kill", "n1", "kill");
    g.io(15, 40);
    if (summary) g.verify(45, "initiator", "io_summary", {{"ios", 3000}, {"io_errors", 0}, {"fio_exit", 0}});
    g.heal(50, "node_kill", "n1", "kill");
    g.lifecycle(60, "n2", "started", "harness");  // the history goes on well past the load
    return g;
  };
  auto r = run(build(true), 10);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_NEAR(r.metrics["longest_stall_s"].get<double>(), 5.0, 0.02);
  EXPECT_EQ(run(build(false), 10).verdict, Verdict::fail);
}

TEST(PathSwitch, StallOverThresholdFails) {
  Failover f;
  f.stall_s = 12;
  auto r = run(testgen::failover(f), 10);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_DOUBLE_EQ(r.metrics["longest_stall_s"], 12.01);
  EXPECT_NE(r.summary.find("over the 10.000 s limit"), std::string::npos) << r.summary;
}

TEST(PathSwitch, StallJustUnderThresholdPasses) {
  Failover f;
  f.stall_s = 9.98;  // stall 9.990 s, limit 10 s
  EXPECT_EQ(run(testgen::failover(f), 10).verdict, Verdict::pass);
}

// The fault lands before any I/O succeeded: the stall starts at the fault instant, not at the
// beginning of the history, and is not mistaken for "never resumed".
TEST(PathSwitch, FaultAtVeryStartMeasuresFromTheFault) {
  Gen g;
  g.roles(-20, "n1", "n2");
  g.phase(-20, "workload", "begin");
  g.inject(0, "link_cut", "n1", "cut");
  g.io(3, 20);
  g.heal(10, "link_cut", "n1", "cut");
  auto r = run(g);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_DOUBLE_EQ(r.metrics["stall_start_s"], 0.0);
  EXPECT_DOUBLE_EQ(r.metrics["longest_stall_s"], 3.0);
  EXPECT_DOUBLE_EQ(r.metrics["time_to_first_io_s"], 3.0);
}

TEST(PathSwitch, NoIoAtAllIsUnknown) {
  Gen g;
  g.inject(10, "node_kill", "n1", "kill");
  g.heal(20, "node_kill", "n1", "kill");
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::unknown);
  EXPECT_NE(r.summary.find("no I/O"), std::string::npos);
}

TEST(PathSwitch, NoFaultIsUnknown) {
  Gen g;
  g.io(0, 10);
  EXPECT_EQ(run(g).verdict, Verdict::unknown);
}

// I/O stops at the fault and never comes back; observers keep recording until 50 s.
TEST(PathSwitch, IoNeverResumingFailsWithStallToTheEnd) {
  Gen g;
  g.io(0, 10);
  g.inject(10, "link_cut", "n1", "cut");
  g.multipath(12, "n1");
  g.obs(50, "n2", "crm", {{"dc", "n2"}});
  auto r = run(g, 1000);  // no threshold saves a stall that never ended
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.metrics["resumed"], false);
  EXPECT_DOUBLE_EQ(r.metrics["longest_stall_s"], 40.01);
  EXPECT_TRUE(r.metrics["time_to_first_io_s"].is_null());
  EXPECT_TRUE(r.metrics["released_by"].is_null());
  EXPECT_NE(r.summary.find("did not resume"), std::string::npos) << r.summary;
}

// Same, but the runner gave up on the workload at 45 s: the stall is cut there.
TEST(PathSwitch, NeverResumingStallEndsAtAFailedWorkload) {
  Gen g;
  g.io(0, 10);
  g.inject(10, "link_cut", "n1", "cut");
  g.phase(45, "workload", "failed");
  g.obs(50, "n2", "crm", {{"dc", "n2"}});
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_DOUBLE_EQ(r.metrics["longest_stall_s"], 35.01);
}

// I/O comes back, then dies for good while the fault is still in effect.
TEST(PathSwitch, IoResumingThenDyingInTheWindowFails) {
  Gen g;
  g.io(0, 10);
  g.inject(10, "link_cut", "n1", "cut");
  g.io(11, 12);
  g.obs(60, "n2", "crm", {{"dc", "n2"}});
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.metrics["resumed"], false);
  EXPECT_NEAR(r.metrics["longest_stall_s"].get<double>(), 48.01, 1e-9);
}

// The quiet tail after a workload that ended normally is not a stall.
TEST(PathSwitch, WorkloadEndingNormallyIsNotAStall) {
  Gen g;
  g.io(0, 10);
  g.inject(10, "link_cut", "n1", "cut");
  g.io(11, 20);
  g.phase(20, "workload", "end");
  g.heal(40, "link_cut", "n1", "cut");
  g.obs(90, "n2", "crm", {{"dc", "n2"}});
  auto r = run(g);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_DOUBLE_EQ(r.metrics["longest_stall_s"], 1.01);
}

// Two faults: each is measured in its own window and the verdict is on the worst one.
TEST(PathSwitch, MultipleFaultsJudgedOnTheWorst) {
  Gen g;
  g.io(0, 10);
  g.inject(10, "link_cut", "n1", "cut1");
  g.io(12, 30);
  g.heal(20, "link_cut", "n1", "cut1");
  g.inject(30, "ring_loss", "n2", "ring");
  g.io(38, 50);
  g.heal(45, "ring_loss", "n2", "ring");
  auto r = run(g, 5);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.metrics["worst_step"], "ring");
  ASSERT_EQ(r.metrics["faults"].size(), 2u);
  EXPECT_DOUBLE_EQ(r.metrics["faults"][0]["longest_stall_s"], 2.01);
  EXPECT_DOUBLE_EQ(r.metrics["faults"][1]["longest_stall_s"], 8.01);
  EXPECT_EQ(r.metrics["faults"][0]["failures"].size(), 0u);
  EXPECT_EQ(r.metrics["faults"][1]["failures"].size(), 1u);
  EXPECT_DOUBLE_EQ(r.metrics["longest_stall_s"], 8.01);
  // With a limit between the two, only the second fails.
  EXPECT_EQ(run(g, 9).verdict, Verdict::pass);
}

// A long quiet period before the fault (workload warming up) is outside every fault window.
TEST(PathSwitch, StallOutsideTheFaultWindowIsIgnored) {
  Gen g;
  g.io(0, 2);
  g.io(40, 60);  // 38 s without I/O long before the fault
  g.inject(50, "link_cut", "n1", "cut");
  g.io(51, 52, 10, 2, 5);  // errors only
  g.heal(55, "link_cut", "n1", "cut");
  auto r = run(g, 5);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_LT(r.metrics["longest_stall_s"].get<double>(), 0.1);
}

// Errored I/Os during the stall prove I/O was tried, not that it resumed.
TEST(PathSwitch, ErrorsDuringTheStallDoNotEndIt) {
  Failover f;
  Gen g = testgen::failover(f);
  g.io(10.2, 14.9, 100, 3000, 5);  // EIO every 100 ms during the stall
  auto r = run(g);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_DOUBLE_EQ(r.metrics["longest_stall_s"], 5.01);
  EXPECT_DOUBLE_EQ(r.metrics["time_to_first_io_s"], 5.0);
  EXPECT_EQ(r.metrics["io_errors_in_window"], 47);
  bool errored_io_in_evidence = false;
  for (const auto& e : r.evidence)
    if (e.value("kind", "") == "io" && e["data"].value("error", 0) == 5) errored_io_in_evidence = true;
  EXPECT_TRUE(errored_io_in_evidence);
  EXPECT_EQ(run(g, 5).verdict, Verdict::fail);
}

// The releasing event is a layer event (the anatomy's releasing step): not a repeated identical
// snapshot, not the path_io sample, not a free-form observation, not a line that only reports
// on the guest, not what came after the resumption.
TEST(PathSwitch, ReleasingEventIsALayerEventNeverNoise) {
  Failover f;
  Gen g = testgen::failover(f);  // the fence record at +3 s is the last layer event
  g.obs(14.9, "n2", "drbd", {{"peer", "Unknown"}, {"role", "Primary"}, {"sample_ns", 7}});
  g.path_io(14.95, "n2");
  g.obs(14.97, "n2", "crm", {{"promoted", "n2"}});
  auto r = run(g);
  EXPECT_EQ(r.metrics["released_by_step"], "fencing");
  EXPECT_DOUBLE_EQ(r.metrics["released_by_s"], 3.0);

  // multipathd reinstating a path of the survivor's group is the initiator's switch.
  g.obs(14.98, "initiator", "log", {{"unit", "multipathd"}, {"message", "sdc: reinstated"}});
  r = run(g);
  EXPECT_EQ(r.metrics["released_by_step"], "initiator_switch");
  EXPECT_EQ(r.metrics["released_by"], "initiator path_reinstated sdc (initiator, journal)");
  EXPECT_EQ(r.metrics["released_by_detail"], "multipathd: sdc: reinstated");
  EXPECT_DOUBLE_EQ(r.metrics["released_by_s"], 4.98);

  // Lines that only report on the guest came later, and are not what released the I/O (both
  // were named so under TCG: link-cut-active-san0 and split-brain).
  g.obs(14.985, "n1", "log", {{"unit", "pacemaker-controld"},
                              {"message", "notice: High CPU load detected: 1.620000"}});
  g.obs(14.99, "n1", "log", {{"unit", "kernel"},
                             {"message", "Modules linked in: sctp ip6_udp_tunnel udp_tunnel target_core_"}});
  r = run(g);
  EXPECT_EQ(r.metrics["released_by_detail"], "multipathd: sdc: reinstated");
}

TEST(PathSwitch, AluaSurvivorNotOptimizedFails) {
  Failover f;
  f.alua_survivor = "active/non-optimized";
  auto r = run(testgen::failover(f));
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.metrics["alua_survivor_optimized"], false);
  EXPECT_NE(r.summary.find("n2=active/non-optimized"), std::string::npos) << r.summary;
  EXPECT_TRUE(evidence_has(r, "observation", "alua"));
}

// n1 (ALUA active, carrying I/O) killed at 10 s, I/O back at 15 s, healed at 25 s; `during`
// adds what the observers saw in between.
Gen kill_of_n1(const std::function<void(Gen&)>& during) {
  Gen g;
  g.io(0, 10);
  g.obs(5, "initiator", "alua", {{"groups", {{"n1", "active/optimized"}, {"n2", "active/non-optimized"}}}});
  g.obs(5, "initiator", "path_io", {{"group", "n1"}});
  g.inject(10, "node_kill", "n1", "kill");
  during(g);
  g.io(15, 30);
  g.heal(25, "node_kill", "n1", "kill");
  return g;
}

// Observers report changes: the survivor's group became optimized during the stall and nothing
// changed after I/O resumed, so the state after the stall is the last one observed before its
// end. Likewise the path group, switched before the first I/O completed.
TEST(PathSwitch, StateAfterTheStallMayHaveBeenObservedBeforeItsEnd) {
  auto r = run(kill_of_n1([](Gen& g) {
    g.obs(14.5, "initiator", "alua", {{"groups", {{"n1", "unavailable"}, {"n2", "active/optimized"}}}});
    g.obs(14.6, "initiator", "path_io", {{"group", "n2"}});
  }));
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_EQ(r.metrics["group_after"], "n2");
  EXPECT_EQ(r.metrics["alua_after"]["n2"], "active/optimized");
  EXPECT_EQ(r.metrics["alua_survivor_optimized"], true);

  // The same story where the survivor's group was still non-optimized during the stall and
  // never changed after: caught, not null.
  r = run(kill_of_n1([](Gen& g) {
    g.obs(12, "initiator", "alua", {{"groups", {{"n1", "unavailable"}, {"n2", "active/non-optimized"}}}});
  }));
  EXPECT_EQ(r.verdict, Verdict::fail) << r.summary;
  EXPECT_EQ(r.metrics["alua_survivor_optimized"], false);
}

// The node counts as lost because its fault said so (data.node_lost, from the kind's
// declaration), whatever the fault's name: with the survivor still non-optimized after the
// stall, a flagged inject fails the ALUA rule and the same inject without the flag leaves it
// undecided (nothing else says n1 went away: no lifecycle event here).
TEST(PathSwitch, TheLostNodeIsTheOneItsFaultDeclaredLost) {
  const auto story = [](const char* what, bool lost) {
    Gen g;
    g.io(0, 10);
    g.obs(5, "initiator", "alua", {{"groups", {{"n1", "active/optimized"}, {"n2", "active/non-optimized"}}}});
    json data = {{"step", "x"}, {"target", "n1"}};
    if (lost) data[kInjectNodeLost] = true;
    g.h.add(at(10), EventKind::inject, "n1", what, data);
    g.obs(12, "initiator", "alua", {{"groups", {{"n1", "unavailable"}, {"n2", "active/non-optimized"}}}});
    g.io(15, 30);
    return g;
  };
  auto r = run(story("power_cut", true));
  EXPECT_EQ(r.verdict, Verdict::fail) << r.summary;
  EXPECT_EQ(r.metrics["alua_survivor_optimized"], false);
  r = run(story("node_kill", false));
  EXPECT_TRUE(r.metrics["alua_survivor_optimized"].is_null()) << r.metrics.dump();
}

// Nothing observed between the fault and the end of the stall: the state before the fault is
// not the state after the failover (a run had I/O "after" on the dead node's group that way).
TEST(PathSwitch, AStateSeenOnlyBeforeTheFaultIsNotTheStateAfterIt) {
  auto r = run(kill_of_n1([](Gen&) {}));
  EXPECT_EQ(r.metrics["group_before"], "n1");
  EXPECT_TRUE(r.metrics["group_after"].is_null()) << r.metrics.dump();
  EXPECT_TRUE(r.metrics["alua_after"].is_null()) << r.metrics.dump();
  EXPECT_TRUE(r.metrics["alua_survivor_optimized"].is_null());
}

// The snapshot showing the failed group's paths lost came after I/O had already resumed through
// the other group: no switch time can be read from it (it was 0.01 s, meaningless).
TEST(PathSwitch, PathsSeenLostOnlyAfterResumptionGiveNoSwitchTime) {
  Gen g;
  g.io(0, 10);
  g.obs(5, "initiator", "path_io", {{"group", "n1"}});
  g.inject(10, "link_cut", "n1", "cut");
  g.io(19.4, 40);
  g.obs(19.5, "initiator", "path_io", {{"group", "n2"}});
  g.obs(23.4, "initiator", "multipath",
        {{"paths", {{{"group", "n1"}, {"state", "failed"}}, {{"group", "n2"}, {"state", "active"}}}}});
  g.heal(40, "link_cut", "n1", "cut");
  auto r = run(g);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_DOUBLE_EQ(r.metrics["paths_lost_s"], 13.4);
  EXPECT_TRUE(r.metrics["multipath_switch_s"].is_null()) << r.metrics.dump();
  EXPECT_EQ(r.metrics["group_after"], "n2");
}

// Without ALUA, multipath or path_io observations the extras are null and do not decide.
TEST(PathSwitch, ExtrasAreNullWithoutObservations) {
  Gen g;
  g.io(0, 10);
  g.inject(10, "node_kill", "n1", "kill");
  g.io(14, 30);
  g.heal(20, "node_kill", "n1", "kill");
  auto r = run(g);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  for (const char* k : {"multipath_switch_s", "group_before", "group_after", "alua_after",
                        "alua_survivor_optimized", "released_by"})
    EXPECT_TRUE(r.metrics[k].is_null()) << k;
}

// The heal bounds the window: a stall starting after the heal belongs to no fault.
TEST(PathSwitch, StallAfterTheHealIsNotCounted) {
  Gen g;
  g.io(0, 10);
  g.inject(10, "link_cut", "n1", "cut");
  g.io(11, 20);
  g.heal(15, "link_cut", "n1", "cut");
  g.io(40, 50);  // 20 s gap starting at 20 s, after the heal at 15 s
  auto r = run(g, 5);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_DOUBLE_EQ(r.metrics["longest_stall_s"], 1.01);
  EXPECT_EQ(r.metrics["healed"], true);
}

}  // namespace
}  // namespace harness

namespace harness {
namespace {

// The ledger beside fio: its late-write episodes on the host clock. The one overlapping the
// stall gives when service stopped (the first held write's submission) and how many were held.
TEST(PathSwitch, TheLedgersOpenLoopViewOfTheStall) {
  Gen g = testgen::failover();  // n1 killed at 10 s, I/O back at 15 s
  g.h.add(testgen::at(40), EventKind::verify, "initiator", "ledger_log",
          {{"late_episodes",
            json::array({{{"first_write", 100}, {"first_submit_ns", testgen::at(2)},
                          {"last_complete_ns", testgen::at(3.2)}, {"writes", 3}},
                         {{"first_write", 1990}, {"first_submit_ns", testgen::at(9.995)},
                          {"last_complete_ns", testgen::at(15.001)}, {"writes", 32}}})}});
  auto r = run(g);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_DOUBLE_EQ(r.metrics["ledger_first_held_submit_s"], -0.005);  // from the fault at 10 s
  EXPECT_EQ(r.metrics["ledger_held_writes"], 32);
  EXPECT_DOUBLE_EQ(r.metrics["ledger_stall_s"], 5.006);
  EXPECT_NE(r.summary.find("32 writes held from +-0.005 s, 5.006 s"), std::string::npos) << r.summary;
}

TEST(PathSwitch, NoLedgerNoLedgerFigures) {
  auto r = run(testgen::failover());
  EXPECT_FALSE(r.metrics.contains("ledger_first_held_submit_s"));
}

}  // namespace
}  // namespace harness
