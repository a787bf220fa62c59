// The suspect rule on generated histories: host_sched records (one per guest per second, as the
// sampler writes them) bent around the limits of docs/CHECKS.md, "Suspect runs".
#include <gtest/gtest.h>

#include "drivers/observers/events.hpp"
#include "harness/checks/path_switch.hpp"
#include "harness/checks/suspect.hpp"
#include "tests/unit/checks/history_gen.hpp"

namespace harness {
namespace {

using testgen::Gen;

// One record ending at `end_s` covering `span_s`, its vCPUs waiting `wait_s` in all.
void rec(Gen& g, const char* node, double end_s, double span_s, double wait_s, int vcpus = 1,
         double longest_s = -1) {
  HostSchedRecord r;
  r.span_s = span_s;
  r.intervals = 4;
  r.vcpus = vcpus;
  r.vcpu_wait_s = wait_s;
  r.vcpu_cpu_s = span_s * vcpus - wait_s;
  r.longest_wait_s = longest_s >= 0 ? longest_s : wait_s / vcpus / r.intervals;
  r.threads_wait_s = wait_s;
  r.pid = 4242;
  g.obs(end_s, node, "host_sched", host_sched_data(r));
}

// A guest's vCPU waiting `fraction` of every second in [from_s, to_s).
void steady(Gen& g, const char* node, double from_s, double to_s, double fraction, int vcpus = 1) {
  for (double t = from_s + 1; t <= to_s + 1e-9; t += 1) rec(g, node, t, 1.0, fraction * vcpus, vcpus);
}

Gen base() {
  Gen g;
  g.phase(0, "workload", "begin");
  return g;
}

TEST(Suspect, ABusyButFairHostIsNotSuspect) {
  Gen g = base();
  steady(g, "n1", 0, 60, 0.30);
  steady(g, "n2", 0, 60, 0.05);
  steady(g, "initiator", 0, 60, 0.10);
  EXPECT_EQ(suspect_reason(g.h), std::nullopt);
  auto guests = host_starvation(g.h);
  ASSERT_EQ(guests.size(), 3u);
  EXPECT_EQ(guests[1].node, "n1");  // by name: initiator, n1, n2
  EXPECT_NEAR(guests[1].mean_wait, 0.30, 1e-6);
  EXPECT_NEAR(guests[1].worst_wait, 0.30, 1e-6);
  EXPECT_DOUBLE_EQ(guests[1].sampled_s, 60);
  EXPECT_FALSE(guests[1].starved());
}

// The brief's case: a vCPU thread that waited 1.5 s of a 2 s window, an idle thread beside it.
TEST(Suspect, AVcpuThatWaitedOneAndAHalfSecondsOfTwoIsFlagged) {
  Gen g = base();
  steady(g, "n1", 0, 30, 0.02);
  rec(g, "n1", 31, 1.0, 0.75);
  rec(g, "n1", 32, 1.0, 0.75);
  steady(g, "n1", 32, 60, 0.02);
  steady(g, "n2", 0, 60, 0.0);
  auto guests = host_starvation(g.h);
  ASSERT_EQ(guests.size(), 2u);
  EXPECT_TRUE(guests[0].starved());
  EXPECT_NEAR(guests[0].worst_wait, 0.75, 1e-6);
  EXPECT_DOUBLE_EQ(guests[0].worst_window_s, 2.0);
  EXPECT_DOUBLE_EQ(guests[0].worst_at_s, 32.0);
  EXPECT_FALSE(guests[1].starved()) << "the idle guest";
  auto why = suspect_reason(g.h);
  ASSERT_TRUE(why);
  EXPECT_EQ(why->rfind("host starvation: n1's vCPU waited for a CPU 75% of 2.0 s at +32.0 s", 0), 0u) << *why;
  EXPECT_NE(why->find("(limits: 50% of any 2 s, 1 s at once)"), std::string::npos) << *why;
  EXPECT_EQ(why->find("n2"), std::string::npos) << *why;
}

TEST(Suspect, HalfTheWindowIsTheLimitAndNotOverIt) {
  Gen g = base();
  steady(g, "n1", 0, 60, 0.50);
  EXPECT_EQ(suspect_reason(g.h), std::nullopt);
  Gen over = base();
  steady(over, "n1", 0, 60, 0.51);
  EXPECT_TRUE(suspect_reason(over.h));
}

// A wait is accounted when the thread runs again, so a 1.1 s stall shows whole in one record;
// with records of 1.25 s the window holds 2.5 s and its share (44 %) stays under half, but one
// wait of more than a second is the limit on its own.
TEST(Suspect, OneWaitOfMoreThanASecondIsFlaggedEvenUnderHalfOfTheWindow) {
  Gen g = base();
  for (int k = 1; k <= 40; ++k) {
    const bool stall = k == 20;
    rec(g, "n1", 1.25 * k, 1.25, stall ? 1.1 : 0.0, 1, stall ? 1.1 : 0.0);
  }
  auto guests = host_starvation(g.h);
  ASSERT_EQ(guests.size(), 1u);
  EXPECT_LT(guests[0].worst_wait, kStarvationLimit);
  EXPECT_DOUBLE_EQ(guests[0].longest_wait_s, 1.1);
  EXPECT_DOUBLE_EQ(guests[0].longest_at_s, 25.0);
  auto why = suspect_reason(g.h);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("longest wait 1.10 s at +25.0 s"), std::string::npos) << *why;

