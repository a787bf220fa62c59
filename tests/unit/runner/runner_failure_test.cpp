// Every call a run makes is made to fail, to hang, and to be where a stop request arrives, one
// at a time (Boost.Beast's fail_count): whatever happens, run() returns a report, exit 3, every
// fault healed unless its heal was the failing call, and the lab torn down.
#include <gtest/gtest.h>

#include "runner_fixture.hpp"

namespace harness {
namespace {

using testing::fault_step;
using testing::heal_step;
using testing::node_kill_scenario;
using testing::RunnerHarness;

FakeWorkloadOptions sparse_io() {
  FakeWorkloadOptions w;
  w.interval_ns = 200 * kNsPerMs;  // enough I/O to be a run, few enough for ~100 runs
  return w;
}

// Two kinds of fault at once: one healed by a step, one by its duration, one by the unwind.
Scenario busy_scenario() {
  Scenario s = node_kill_scenario();
  s.steps = {fault_step(0, "cut", 5, "link_cut", "standby"),
             fault_step(1, "kill", 10, "node_kill", "active"),
             fault_step(2, "freeze", 15, "pause", "initiator"),
             heal_step(3, "revive", 40, "kill")};
  s.steps[0].fault->options["nics"] = std::vector<std::string>{"san0", "ring1"};
  s.steps[2].fault->duration_s = 5;
  return s;
}

std::size_t clean_call_count(const Scenario& s) {
  RunnerHarness h(s, sparse_io());
  auto report = h.run();
  EXPECT_EQ(report.error, "");
  EXPECT_EQ(h.lab->unrestored(), "");
  return h.plan.count();
}

// A call that undoes a fault: when it is the one that breaks, that fault may stay.
bool is_heal_call(const std::string& name) {
  bool link_up = name.rfind("lab.set_link", 0) == 0 && name.size() > 3 && name.substr(name.size() - 3) == " up";
  return link_up || name.rfind("lab.power_on", 0) == 0 || name.rfind("lab.resume", 0) == 0;
}

void expect_cleaned_up(RunnerHarness& h, const RunReport& report, std::size_t n) {
  std::string call = h.plan.name_of(n);
  SCOPED_TRACE("call #" + std::to_string(n) + ": " + call + " -> " + report.error);
  EXPECT_EQ(report.exit_code, 3);
  EXPECT_EQ(h.lab->teardown_calls(), 1);  // provision is call #1: it had always started
  if (!is_heal_call(call)) EXPECT_EQ(h.lab->unrestored(), "");
  else EXPECT_NE(report.error.find("heal"), std::string::npos);
  EXPECT_FALSE(h.observer->armed());
  EXPECT_EQ(h.events(EventKind::phase, "teardown").size(), 2u);
}

TEST(RunnerFailurePoints, EveryFailingCallEndsInExitThreeNamingItWithEverythingHealed) {
  Scenario s = busy_scenario();
  std::size_t total = clean_call_count(s);
  ASSERT_GT(total, 20u);
  for (std::size_t n = 1; n <= total; ++n) {
    RunnerHarness h(s, sparse_io());
    h.plan.fail_at(n);
    RunReport report;
    ASSERT_NO_THROW(report = h.run()) << "call #" << n;
    expect_cleaned_up(h, report, n);
    EXPECT_NE(report.error.find(h.plan.injected_error()), std::string::npos)
        << "call #" << n << ": the error must name the failing call: " << report.error;
    EXPECT_NE(report.error.find(h.plan.name_of(n)), std::string::npos) << report.error;
  }
}

TEST(RunnerFailurePoints, EveryHangingCallEndsAtItsDeadlineNotInAHang) {
  Scenario s = busy_scenario();
  std::size_t total = clean_call_count(s);
  for (std::size_t n = 1; n <= total; ++n) {
    RunnerHarness h(s, sparse_io());
    h.plan.hang_at(n);
    RunReport report;
    ASSERT_NO_THROW(report = h.run()) << "call #" << n;
    expect_cleaned_up(h, report, n);
    EXPECT_NE(report.error.find("deadline"), std::string::npos) << "call #" << n << ": " << report.error;
    EXPECT_NE(report.error.find(h.plan.name_of(n)), std::string::npos) << report.error;
    // Bounded: the sum of every phase budget, in virtual time.
    EXPECT_LT(report.duration_s, 4 * 3600) << "call #" << n;
  }
}

TEST(RunnerFailurePoints, AStopRequestAtAnyCallHealsTearsDownAndReportsInterrupted) {
  Scenario s = busy_scenario();
  std::size_t total = clean_call_count(s);
  for (std::size_t n = 1; n <= total; ++n) {
    RunnerHarness h(s, sparse_io());
    h.plan.at_call(n, [&h] { h.stop.request("SIGINT"); });
    RunReport report;
    ASSERT_NO_THROW(report = h.run()) << "call #" << n;
    SCOPED_TRACE("stop at call #" + std::to_string(n) + ": " + h.plan.name_of(n));
    EXPECT_EQ(report.exit_code, 3);
    EXPECT_EQ(report.error, "interrupted");
    EXPECT_EQ(h.lab->unrestored(), "");  // a first stop never breaks off a heal
    EXPECT_EQ(h.lab->teardown_calls(), 1);
    EXPECT_FALSE(h.observer->armed());
  }
}

// The number of the first call named `name` in a clean run of `s` (0 if none).
std::size_t find_call(const Scenario& s, const std::string& name, bool last = false) {
  RunnerHarness clean(s, sparse_io());
  clean.run();
  std::size_t found = 0;
  for (std::size_t i = 1; i <= clean.plan.count(); ++i) {
    if (clean.plan.name_of(i) != name) continue;
    found = i;
    if (!last) break;
  }
  return found;
}

TEST(RunnerFailurePoints, NoFaultIsInjectedAfterAStopRequest) {
  RunnerHarness h(busy_scenario(), sparse_io());
  // Stop while the link cut is being injected (its second set_link): kill and freeze never happen.
  std::size_t n = find_call(busy_scenario(), "lab.set_link n2 ring1 down");
  ASSERT_GT(n, 0u);
  h.plan.at_call(n, [&h] { h.stop.request("SIGINT"); });
  auto report = h.run();
  EXPECT_EQ(report.error, "interrupted");
  for (const auto& op : h.lab->ops()) {
    EXPECT_EQ(op.find("power_off"), std::string::npos) << op;
    EXPECT_EQ(op.find("suspend"), std::string::npos) << op;
  }
  EXPECT_EQ(h.lab->unrestored(), "");
}

TEST(RunnerFailurePoints, ASecondStopAbandonsHealsButStillTearsDown) {
  RunnerHarness h(node_kill_scenario(), sparse_io());
  // Both requests arrive at the snapshot before the heal step: n1 is down at that point.
  std::size_t snapshot_before_revive = find_call(node_kill_scenario(), "observer cluster.snapshot", true);
  ASSERT_GT(snapshot_before_revive, 0u);
  h.plan.at_call(snapshot_before_revive, [&h] {
    h.stop.request("SIGINT");
    h.stop.request("SIGINT");
  });
  auto report = h.run();
  EXPECT_EQ(report.exit_code, 3);
  EXPECT_EQ(report.error.rfind("interrupted", 0), 0u) << report.error;
  EXPECT_EQ(h.lab->unrestored(), "n1 powered off");  // the heal was abandoned...
  EXPECT_EQ(h.lab->teardown_calls(), 1);              // ...but nothing is left behind
  EXPECT_TRUE(h.events(EventKind::heal).empty());
  auto heal_phase = h.events(EventKind::phase, "heal");
  ASSERT_EQ(heal_phase.size(), 2u);
  EXPECT_EQ(heal_phase[1].data.at("state"), "failed");
  EXPECT_EQ(report.phases.back().name, "teardown");
  EXPECT_EQ(report.phases.back().state, "ok");
}

}  // namespace
}  // namespace harness
