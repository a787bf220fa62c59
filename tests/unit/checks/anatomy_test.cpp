// The failover anatomy on generated histories (history_gen.hpp): one story per fault kind, each
// asserting which steps a storage engineer would see, which are absent, what released I/O, and
// that the steps add up to the stall within the stated error.
#include <gtest/gtest.h>

#include <cmath>

#include "harness/checks/anatomy.hpp"
#include "harness/checks/path_switch.hpp"
#include "tests/unit/checks/history_gen.hpp"

namespace harness {
namespace {

using checks::Step;
using nlohmann::json;
using testgen::at;
using testgen::Gen;

void log(Gen& g, double s, const char* node, const char* unit, const char* message) {
  g.obs(s, node, "log", {{"unit", unit}, {"message", message}});
}
void clock_notes(Gen& g, const char* node, std::int64_t bound_ns, std::int64_t drift_ns) {
  g.h.add(at(-5), EventKind::note, node, "clock",
          {{"offset_ns", -1'000'000}, {"bound_ns", bound_ns}, {"when", "start"}});
  g.h.add(at(90), EventKind::note, node, "clock",
          {{"offset_ns", -1'000'000 + drift_ns}, {"bound_ns", bound_ns}, {"when", "end"}});
}
void qemu(Gen& g, double s, const char* node, const char* what) {
  g.h.add(at(s), EventKind::lifecycle, node, what, {{"cause", "harness"}, {"stamp", "qemu"}});
}

struct Built {
  json anatomy;     // metrics.faults[0].anatomy of the path-switch check
  json metrics;     // the check's metrics
  std::string summary;
};

Built check(const Gen& g) {
  auto r = PathSwitchChecker(60).check(g.h);
  return {r.metrics["faults"][0]["anatomy"], r.metrics, r.summary};
}

std::vector<std::string> steps_of(const json& a) {
  std::vector<std::string> out;
  for (const auto& s : a["steps"]) out.push_back(s["step"]);
  return out;
}

// The steps chain: each starts where the one before ended, the first at the fault, so their
// durations add up to the span; and the span is the stall within the stated error plus the
// I/O spacing before the fault (the stall starts at the last completion before it).
void expect_adds_up(const json& a, double spacing_s) {
  double sum = 0, prev_end = a["fault_at_s"];
  for (const auto& s : a["steps"]) {
    EXPECT_NEAR(s["start_s"].get<double>(), prev_end, 1e-9) << s;
    sum += s["duration_s"].get<double>();
    prev_end = s["end_s"];
  }
  EXPECT_NEAR(sum, a["span_s"].get<double>(), 0.0015);
  EXPECT_LE(std::abs(a["stall_s"].get<double>() - a["span_s"].get<double>()),
            a["error_s"].get<double>() + spacing_s + 1e-9)
      << a.dump();
}

// The node-kill of the active node with fencing, as the catalogue's tunables play it: n2's
// knet link to n1 goes down, the token is lost and the membership formed without n1, Pacemaker
// asks for the fencing and waits its delay, fence_virsh completes, DRBD resumes I/O, the ALUA
// agent is promoted, the initiator's SCSI layer sees the new ALUA state, the I/O completes.
Gen node_kill(double heal_s = 30) {
  Gen g;
  g.phase(-1, "workload", "begin");
  clock_notes(g, "n2", 1'000'000, 2'000'000);        // 3 ms mapping error
  clock_notes(g, "initiator", 500'000, 0);
  g.multipath(1, "");
  g.alua(2, "initiator", "active/optimized", "active/non-optimized");
  g.roles(9.9, "n1", "n2");
  g.io(0, 10);
  g.inject(10, "node_kill", "n1", "kill");
  g.h.add(at(10.05), EventKind::lifecycle, "n1", "destroyed",
          {{"cause", "harness"}, {"stamp", "arrival"}, {"call_start_ns", at(10)}});
  log(g, 11.0, "n2", "corosync", "  [KNET  ] link: host: 1 link: 0 is down");
  log(g, 12.0, "initiator", "kernel", " connection1:0: detected conn error (1020)");
  log(g, 13.3, "n2", "corosync", "  [TOTEM ] A processor failed, forming new configuration: token timed out (3000ms), waiting 3600ms for consensus.");
  log(g, 16.6, "n2", "pacemaker-controld", " notice: Node n1 state is now lost");
  log(g, 16.9, "n2", "pacemaker-controld", " notice: Requesting fencing (off) of node n1");
  log(g, 17.0, "n2", "pacemaker-fenced", " notice: Delaying 'off' action targeting n1 using fence-n1 for 5s");
  log(g, 22.0, "n2", "pacemaker-fenced",
      " notice: Operation 'off' targeting n1 by n2 for pacemaker-controld.390@n2: OK (complete)");
  log(g, 22.3, "n2", "kernel", "drbd r0: susp( 1 -> 0 ) ");
  log(g, 22.5, "n2", "pacemaker-controld", " notice: Initiating promote operation alua_promote_0 locally on n2");
  log(g, 23.0, "n2", "pacemaker-controld", " notice: Result of promote operation for alua on n2: ok");
  log(g, 23.5, "initiator", "kernel", "sd 3:0:0:0: alua: port group 02 state A non-preferred supports TOlUSNA");
  // Noise right before the I/O: the throttle's CPU line, a kernel dump line, a free-form
  // observation change. None of them is a layer event.
  log(g, 23.55, "n2", "pacemaker-controld", " notice: High CPU load detected: 1.620000");
  log(g, 23.56, "n2", "kernel", "Modules linked in: sctp ip6_udp_tunnel udp_tunnel target_core_");
  g.obs(23.57, "n2", "crm", {{"promoted", "n2"}});
  // The I/O in flight since 9.995 s completes first, then the rest.
  g.one_io(at(23.6), 13'605);
  g.io(23.61, 40);
  g.alua(25, "initiator", nullptr, "active/optimized");
  g.heal(heal_s, "node_kill", "n1", "kill");
  qemu(g, heal_s + 0.05, "n1", "resumed");
  g.phase(40, "workload", "end");
  return g;
}

TEST(Anatomy, NodeKillOfTheActiveNodeHasEveryStepInOrder) {
  const Built b = check(node_kill());
  const json& a = b.anatomy;
  EXPECT_EQ(steps_of(a), (std::vector<std::string>{"detection", "membership", "decision",
                                                   "fencing", "data_release", "target_switch",
                                                   "initiator_switch", "first_io"}));
  const auto& d = a["durations"];
  EXPECT_DOUBLE_EQ(d["detection"], 1.0);       // 10 -> knet link down at 11
  EXPECT_DOUBLE_EQ(d["membership"], 5.6);      // -> node lost at 16.6
  EXPECT_DOUBLE_EQ(d["decision"], 0.3);        // -> fencing requested at 16.9
  EXPECT_DOUBLE_EQ(d["fencing"], 5.1);         // -> fencing OK at 22.0 (the 5 s delay inside)
  EXPECT_DOUBLE_EQ(d["data_release"], 0.3);    // -> DRBD resumed I/O at 22.3
  EXPECT_DOUBLE_EQ(d["target_switch"], 0.7);   // -> promote of alua on n2 done at 23.0
  EXPECT_DOUBLE_EQ(d["initiator_switch"], 0.5);
  EXPECT_DOUBLE_EQ(d["first_io"], 0.1);
  EXPECT_EQ(a["steps"][3]["layer"], "cluster");
  EXPECT_EQ(a["steps"][4]["layer"], "drbd");
  EXPECT_EQ(a["steps"][6]["layer"], "initiator");
  expect_adds_up(a, 0.01);
  // The journal's bounds on n2: 1 ms for journald, 1 ms estimate + 2 ms drift either way.
  // Both ends of data_release are n2's lines: each 8 ms wide.
  EXPECT_DOUBLE_EQ(a["steps"][4]["error_s"], 0.016);
}

// The killed node restarted by the harness after the survivor had fenced it but before I/O came
// back (as on Debian 13, where DRBD's fence-peer handler returned late): the restart released
// nothing, the failover did, so the path is the failover's and the restart is off it.
TEST(Anatomy, RestartAfterTheClusterActedIsNotTheRelease) {
  const Built b = check(node_kill(22.1));
  const json& a = b.anatomy;
  EXPECT_EQ(steps_of(a), (std::vector<std::string>{"detection", "membership", "decision",
                                                   "fencing", "data_release", "target_switch",
                                                   "initiator_switch", "first_io"}));
  EXPECT_EQ(a["released_by_step"], "initiator_switch");
  bool noted = false;
  for (const auto& n : a["notes"]) noted |= n.get<std::string>().find("after the cluster") != std::string::npos;
  EXPECT_TRUE(noted) << a["notes"];
  expect_adds_up(a, 0.01);
}

// crm_mon's fence history stamps the fencing to the second, the fencer's journal line to the
// microsecond: when both tell the same fencing, the fencing step ends at the line.
TEST(Anatomy, TheFencersLineIsPreferredToTheFenceHistorysSecond) {
  Gen g = node_kill();
  g.fence(21.5, "n1", "n2", "success", "off");
  const json a = check(g).anatomy;
  ASSERT_EQ(a["steps"][3]["step"], "fencing");
  EXPECT_DOUBLE_EQ(a["durations"]["fencing"], 5.1);
  EXPECT_EQ(a["steps"][3]["source"], "journal");
  EXPECT_LT(a["steps"][3]["error_s"].get<double>(), 0.1);
}

TEST(Anatomy, NoisyLineRightBeforeTheResumeIsNeverTheRelease) {
  const Built b = check(node_kill());
  EXPECT_EQ(b.anatomy["released_by_step"], "initiator_switch");
  EXPECT_EQ(b.metrics["released_by_step"], "initiator_switch");
  EXPECT_DOUBLE_EQ(b.metrics["released_by_s"], 13.5);
  const std::string by = b.metrics["released_by"], detail = b.metrics["released_by_detail"];
  EXPECT_NE(by.find("alua_change_seen"), std::string::npos) << by;
  EXPECT_EQ(detail.find("CPU load"), std::string::npos) << detail;
  EXPECT_EQ(detail.find("Modules linked"), std::string::npos) << detail;
  EXPECT_NE(b.summary.find("initiator_switch"), std::string::npos) << b.summary;
}

TEST(Anatomy, OpenLoopStartsAtTheSubmissionOfTheFirstHeldIo) {
  const Built b = check(node_kill());
  const auto& o = b.anatomy["open_loop"];
  // Completed at 23.6 s after 13.605 s: submitted at 9.995 s, 5 ms before the fault, while the
  // completion gap starts at the last completion (9.99 s).
  EXPECT_DOUBLE_EQ(o["first_held_submit_s"], -0.005);
  EXPECT_DOUBLE_EQ(o["open_loop_stall_s"], 13.605);
  EXPECT_EQ(o["held_ios"], 1);
}

// A link cut of n1's SAN link: no node is lost, nobody fences. The initiator's connection
// errors out, the replacement timeout fails the queued I/O back to dm-multipath, which sends it
// down n2's paths.
TEST(Anatomy, LinkCutHasNoFencingStep) {
  Gen g;
  g.phase(-1, "workload", "begin");
  g.io(0, 10);
  g.inject(10, "link_cut", "n1", "cut");
  log(g, 11.5, "n2", "kernel", "drbd r0: PingAck did not arrive in time.");
  log(g, 14.0, "initiator", "kernel", " connection2:0: detected conn error (1022)");
  log(g, 19.1, "initiator", "kernel", "sd 3:0:0:0: rejecting I/O to offline device");
  log(g, 19.2, "initiator", "kernel", "device-mapper: multipath: 253:0: Failing path 8:0.");
  g.io(19.12, 40);
  g.heal(40, "link_cut", "n1", "cut");
  g.phase(45, "workload", "end");
  const Built b = check(g);
  const json& a = b.anatomy;
  EXPECT_EQ(steps_of(a), (std::vector<std::string>{"detection", "initiator_switch", "first_io"}));
  EXPECT_FALSE(a["durations"].contains("fencing"));  // absent, not zero
  EXPECT_FALSE(a["durations"].contains("decision"));
  EXPECT_DOUBLE_EQ(a["durations"]["detection"], 4.0);
  EXPECT_DOUBLE_EQ(a["durations"]["initiator_switch"], 5.1);  // the replacement timeout
  EXPECT_EQ(a["released_by_step"], "initiator_switch");
  EXPECT_NE(a["released_by"].get<std::string>().find("session_failed"), std::string::npos);
  expect_adds_up(a, 0.01);
}

// A 3 s pause of n1: the survivor starts to notice (its knet link goes down, DRBD loses the
// peer) but nothing fails over before the pause ends; QEMU's stamps bound the path. n1's own
// lines, written after the resume with a clock 3 s behind, land inside the pause and are dropped.
TEST(Anatomy, PauseIsReleasedByTheHypervisorsResume) {
  Gen g;
  g.phase(-1, "workload", "begin");
  clock_notes(g, "n1", 600'000, 3'000'000'000);
  g.io(0, 10.01);
  // As the harness records them: stamped before the call, with the call's end.
  g.h.add(at(10), EventKind::inject, "n1", "pause",
          {{"step", "pause"}, {"target", "active"}, {"call_end_ns", at(10.015)}});
  qemu(g, 10.007, "n1", "suspended");
  log(g, 11.2, "n2", "corosync", "  [KNET  ] link: host: 1 link: 0 is down");
  log(g, 12.83, "n2", "kernel", "drbd r0: peer( Primary -> Unknown ) conn( Connected -> NetworkFailure ) pdsk( UpToDate -> DUnknown ) susp( 0 -> 1 ) ");
  log(g, 11.35, "n1", "kernel", "drbd r0: susp( 1 -> 0 ) ");
  g.h.add(at(13), EventKind::heal, "n1", "pause",
          {{"step", "pause"}, {"reason", "duration"}, {"call_end_ns", at(13.02)}});
  qemu(g, 13.004, "n1", "resumed");
  g.io(13.054, 30);
  g.phase(30, "workload", "end");
  const Built b = check(g);
  const json& a = b.anatomy;
  EXPECT_EQ(steps_of(a), (std::vector<std::string>{"fault_removed", "first_io"}));
  EXPECT_DOUBLE_EQ(a["fault_at_s"], 0.007);  // QEMU's stamp, not the harness's call
  EXPECT_DOUBLE_EQ(a["durations"]["fault_removed"], 2.997);
  EXPECT_DOUBLE_EQ(a["durations"]["first_io"], 0.05);
  EXPECT_EQ(a["steps"][0]["source"], "qemu_stamp");
  EXPECT_EQ(a["released_by_step"], "fault_removed");
  EXPECT_NE(a["released_by"].get<std::string>().find("vcpus_resumed"), std::string::npos);
  // What the survivor saw meanwhile is there, off the path.
  bool link_down_seen = false;
  for (const auto& e : a["off_path"]) link_down_seen |= e.get<std::string>().find("link_down") != std::string::npos;
  EXPECT_TRUE(link_down_seen) << a["off_path"];
  bool dropped = false;
  for (const auto& n : a["notes"]) dropped |= n.get<std::string>().find("1 guest-stamped") != std::string::npos;
  EXPECT_TRUE(dropped) << a["notes"];
  expect_adds_up(a, 0.01);
}

// A split brain with fencing: both sides lose each other and ask to fence; n2's shot lands
// first (the hypervisor powers n1 off), DRBD resumes on n2, multipath switches to n2's group.
TEST(Anatomy, SplitBrainFencingEndsWhenTheHypervisorCutsThePower) {
  Gen g;
  g.phase(-1, "workload", "begin");
  g.multipath(1, "");
  g.io(0, 10);
  g.inject(10, "split_brain", "n1", "split");
  log(g, 11.0, "n1", "corosync", "  [KNET  ] link: host: 2 link: 0 is down");
  log(g, 11.1, "n2", "corosync", "  [KNET  ] link: host: 1 link: 0 is down");
  log(g, 16.6, "n2", "pacemaker-controld", " notice: Node n1 state is now lost");
  log(g, 16.7, "n1", "pacemaker-controld", " notice: Node n2 state is now lost");
  log(g, 16.9, "n2", "pacemaker-controld", " notice: Requesting fencing (off) of node n1");
  log(g, 17.0, "n1", "pacemaker-controld", " notice: Requesting fencing (off) of node n2");
  g.h.add(at(24.0), EventKind::lifecycle, "n1", "destroyed", {{"cause", "external"}, {"stamp", "arrival"}});
  log(g, 24.3, "n2", "pacemaker-fenced",
      " notice: Operation 'off' targeting n1 by n2 for pacemaker-controld.390@n2: OK (complete)");
  log(g, 24.5, "n2", "kernel", "drbd r0: susp( 1 -> 0 ) ");
  g.multipath(26, "n1");  // the sample that shows the switch comes after the I/O
  log(g, 24.9, "initiator", "multipathd", "36001405ad9dbdeb5386df4ddc3477d49: switch to path group #2");
  g.io(25.0, 40);
  g.heal(40, "split_brain", "n1", "split");
  g.phase(45, "workload", "end");
  const Built b = check(g);
  const json& a = b.anatomy;
  EXPECT_EQ(steps_of(a), (std::vector<std::string>{"detection", "membership", "decision", "fencing",
                                                   "data_release", "initiator_switch", "first_io"}));
  EXPECT_DOUBLE_EQ(a["steps"][3]["end_s"], 14.0);  // the power cut, before the fencer's OK
  EXPECT_EQ(a["steps"][3]["layer"], "hypervisor");
  EXPECT_EQ(a["steps"][3]["source"], "libvirt_event");
  EXPECT_FALSE(a["durations"].contains("target_switch"));
  EXPECT_EQ(a["released_by_step"], "initiator_switch");
  expect_adds_up(a, 0.01);
}

// Both sides ask; n1 asks first but n2's shot is the one carried out (n1 loses its power): the
// decision on the path is n2's request.
TEST(Anatomy, SplitBrainDecisionIsTheRequestThatWasCarriedOut) {
  Gen g;
  g.phase(-1, "workload", "begin");
  g.io(0, 10);
  g.inject(10, "split_brain", "n1", "split");
  log(g, 11.0, "n1", "corosync", "  [KNET  ] link: host: 2 link: 0 is down");
  log(g, 16.6, "n2", "pacemaker-controld", " notice: Node n1 state is now lost");
  log(g, 16.7, "n1", "pacemaker-controld", " notice: Node n2 state is now lost");
  log(g, 16.8, "n1", "pacemaker-controld", " notice: Requesting fencing (off) of node n2");
  log(g, 16.95, "n2", "pacemaker-controld", " notice: Requesting fencing (off) of node n1");
  g.h.add(at(24.0), EventKind::lifecycle, "n1", "destroyed", {{"cause", "external"}, {"stamp", "arrival"}});
  log(g, 24.5, "n2", "kernel", "drbd r0: susp( 1 -> 0 ) ");
  g.io(25.0, 40);
  g.heal(40, "split_brain", "n1", "split");
  g.phase(45, "workload", "end");
  const json a = check(g).anatomy;
  ASSERT_EQ(a["steps"][2]["step"], "decision");
  EXPECT_DOUBLE_EQ(a["steps"][2]["end_s"], 6.95);
  EXPECT_NE(a["steps"][2]["to"].get<std::string>().find("fence_requested n1"), std::string::npos)
      << a["steps"][2]["to"];
  EXPECT_DOUBLE_EQ(a["steps"][3]["start_s"], 6.95);
  expect_adds_up(a, 0.01);
}

// A stall the fault did not cause (I/O kept flowing 30 s after a redundant ring's loss) names no
// release: the last layer event came long before I/O stopped.
TEST(Anatomy, StallLongAfterTheLastLayerEventNamesNoRelease) {
  Gen g;
  g.phase(-1, "workload", "begin");
  g.io(0, 37.3);
  g.inject(10, "ring_loss", "n1", "ring");
  log(g, 11.0, "n2", "corosync", "  [KNET  ] link: host: 1 link: 0 is down");
  g.io(37.6, 50);
  g.heal(49, "ring_loss", "n1", "ring");
  g.phase(50, "workload", "end");
  const Built b = check(g);
  EXPECT_TRUE(b.anatomy["released_by"].is_null());
  EXPECT_TRUE(b.metrics["released_by"].is_null());
  ASSERT_FALSE(b.anatomy["notes"].empty());
  EXPECT_NE(b.anatomy["notes"][0].get<std::string>().find("before I/O stopped"), std::string::npos);
}

// An unresumed stall has no first_io step and no release.
TEST(Anatomy, NoFirstIoStepWhenIoNeverCameBack) {
  Gen g;
  g.phase(-1, "workload", "begin");
  g.io(0, 10);
  g.inject(10, "node_kill", "n1", "kill");
  log(g, 11.0, "n2", "corosync", "  [KNET  ] link: host: 1 link: 0 is down");
  g.phase(30, "workload", "failed");
  const Built b = check(g);
  EXPECT_EQ(steps_of(b.anatomy), (std::vector<std::string>{"detection"}));
  EXPECT_EQ(b.anatomy["resumed"], false);
  EXPECT_TRUE(b.anatomy["released_by"].is_null());
}

}  // namespace
}  // namespace harness
