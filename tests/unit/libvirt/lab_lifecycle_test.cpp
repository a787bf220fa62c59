// Lifecycle event translation, harness/external attribution, and the subscription against
// libvirt's test:///default mock driver (which emits real events through the event loop).
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "drivers/libvirt/lifecycle_watch.hpp"
#include "drivers/libvirt/virt_ptr.hpp"

namespace harness::lab {
namespace {

TEST(LabLifecycle, Translation) {
  EXPECT_EQ(translate_lifecycle(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED)->what,
            "destroyed");
  EXPECT_EQ(translate_lifecycle(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN)->what,
            "shutdown");
  EXPECT_EQ(translate_lifecycle(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_CRASHED)->what,
            "crashed");
  EXPECT_EQ(translate_lifecycle(VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED)->what,
            "started");
  EXPECT_EQ(translate_lifecycle(VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED)->what,
            "suspended");
  EXPECT_EQ(translate_lifecycle(VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED)->what,
            "resumed");
  // Not recorded: would double the STOPPED event that follows, or are not power events.
  EXPECT_FALSE(translate_lifecycle(VIR_DOMAIN_EVENT_SHUTDOWN, 0));
  EXPECT_FALSE(translate_lifecycle(VIR_DOMAIN_EVENT_DEFINED, 0));
  EXPECT_FALSE(translate_lifecycle(VIR_DOMAIN_EVENT_UNDEFINED, 0));
}

TEST(LabLifecycle, IntentsMatchOnceWithinTheirWindow) {
  IntentBook book;
  book.expect("n2", "destroyed", 100, 1000);
  EXPECT_FALSE(book.match("n1", "destroyed", 200)) << "other node";
  EXPECT_FALSE(book.match("n2", "started", 200)) << "other event";
  EXPECT_FALSE(book.match("n2", "destroyed", 50)) << "before the call";
  EXPECT_EQ(book.match("n2", "destroyed", 500), 100);
  EXPECT_FALSE(book.match("n2", "destroyed", 600)) << "consumed: a second destroy is external";
  book.expect("n2", "destroyed", 100, 1000);
  EXPECT_FALSE(book.match("n2", "destroyed", 2000)) << "expired";
  book.expect("n1", "reset", 0, 1000);
  book.cancel("n1", "reset");
  EXPECT_FALSE(book.match("n1", "reset", 10)) << "cancelled after a failed call";
}

TEST(LabLifecycle, QemuStampsWaitForTheirLifecycleEvent) {
  VcpuStamps stamps;
  stamps.note("n1", "STOP", 1000);
  stamps.note("n1", "SHUTDOWN", 1100);  // not a pause: ignored
  EXPECT_FALSE(stamps.take("n1", "resumed", 1200, 10'000)) << "STOP is the suspended one's";
  EXPECT_FALSE(stamps.take("n2", "suspended", 1200, 10'000)) << "other node";
  EXPECT_EQ(stamps.take("n1", "suspended", 1200, 10'000), 1000);
  EXPECT_FALSE(stamps.take("n1", "suspended", 1300, 10'000)) << "consumed";
  stamps.note("n1", "RESUME", 5000);
  stamps.note("n1", "RESUME", 6000);  // a second resume replaces the first
  EXPECT_EQ(stamps.take("n1", "resumed", 6500, 10'000), 6000);
  stamps.note("n2", "STOP", 100);
  EXPECT_FALSE(stamps.take("n2", "suspended", 20'000, 10'000)) << "too old to be this event's";
}

// Waits for `n` events in the history (events arrive on the event-loop thread).
std::vector<Event> wait_events(const History& h, std::size_t n) {
  for (int i = 0; i < 300 && h.size() < n; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return h.events();
}

TEST(LabLifecycle, MockDriverEventsAreRecordedWithCause) {
  auto conn = virt::Connection::open("test:///default");
  auto clock = make_system_clock();
  History history;
  // "test" is the mock's running domain; it plays n1 here.
  LifecycleWatch watch(conn, *clock, history, {{"test", "n1"}});
  auto dom = conn.find_domain("test");
  ASSERT_TRUE(dom);
  ASSERT_TRUE(virt::Connection::domain_active(dom.get()));

  std::int64_t t0 = clock->now_ns();
  watch.expect("n1", "destroyed", t0);
  ASSERT_EQ(virDomainDestroy(dom.get()), 0);
  auto ev = wait_events(history, 1);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, EventKind::lifecycle);
  EXPECT_EQ(ev[0].node, "n1");
  EXPECT_EQ(ev[0].what, "destroyed");
  EXPECT_EQ(ev[0].data["cause"], "harness");
  EXPECT_EQ(ev[0].data["call_start_ns"], t0);
  EXPECT_GE(ev[0].t_ns, t0);

  // Nobody announced this start: external (as a fence agent's would be).
  ASSERT_EQ(virDomainCreate(dom.get()), 0);
  ev = wait_events(history, 2);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1].what, "started");
  EXPECT_EQ(ev[1].data["cause"], "external");
  EXPECT_FALSE(ev[1].data.contains("call_start_ns"));

  // Suspend/resume are lifecycle events too.
  watch.expect("n1", "suspended", clock->now_ns());
  ASSERT_EQ(virDomainSuspend(dom.get()), 0);
  ASSERT_EQ(virDomainResume(dom.get()), 0);
  ev = wait_events(history, 4);
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(ev[2].what, "suspended");
  EXPECT_EQ(ev[2].data["cause"], "harness");
  // The mock has no QEMU monitor: the event keeps its arrival time.
  EXPECT_EQ(ev[2].data["stamp"], "arrival");
  EXPECT_EQ(ev[3].what, "resumed");
  EXPECT_EQ(ev[3].data["cause"], "external");
}

TEST(LabLifecycle, EventsOfOtherDomainsAreIgnored) {
  auto conn = virt::Connection::open("test:///default");
  auto clock = make_system_clock();
  History history;
  LifecycleWatch watch(conn, *clock, history, {{"h-000000-n1", "n1"}});
  auto dom = conn.find_domain("test");
  ASSERT_TRUE(dom);
  ASSERT_EQ(virDomainDestroy(dom.get()), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(history.size(), 0u);
}

}  // namespace
}  // namespace harness::lab
