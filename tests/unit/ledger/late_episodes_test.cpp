// The open loop's stalls from a ledger's writes (drivers/ledger/events.hpp).
#include <gtest/gtest.h>

#include "drivers/ledger/events.hpp"

namespace harness::ledger {
namespace {

constexpr std::int64_t kMs = 1'000'000;

Ledger with(std::vector<std::pair<std::int64_t, std::int64_t>> submit_complete_ms, std::int64_t end_ms) {
  Ledger l;
  for (auto [s, c] : submit_complete_ms)
    l.writes.push_back({s * kMs, c == -1 ? kNever : c * kMs, 0, 4096});
  l.end_ns = end_ms == -1 ? kNever : end_ms * kMs;
  return l;
}

TEST(LateEpisodes, HeldWritesWhoseSpansOverlapAreOneEpisodeWhateverCompletedBetween) {
  // 5..1500, 10..1600, 15..1400 and 25..2000 overlap; 20..30 went through a path that answered.
  // 2500..3900 starts after the last of them completed: a second stall.
  const Ledger l = with({{0, 10}, {5, 1500}, {10, 1600}, {15, 1400}, {20, 30}, {25, 2000},
                         {2500, 3900}, {2510, 2520}},
                        5000);
  const auto e = late_episodes(l, 1000 * kMs);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].first_seq, 1u);
  EXPECT_EQ(e[0].first_submit_ns, 5 * kMs);
  EXPECT_EQ(e[0].last_complete_ns, 2000 * kMs);
  EXPECT_EQ(e[0].writes, 4u);
  EXPECT_EQ(e[1].first_seq, 6u);
  EXPECT_EQ(e[1].writes, 1u);
}

TEST(LateEpisodes, AWriteThatNeverCompletedKeepsItsEpisodeOpen) {
  const Ledger l = with({{0, 2000}, {5, -1}, {10, 1500}}, 5000);
  const auto e = late_episodes(l, 1000 * kMs);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].writes, 3u);
  EXPECT_EQ(e[0].last_complete_ns, kNever);
}

TEST(LateEpisodes, InFlightAtAnEndBeforeTheThresholdIsNoEvidence) {
  const Ledger l = with({{0, 10}, {4500, -1}}, 5000);
  EXPECT_TRUE(late_episodes(l, 1000 * kMs).empty());
}

TEST(LateEpisodes, TheLongestAreKeptInTimeOrder) {
  std::vector<LateEpisode> all = {{1, 0, 100, 1}, {5, 200, 5000, 9}, {9, 6000, 6100, 1}, {12, 7000, kNever, 2}};
  const auto kept = longest_episodes(all, 2);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].first_seq, 5u);
  EXPECT_EQ(kept[1].first_seq, 12u);  // never ended: the longest of all
}

}  // namespace
}  // namespace harness::ledger
