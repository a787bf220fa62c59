// The starvation sampler on the fake lab: readings at arm, at each snapshot and at the end on
// virtual time (no thread), one record per guest per second, the notes that say when nothing
// can be sampled, and the sampling thread itself on the real clock.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "drivers/observers/events.hpp"
#include "drivers/observers/host_starvation_observer.hpp"
#include "fakes/fake_lab.hpp"

namespace harness {
namespace {

// n1's vCPU waits `starved` of every second from `t0` on and runs the rest; n2's idles.
std::function<std::vector<GuestThreads>(std::int64_t)> host(std::int64_t t0, double starved) {
  return [t0, starved](std::int64_t now) {
    const double s = static_cast<double>(now - t0) / 1e9;
    auto ns = [](double x) { return static_cast<std::int64_t>(x * 1e9); };
    auto slices = [](double x) { return static_cast<std::int64_t>(1 + 200 * x); };  // 5 ms each
    return std::vector<GuestThreads>{
        {"n1", 101, {{1011, "CPU 0/TCG", ns(1 + (1 - starved) * s), ns(starved * s), slices(s)},
                     {1012, "call_rcu", ns(0.1), 0, 1}}},
        {"n2", 102, {{1021, "CPU 0/TCG", ns(1 + 0.01 * s), 0, slices(s)}}}};
  };
}

std::vector<Event> of(const History& h, EventKind kind) {
  std::vector<Event> out;
  for (const auto& e : h.events())
    if (e.kind == kind && e.what == kHostSchedWhat) out.push_back(e);
  return out;
}

struct HostStarvationObserverTest : ::testing::Test {
  VirtualClock clock;
  FailPlan plan;
  FakeLab lab{clock, plan};
  History history;
  Deadline deadline = Deadline::after(clock, 600);
};

TEST_F(HostStarvationObserverTest, ReadingsAtArmEachSnapshotAndTheEndBecomeOneRecordPerGuestPerSecond) {
  lab.set_guest_threads(host(clock.now_ns(), 0.75));
  HostStarvationObserver obs(lab, clock, 0);
  obs.arm(history, deadline);
  for (int k = 0; k < 5; ++k) {
    clock.advance(kNsPerS);
    obs.snapshot(history, deadline);
  }
  clock.advance(kNsPerS / 2);
  obs.ease_off();  // the last half second is a record of its own
  const int calls = lab.guest_threads_calls();
  EXPECT_EQ(calls, 7);
  obs.snapshot(history, deadline);  // the window is over
  obs.disarm(deadline);
  EXPECT_EQ(lab.guest_threads_calls(), calls);

  auto notes = of(history, EventKind::note);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].data["sampled"], true);
  EXPECT_EQ(notes[0].data["guests"]["n1"]["pid"], 101);
  EXPECT_EQ(notes[0].data["guests"]["n1"]["vcpus"], 1);
  EXPECT_EQ(notes[0].data["guests"]["n1"]["threads"], 2);

  std::map<std::string, std::vector<HostSchedRecord>> recs;
  for (const auto& e : of(history, EventKind::observation)) {
    auto r = host_sched_record(e);
    ASSERT_TRUE(r) << e.data.dump();
    recs[e.node].push_back(*r);
  }
  ASSERT_EQ(recs["n1"].size(), 6u);
  ASSERT_EQ(recs["n2"].size(), 6u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_DOUBLE_EQ(recs["n1"][i].span_s, 1.0);
    EXPECT_NEAR(recs["n1"][i].vcpu_wait_s, 0.75, 1e-6);
    EXPECT_NEAR(recs["n1"][i].vcpu_cpu_s, 0.25, 1e-6);
    EXPECT_EQ(recs["n1"][i].pid, 101);
    EXPECT_EQ(recs["n2"][i].vcpu_wait_s, 0.0);
  }
  EXPECT_DOUBLE_EQ(recs["n1"][5].span_s, 0.5);
  EXPECT_NEAR(recs["n1"][5].vcpu_wait_s, 0.375, 1e-6);
}

TEST_F(HostStarvationObserverTest, ALabThatCannotShowItsGuestsThreadsGetsANoteAndNoSample) {
  NonPausableLab plain(lab);  // a Lab without HostScheduled
  lab.set_guest_threads(host(clock.now_ns(), 0.9));
  HostStarvationObserver obs(plain, clock, 0);
  obs.arm(history, deadline);
  clock.advance(5 * kNsPerS);
  obs.snapshot(history, deadline);
  obs.disarm(deadline);
  EXPECT_EQ(lab.guest_threads_calls(), 0);
  auto notes = of(history, EventKind::note);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].data["sampled"], false);
  EXPECT_NE(notes[0].data["reason"].get<std::string>().find("cannot show"), std::string::npos);
  EXPECT_TRUE(of(history, EventKind::observation).empty());
}

TEST_F(HostStarvationObserverTest, NoGuestProcessOnThisHostIsSaidAndNotSampledAgain) {
  HostStarvationObserver obs(lab, clock, 0);  // the fake lab returns no guest by default
  obs.arm(history, deadline);
  clock.advance(kNsPerS);
  obs.snapshot(history, deadline);
  obs.disarm(deadline);
  EXPECT_EQ(lab.guest_threads_calls(), 1);
  auto notes = of(history, EventKind::note);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].data["sampled"], false);
  EXPECT_EQ(notes[0].data["reason"], "no guest process readable on this host");
}

// A kernel without scheduler accounting reads "0 0 0" for every thread: not a host that never
// starved anyone, a host that cannot say.
TEST_F(HostStarvationObserverTest, AKernelThatAccountsNothingIsSaidAndNotSampled) {
  lab.set_guest_threads([](std::int64_t) {
    return std::vector<GuestThreads>{{"n1", 5, {{6, "CPU 0/TCG", 0, 0, 0}}}};
  });
  HostStarvationObserver obs(lab, clock, 0);
  obs.arm(history, deadline);
  clock.advance(kNsPerS);
  obs.snapshot(history, deadline);
  obs.disarm(deadline);
  auto notes = of(history, EventKind::note);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].data["sampled"], false);
  EXPECT_NE(notes[0].data["reason"].get<std::string>().find("does not account"), std::string::npos);
  EXPECT_TRUE(of(history, EventKind::observation).empty());
}

// The sampling thread on the real clock: 10 ms readings for 200 ms, 50 ms records, and a
// disarm that stops it at once.
TEST(HostStarvationObserverThread, SamplesOnItsOwnUntilDisarmed) {
  auto clock = make_system_clock();
  FailPlan plan;
  FakeLab lab(*clock, plan);
  History history;
  lab.set_guest_threads(host(clock->now_ns(), 0.5));
  HostStarvationObserver obs(lab, *clock, 0.01, 0.05);
  obs.arm(history, Deadline::after(*clock, 10));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto t = std::chrono::steady_clock::now();
  obs.disarm(Deadline::after(*clock, 10));
  EXPECT_LT(std::chrono::steady_clock::now() - t, std::chrono::milliseconds(100));
  const int calls = lab.guest_threads_calls();
  EXPECT_GE(calls, 5);
  EXPECT_LE(calls, 25);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(lab.guest_threads_calls(), calls) << "sampling goes on after disarm";
  double wait = 0, span = 0;
  for (const auto& e : of(history, EventKind::observation))
    if (e.node == "n1") {
      auto r = host_sched_record(e);
      ASSERT_TRUE(r);
      wait += r->vcpu_wait_s;
      span += r->span_s;
    }
  EXPECT_GT(span, 0.15);
  EXPECT_NEAR(wait / span, 0.5, 0.01);
}

}  // namespace
}  // namespace harness