  Gen short_stall = base();
  for (int k = 1; k <= 40; ++k) rec(short_stall, "n1", 1.25 * k, 1.25, k == 20 ? 0.9 : 0.0, 1, k == 20 ? 0.9 : 0.0);
  EXPECT_EQ(suspect_reason(short_stall.h), std::nullopt);
}

// Two vCPUs: the share is of both; one vCPU's full second of waiting is half the guest's.
TEST(Suspect, TheShareOfASeveralVcpuGuestIsOfAllItsVcpus) {
  Gen g = base();
  steady(g, "n1", 0, 20, 0.40, 2);
  EXPECT_EQ(suspect_reason(g.h), std::nullopt);
  EXPECT_NEAR(host_starvation(g.h)[0].worst_wait, 0.40, 1e-6);
  Gen over = base();
  steady(over, "n1", 0, 20, 0.60, 2);
  auto why = suspect_reason(over.h);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("n1's vCPUs waited"), std::string::npos) << *why;
}

TEST(Suspect, TheWorstGuestComesFirstAndEveryStarvedOneIsNamed) {
  Gen g = base();
  steady(g, "n1", 0, 10, 0.6);
  steady(g, "n2", 0, 10, 0.9);
  steady(g, "initiator", 0, 10, 0.1);
  auto why = suspect_reason(g.h);
  ASSERT_TRUE(why);
  const auto n2 = why->find("n2's"), n1 = why->find("n1's");
  ASSERT_NE(n2, std::string::npos);
  ASSERT_NE(n1, std::string::npos);
  EXPECT_LT(n2, n1) << *why;
  EXPECT_EQ(why->find("initiator"), std::string::npos) << *why;
}

// Nothing sampled (a remote hypervisor), or vCPUs that could not be told apart (QEMU without
// thread names): no figure, and so never suspect.
TEST(Suspect, WithoutRecordsOrWithoutVcpusThereIsNothingToJudge) {
  Gen g = base();
  g.h.add(testgen::at(0), EventKind::note, "", "host_sched", {{"sampled", false}, {"reason", "x"}});
  EXPECT_TRUE(host_starvation(g.h).empty());
  EXPECT_EQ(suspect_reason(g.h), std::nullopt);
  rec(g, "n1", 1, 1.0, 0.9, 0);
  g.obs(2, "n1", "host_sched", {{"span_s", "1.0"}, {"vcpus", 1}, {"vcpu_wait_s", 0.9}});  // malformed
  EXPECT_TRUE(host_starvation(g.h).empty());
  EXPECT_EQ(suspect_reason(g.h), std::nullopt);
}

// A run shorter than a window is judged on what there is.
TEST(Suspect, ARunSampledForLessThanAWindowIsJudgedOnWhatThereIs) {
  Gen g = base();
  rec(g, "n1", 1.0, 1.0, 0.8);
  auto guests = host_starvation(g.h);
  ASSERT_EQ(guests.size(), 1u);
  EXPECT_DOUBLE_EQ(guests[0].worst_window_s, 1.0);
  EXPECT_NEAR(guests[0].worst_wait, 0.8, 1e-9);
  EXPECT_TRUE(suspect_reason(g.h));
}

// The host's scheduling is a new figure every second, not a layer's state: it never becomes
// what released a stall.
TEST(Suspect, HostSchedulingRecordsAreNeverWhatReleasedAStall) {
  Gen g = testgen::failover();
  for (double t = 11; t <= 16; t += 1) rec(g, "n2", t, 1.0, 0.1 * (t - 10));
  auto r = PathSwitchChecker(30).check(g.h);
  EXPECT_EQ(r.metrics["released_by"], "cluster fence_done n1 (n1, fence_history)");
}

}  // namespace
}  // namespace harness
