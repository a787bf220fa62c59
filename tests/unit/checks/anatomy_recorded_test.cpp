// The failover anatomy of real runs (tests/data/histories/README.md says how they were recorded
// and trimmed): the steps must come in order, chain from the fault to the first I/O, name the
// layer that released I/O, and add up to the measured stall within the stated error.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "harness/checks/path_switch.hpp"

namespace harness {
namespace {

using nlohmann::json;

json fault_of(const char* file) {
  const auto h = History::load(std::filesystem::path(TEST_DATA_DIR) / "histories" / file);
  return PathSwitchChecker(20).check(h).metrics["faults"][0];
}

std::vector<std::string> steps_of(const json& a) {
  std::vector<std::string> out;
  for (const auto& s : a["steps"]) out.push_back(s["step"]);
  return out;
}

void expect_ordered_chain(const json& a) {
  double prev = a["fault_at_s"];
  for (const auto& s : a["steps"]) {
    EXPECT_NEAR(s["start_s"].get<double>(), prev, 1e-9) << s;
    EXPECT_GE(s["duration_s"].get<double>(), 0) << s;
    prev = s["end_s"];
  }
}

// pause-active-3s (catalogue): n1 frozen 3 s. Nothing fails over in 3 s (token 3 s + consensus
// 3.6 s), so QEMU's resume released I/O; n2's knet links and token loss are off the path.
TEST(AnatomyRecorded, PauseOfTheActiveNodeIsReleasedByTheResume) {
  const json f = fault_of("pause_active_3s.jsonl");
  const json& a = f["anatomy"];
  EXPECT_EQ(steps_of(a), (std::vector<std::string>{"fault_removed", "first_io"}));
  expect_ordered_chain(a);
  EXPECT_EQ(a["released_by_step"], "fault_removed");
  EXPECT_EQ(f["released_by_step"], "fault_removed");
  EXPECT_EQ(a["released_by"], "hypervisor vcpus_resumed harness (n1, qemu_stamp)");
  EXPECT_EQ(a["steps"][0]["source"], "qemu_stamp");
  // The freeze as QEMU stamped it: 3 s requested, 2.986 s between the stamps.
  EXPECT_NEAR(a["durations"]["fault_removed"].get<double>(), 3.0, 0.05);
  // Stall 3.053 s: the steps cover it but for the 16 ms from the harness's call to QEMU's stop
  // (the last completion came just before the call).
  EXPECT_LE(std::abs(a["stall_s"].get<double>() - a["span_s"].get<double>()),
            a["error_s"].get<double>() + 0.05);
  // n1's own lines after the resume carry a clock 3 s behind and land inside the pause.
  bool dropped = false;
  for (const auto& n : a["notes"]) dropped |= n.get<std::string>().find("dropped") != std::string::npos;
  EXPECT_TRUE(dropped) << a["notes"];
  bool link_down = false;
  for (const auto& e : a["off_path"]) link_down |= e.get<std::string>().find("link_down") != std::string::npos;
  EXPECT_TRUE(link_down) << a["off_path"];
}

// random-fault-active, drawn as a cut of n1's san1 cable for 29 s: I/O kept completing on n1's
// other path until one went down the dead one; iSCSI declared the connection dead (noop-out
// 2 s + 2 s), replacement_timeout (5 s) failed the I/O back to dm-multipath, which retried it on
// sdb. No cluster step: nothing was lost but a path.
TEST(AnatomyRecorded, SanLinkCutIsReleasedByTheReplacementTimeout) {
  const json f = fault_of("link_cut_san1.jsonl");
  const json& a = f["anatomy"];
  EXPECT_EQ(steps_of(a), (std::vector<std::string>{"detection", "initiator_switch", "first_io"}));
  expect_ordered_chain(a);
  EXPECT_EQ(a["steps"][0]["layer"], "initiator");
  EXPECT_EQ(a["released_by_step"], "initiator_switch");
  EXPECT_NE(a["released_by"].get<std::string>().find("session_failed"), std::string::npos)
      << a["released_by"];
  // The connection error to the I/O failed back: replacement_timeout_s = 5.
  EXPECT_NEAR(a["durations"]["initiator_switch"].get<double>(), 5.1, 0.1);
  // The span runs from the fault, the stall from the last completion 4 s later: the steps add
  // up to the stall's end.
  EXPECT_NEAR(a["span_s"].get<double>(), f["stall_end_s"].get<double>() - a["fault_at_s"].get<double>(),
              a["error_s"].get<double>() + 1e-3);
  EXPECT_FALSE(a["durations"].contains("fencing"));
}

// node-kill-active on Debian 13 (trixie image: Pacemaker 3.0, drbd-utils 9.22): n1 fenced 18.4 s
// after the kill, but DRBD's crm-fence-peer.sh returned only when its 90 s timeout ran out, and
// the harness restarted n1 at +56.5 s meanwhile. The restart released nothing: the path is the
// failover's, with the data layer holding I/O for 75 s; Pacemaker 3.0's "Requesting fencing (off)
// targeting node n1" is the decision.
TEST(AnatomyRecorded, Debian13NodeKillIsHeldInTheDataLayer) {
  const json f = fault_of("node_kill_active_trixie.jsonl");
  const json& a = f["anatomy"];
  EXPECT_EQ(steps_of(a), (std::vector<std::string>{"detection", "membership", "decision", "fencing",
                                                   "data_release", "initiator_switch", "first_io"}));
  expect_ordered_chain(a);
  EXPECT_NE(a["steps"][2]["to"].get<std::string>().find("fence_requested"), std::string::npos);
  EXPECT_EQ(a["steps"][4]["layer"], "drbd");
  EXPECT_GT(a["durations"]["data_release"].get<double>(), 70);
  bool noted = false;
  for (const auto& n : a["notes"]) noted |= n.get<std::string>().find("after the cluster had acted") != std::string::npos;
  EXPECT_TRUE(noted) << a["notes"];
  EXPECT_NEAR(a["span_s"].get<double>(), f["stall_end_s"].get<double>() - a["fault_at_s"].get<double>(),
              a["error_s"].get<double>() + 1e-3);
}

}  // namespace
}  // namespace harness
