#include <gtest/gtest.h>

#include "harness/runner/timeline.hpp"

namespace harness {
namespace {

Step fault_step(std::size_t index, std::string id, double at_s, std::optional<double> duration = {}) {
  Step s;
  s.index = index;
  s.id = std::move(id);
  s.at_s = at_s;
  FaultSpec f;
  f.kind = "link_cut";
  f.target = "active";
  f.options["nics"] = std::vector<std::string>{"san0"};
  f.duration_s = duration;
  s.fault = f;
  return s;
}

Step heal_step(std::size_t index, std::string id, double at_s, std::string heals) {
  Step s;
  s.index = index;
  s.id = std::move(id);
  s.at_s = at_s;
  s.heals = std::move(heals);
  return s;
}

using Kind = TimelineEntry::Kind;

TEST(RunnerTimeline, DurationHealsAreMergedInTimeOrderWithSteps) {
  std::vector<Step> steps{fault_step(0, "cut", 10, 15), fault_step(1, "kill", 20),
                          heal_step(2, "revive", 40, "kill")};
  auto t = build_timeline(steps);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].kind, Kind::fault);
  EXPECT_EQ(t[0].fault_step_id, "cut");
  EXPECT_EQ(t[1].kind, Kind::fault);
  EXPECT_EQ(t[1].fault_step_id, "kill");
  EXPECT_EQ(t[2].kind, Kind::auto_heal);  // 10 + 15 = 25, between 20 and 40
  EXPECT_DOUBLE_EQ(t[2].at_s, 25);
  EXPECT_EQ(t[2].fault_step_id, "cut");
  EXPECT_EQ(t[3].kind, Kind::heal_step);
  EXPECT_EQ(t[3].fault_step_id, "kill");
  EXPECT_DOUBLE_EQ(timeline_end_s(t), 40);
}

TEST(RunnerTimeline, StepsOutOfFileOrderAreSortedStablyByTime) {
  std::vector<Step> steps{fault_step(0, "late", 30), fault_step(1, "early", 5), fault_step(2, "tie", 30)};
  auto t = build_timeline(steps);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].fault_step_id, "early");
  EXPECT_EQ(t[1].fault_step_id, "late");  // file order among equal instants
  EXPECT_EQ(t[2].fault_step_id, "tie");
}

TEST(RunnerTimeline, DurationEndingWhenAStepStartsHealsFirstButNeverBeforeItsOwnFault) {
  std::vector<Step> steps{fault_step(0, "a", 10, 10), fault_step(1, "b", 20), fault_step(2, "z", 30, 0)};
  auto t = build_timeline(steps);
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[1].kind, Kind::auto_heal);  // a's end at 20 comes before b at 20
  EXPECT_EQ(t[1].fault_step_id, "a");
  EXPECT_EQ(t[2].fault_step_id, "b");
  EXPECT_EQ(t[3].kind, Kind::fault);      // z, duration 0: inject first...
  EXPECT_EQ(t[4].kind, Kind::auto_heal);  // ...then its heal
  EXPECT_EQ(t[4].fault_step_id, "z");
}

}  // namespace
}  // namespace harness
