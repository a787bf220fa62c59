// The lifecycle vocabulary the checks and the report read: every word the libvirt driver
// records parses back, and each predicate holds for exactly the states it names.
#include "drivers/libvirt/events.hpp"

#include <gtest/gtest.h>
#include <libvirt/libvirt.h>

#include "drivers/libvirt/lifecycle_watch.hpp"

namespace harness {
namespace {

TEST(LifecycleVocabulary, EveryTranslatedEventIsAWordOfTheVocabulary) {
  const std::pair<int, int> events[] = {
      {VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED},
      {VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED},
      {VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED},
      {VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED},
      {VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN},
      {VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_CRASHED},
      {VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_FAILED},
  };
  for (auto [event, detail] : events) {
    auto t = lab::translate_lifecycle(event, detail);
    ASSERT_TRUE(t) << event << "/" << detail;
    auto l = parse_lifecycle(t->what);
    ASSERT_TRUE(l) << t->what;
    EXPECT_EQ(to_string(*l), t->what);
  }
  EXPECT_FALSE(parse_lifecycle("rebooted"));
  EXPECT_FALSE(is_power_off("rebooted"));
}

TEST(LifecycleVocabulary, PredicatesNameTheirStates) {
  using L = Lifecycle;
  auto holds = [](bool (*p)(Lifecycle)) {
    std::string out;
    for (L l : {L::started, L::suspended, L::resumed, L::destroyed, L::shutdown, L::crashed,
                L::reset, L::pmsuspended})
      if (p(l)) out += std::string(out.empty() ? "" : ",") + std::string(to_string(l));
    return out;
  };
  EXPECT_EQ(holds(is_power_off), "destroyed,shutdown,crashed");
  EXPECT_EQ(holds(is_down), "suspended,destroyed,shutdown,crashed");
  EXPECT_EQ(holds(ends_guest), "destroyed,shutdown,crashed,reset");
  EXPECT_EQ(holds(cuts_power), "destroyed,reset");
  EXPECT_EQ(holds(restores_power), "started,reset");
  EXPECT_EQ(holds(is_abrupt_loss), "destroyed,crashed");
  // The word forms agree with the typed ones.
  EXPECT_TRUE(cuts_power("reset"));
  EXPECT_FALSE(cuts_power("suspended"));
  EXPECT_TRUE(is_down("suspended"));
}

}  // namespace
}  // namespace harness
