// The runner marks a run suspect from the History (RunOptions::suspect, which the CLI fills with
// harness/checks' suspect_reason), here with the real sampler on the fake lab scripted to starve
// a guest: the verdict stands, the report says why it is not one to trust.
#include <gtest/gtest.h>

#include <sstream>

#include "drivers/observers/events.hpp"
#include "drivers/observers/host_starvation_observer.hpp"
#include "harness/checks/suspect.hpp"
#include "runner_fixture.hpp"

namespace harness {
namespace {

using testing::node_kill_scenario;
using testing::RunnerHarness;

// Every guest's vCPU waits `n2_wait` (n2) or 2 % (the others) of the time from the start.
void host_starving_n2(RunnerHarness& h, double n2_wait) {
  const std::int64_t t0 = h.clock.now_ns();
  h.lab->set_guest_threads([t0, n2_wait](std::int64_t now) {
    const double s = static_cast<double>(now - t0) / 1e9;
    auto ns = [](double x) { return static_cast<std::int64_t>(x * 1e9); };
    std::vector<GuestThreads> out;
    std::int64_t pid = 100;
    for (const char* node : {"n1", "n2", "initiator"}) {
      const double w = std::string(node) == "n2" ? n2_wait : 0.02;
      // Waits of a scheduler period (5 ms) at a time: the share, not a stall, is what differs.
      out.push_back({node, ++pid, {{pid * 10, "CPU 0/TCG", ns(1 + (1 - w) * s), ns(w * s),
                                    static_cast<std::int64_t>(1 + 200 * s)}}});
    }
    return out;
  });
  // No thread: readings at arm, at each step's snapshot and at the end (virtual time).
  h.drivers.observers.push_back(std::make_unique<HostStarvationObserver>(*h.lab, h.clock, 0));
  h.options.suspect = [](const History& history) { return suspect_reason(history); };
}

int host_sched_records(const RunnerHarness& h) {
  return static_cast<int>(h.events(EventKind::observation, std::string(kHostSchedWhat)).size());
}

TEST(RunnerSuspect, AStarvedGuestMakesTheRunSuspectWithTheFigureAndTheVerdictStands) {
  RunnerHarness fair(node_kill_scenario());
  host_starving_n2(fair, 0.02);
  const RunReport fair_report = fair.run();

  RunnerHarness h(node_kill_scenario());
  host_starving_n2(h, 0.8);
  std::ostringstream progress;
  h.options.quiet = false;
  h.options.progress = &progress;
  const RunReport report = h.run();
  EXPECT_TRUE(report.suspect);
  EXPECT_EQ(report.suspect_reason.rfind("host starvation: n2's vCPU waited for a CPU 80% of", 0), 0u)
      << report.suspect_reason;
  EXPECT_EQ(report.suspect_reason.find("n1"), std::string::npos) << report.suspect_reason;
  EXPECT_GE(host_sched_records(h), 3 * 3) << "arm, two steps' snapshots and the end, per guest";
  // Suspect is not a verdict: the exit code and the checks are those of the fair run.
  EXPECT_EQ(report.exit_code, fair_report.exit_code);
  ASSERT_EQ(report.checks.size(), fair_report.checks.size());
  for (std::size_t i = 0; i < report.checks.size(); ++i)
    EXPECT_EQ(report.checks[i].verdict, fair_report.checks[i].verdict) << report.checks[i].name;
  EXPECT_NE(progress.str().find("SUSPECT"), std::string::npos) << progress.str();
  EXPECT_NE(progress.str().find("host starvation: n2"), std::string::npos) << progress.str();
}

TEST(RunnerSuspect, AFairHostLeavesTheRunTrusted) {
  RunnerHarness h(node_kill_scenario());
  host_starving_n2(h, 0.10);
  const RunReport report = h.run();
  EXPECT_FALSE(report.suspect);
  EXPECT_EQ(report.suspect_reason, "");
  EXPECT_GE(host_sched_records(h), 9);
}

TEST(RunnerSuspect, WithoutTheSuspectRuleNoRunIsSuspect) {
  RunnerHarness h(node_kill_scenario());
  host_starving_n2(h, 0.9);
  h.options.suspect = nullptr;
  EXPECT_FALSE(h.run().suspect);
}

}  // namespace
}  // namespace harness
