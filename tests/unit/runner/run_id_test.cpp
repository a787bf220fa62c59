#include <regex>

#include <gtest/gtest.h>

#include "harness/runner/run_id.hpp"

namespace harness {
namespace {

// 2026-11-25 03:15:02 UTC
constexpr std::int64_t kWhen = 1'795'576'502LL * kNsPerS;

TEST(RunnerRunId, NameUtcTimeAndFourHexDigits) {
  VirtualClock clock(5 * kNsPerS, kWhen);
  auto id = make_run_id("node-kill-active", clock, 42);
  EXPECT_TRUE(std::regex_match(id, std::regex("node-kill-active-20261125-031502-[0-9a-f]{4}"))) << id;
}

TEST(RunnerRunId, OnlyLowercaseLettersDigitsAndDashesAtMost48) {
  VirtualClock clock(0, kWhen);
  auto id = make_run_id("  Split BRAIN / ring_loss: the__very long scenario name indeed!! ", clock, 7);
  EXPECT_LE(id.size(), kMaxRunIdLength) << id;
  EXPECT_TRUE(std::regex_match(id, std::regex("[a-z0-9]+(-[a-z0-9]+)*"))) << id;
  EXPECT_EQ(id.rfind("split-brain-ring-loss-the-", 0), 0u) << id;
  EXPECT_EQ(make_run_id("!!!", clock, 7).rfind("run-20261125-", 0), 0u);
}

TEST(RunnerRunId, SameInputsSameIdOtherSeedOtherSuffix) {
  VirtualClock clock(0, kWhen);
  EXPECT_EQ(make_run_id("x", clock, 1), make_run_id("x", clock, 1));
  EXPECT_NE(make_run_id("x", clock, 1), make_run_id("x", clock, 2));
}

TEST(RunnerRunId, HistoryHeaderAnchorsBothClocksAtOneInstant) {
  VirtualClock clock(7 * kNsPerS, kWhen);
  auto h = make_history_header("id-1", "scn", 99, clock);
  EXPECT_EQ(h.run_id, "id-1");
  EXPECT_EQ(h.mono_anchor_ns, 7 * kNsPerS);
  EXPECT_EQ(h.realtime_anchor_ns, kWhen);
  EXPECT_EQ(h.meta.at("seed"), 99);
  EXPECT_EQ(h.meta.at("scenario"), "scn");
}

}  // namespace
}  // namespace harness
