// The three checks on hand-written histories (tests/data/histories/*.jsonl), loaded the way the
// harness loads a recorded run, through make_checkers as the runner calls them.
//   node_kill_active.jsonl          n1 (ALUA active) killed, fenced once by n2, I/O back via n2
//   split_brain_wrong_victim.jsonl  both rings cut; n2 fenced n1 although the delay protects n1
//   link_cut_stuck.jsonl            SAN links of the active cut; I/O queued until the runner gave up
#include <map>

#include <gtest/gtest.h>

#include "harness/checks/checker.hpp"

namespace harness {
namespace {

std::map<std::string, CheckResult> check_file(const char* name, const Expect& expect) {
  const auto history = History::load(std::filesystem::path(TEST_DATA_DIR) / "histories" / name);
  std::map<std::string, CheckResult> out;
  for (const auto& c : make_checkers(expect)) out[c->name()] = c->check(history);
  return out;
}

TEST(CheckFactory, MakesTheThreeChecksInReportOrder) {
  auto checks = make_checkers(Expect{});
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_EQ(checks[0]->name(), "path_switch");
  EXPECT_EQ(checks[1]->name(), "integrity");
  EXPECT_EQ(checks[2]->name(), "fencing");
}

TEST(CheckRecorded, NodeKillOfActivePassesAllThree) {
  Expect e;
  e.path_switch_max_s = 10;
  e.fenced = {"active"};
  e.survivors = {"standby"};
  auto r = check_file("node_kill_active.jsonl", e);

  const auto& ps = r.at("path_switch");
  ASSERT_EQ(ps.verdict, Verdict::pass) << ps.summary;
  EXPECT_DOUBLE_EQ(ps.metrics["longest_stall_s"], 4.81);
  EXPECT_DOUBLE_EQ(ps.metrics["time_to_first_io_s"], 4.8);
  EXPECT_DOUBLE_EQ(ps.metrics["multipath_switch_s"], 3.2);
  EXPECT_EQ(ps.metrics["released_by_step"], "fencing");
  EXPECT_EQ(ps.metrics["released_by"], "cluster fence_done n1 (n1, fence_history)");
  EXPECT_DOUBLE_EQ(ps.metrics["released_by_s"], 4.0);
  EXPECT_EQ(ps.metrics["io_in_window"], 8);
  EXPECT_DOUBLE_EQ(ps.metrics["p99_latency_s"], 4.8);
  EXPECT_EQ(ps.metrics["group_before"], "n1");
  EXPECT_EQ(ps.metrics["group_after"], "n2");
  EXPECT_EQ(ps.metrics["alua_survivor_optimized"], true);

  const auto& in = r.at("integrity");
  EXPECT_EQ(in.verdict, Verdict::pass) << in.summary;

  const auto& fe = r.at("fencing");
  ASSERT_EQ(fe.verdict, Verdict::pass) << fe.summary;
  EXPECT_DOUBLE_EQ(fe.metrics["resume_margin_s"], 0.8);
  EXPECT_EQ(fe.metrics["nodes"]["n1"]["hypervisor_actions"], 1);
}

TEST(CheckRecorded, SplitBrainWithWrongVictimFailsFencingOnly) {
  Expect e;
  e.fenced = {"n2"};     // no delay on n2's device
  e.survivors = {"n1"};  // tunables.fence.delay_node
  auto r = check_file("split_brain_wrong_victim.jsonl", e);
  EXPECT_EQ(r.at("path_switch").verdict, Verdict::pass) << r.at("path_switch").summary;
  EXPECT_DOUBLE_EQ(r.at("path_switch").metrics["longest_stall_s"], 7.51);
  EXPECT_EQ(r.at("integrity").verdict, Verdict::pass) << r.at("integrity").summary;
  const auto& fe = r.at("fencing");
  EXPECT_EQ(fe.verdict, Verdict::fail);
  EXPECT_NE(fe.summary.find("survivor n1 was fenced"), std::string::npos) << fe.summary;
  EXPECT_EQ(fe.metrics["unexpected_fenced"], nlohmann::json::array({"n1"}));
}

TEST(CheckRecorded, StuckLinkCutFailsPathSwitchAndLeavesIntegrityUnknown) {
  Expect e;
  e.io_errors_max = 1;  // one EIO event, and fio's summary counts the same one
  auto r = check_file("link_cut_stuck.jsonl", e);
  const auto& ps = r.at("path_switch");
  EXPECT_EQ(ps.verdict, Verdict::fail);
  EXPECT_EQ(ps.metrics["resumed"], false);
  EXPECT_DOUBLE_EQ(ps.metrics["longest_stall_s"], 57.01);  // to the workload's failure at 160 s
  EXPECT_EQ(ps.metrics["group_lost"], "n1");
  const auto& in = r.at("integrity");
  EXPECT_EQ(in.verdict, Verdict::unknown) << in.summary;
  EXPECT_EQ(in.metrics["io_errors"], 1);
  EXPECT_EQ(r.at("fencing").verdict, Verdict::pass) << r.at("fencing").summary;
}

}  // namespace
}  // namespace harness
