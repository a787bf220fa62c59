// The ledger check on generated ledgers: each rule of harness/checks/ledger_check.hpp broken
// (or allowed) on purpose, one block at a time, against an otherwise intact run.
#include "harness/checks/ledger_check.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace harness {
namespace {

using ledger::BlockState;
using ledger::kNever;
using ledger::Ledger;
using ledger::LedgerWrite;
using ledger::ReadBackBlock;
using ledger::ReadBackView;
using ledger::ViewRole;

constexpr std::int64_t kMs = 1'000'000;

// 8 blocks written twice each, 10 ms apart, each acknowledged 2 ms after its submission.
struct Gen {
  Ledger l;
  Gen() {
    l.run_id = 1;
    l.region_blocks = 8;
    l.start_ns = 1'000 * kMs;
    l.end_ns = 2'000 * kMs;
    for (int pass = 0; pass < 2; ++pass)
      for (std::uint32_t b = 0; b < 8; ++b) write(b, 2 * kMs, 4096);
  }
  // Appends a write to block b; latency kNever: still in flight.
  std::uint64_t write(std::uint32_t b, std::int64_t latency, std::int32_t result) {
    LedgerWrite w;
    w.block = b;
    w.submit_ns = l.start_ns + static_cast<std::int64_t>(l.writes.size()) * 10 * kMs;
    w.complete_ns = latency == kNever ? kNever : w.submit_ns + latency;
    w.result = result;
    l.writes.push_back(w);
    return l.writes.size() - 1;
  }
  // A view holding, per block, the last write that was acknowledged to it.
  ReadBackView faithful(std::string name, ViewRole role) const {
    ReadBackView v{std::move(name), role, std::vector<ReadBackBlock>(8)};
    for (std::size_t s = 0; s < l.writes.size(); ++s)
      if (l.writes[s].complete_ns != kNever && l.writes[s].result == 4096)
        v.blocks[l.writes[s].block] = {s, static_cast<std::uint32_t>(1000 + s), BlockState::ok, 0};
    return v;
  }
  Ledger& with_device() {
    l.views.push_back(faithful("multipath", ViewRole::device));
    return l;
  }
};

LedgerReport check(const Ledger& l, LedgerCheckOptions o = {}) { return check_ledger(l, o); }

std::uint64_t total_findings(const LedgerReport& r) {
  std::uint64_t n = 0;
  for (auto x : r.findings) n += x;
  return n;
}

TEST(LedgerCheck, AnIntactRunPassesWithItsCounts) {
  Gen g;
  g.with_device();
  g.l.views.push_back(g.faithful("path group n1", ViewRole::path));
  g.l.views.push_back(g.faithful("peer n1", ViewRole::peer));
  g.l.views.push_back(g.faithful("peer n2", ViewRole::peer));
  const LedgerReport r = check(g.l);
  EXPECT_EQ(r.writes, 16u);
  EXPECT_EQ(r.acknowledged, 16u);
  EXPECT_EQ(r.in_flight, 0u);
  EXPECT_EQ(r.failed, 0u);
  EXPECT_EQ(total_findings(r), 0u);
  EXPECT_FALSE(r.stall);
  const CheckResult c = ledger_check_result(g.l, r, {});
  EXPECT_EQ(c.verdict, Verdict::pass);
  EXPECT_NE(c.summary.find("16 writes acknowledged, 0 in flight"), std::string::npos) << c.summary;
  EXPECT_EQ(c.metrics["acknowledged"], 16);
}

TEST(LedgerCheck, AnOlderVersionOnTheDeviceIsALostWriteWithItsEvidence) {
  Gen g;
  auto& l = g.with_device();
  l.views[0].blocks[3] = {3, 1003, BlockState::ok, 0};  // pass 1's write 3, not pass 2's write 11
  const LedgerReport r = check(l);
  EXPECT_EQ(r.count(LedgerFindingKind::lost), 1u);
  EXPECT_EQ(total_findings(r), 1u);
  ASSERT_EQ(r.examples.size(), 1u);
  EXPECT_EQ(r.examples[0].block, 3u);
  EXPECT_EQ(r.examples[0].expected_seq, 11u);
  EXPECT_EQ(r.examples[0].expected_ack_ns, l.writes[11].complete_ns);
  EXPECT_EQ(r.examples[0].found_seq, 3u);
  const CheckResult c = ledger_check_result(l, r, {});
  EXPECT_EQ(c.verdict, Verdict::fail);
  EXPECT_NE(c.summary.find("1 acknowledged writes lost, e.g. block 3 (LBA 3) on multipath: write "
                           "11 acknowledged at 0.112 s, found write 3"),
            std::string::npos)
      << c.summary;
  ASSERT_EQ(c.evidence.size(), 1u);
  EXPECT_EQ(c.evidence[0]["what"], "ledger_lost");
  EXPECT_EQ(c.evidence[0]["t_ns"], l.writes[11].complete_ns);
}

TEST(LedgerCheck, ABlankBlockWhereAWriteWasAcknowledgedIsLost) {
  Gen g;
  auto& l = g.with_device();
  l.views[0].blocks[6] = {0, 0, BlockState::blank, 0};
  EXPECT_EQ(check(l).count(LedgerFindingKind::lost), 1u);
}

TEST(LedgerCheck, ATornBlockIsReportedOnAnyView) {
  Gen g;
  auto& l = g.with_device();
  l.views.push_back(g.faithful("peer n2", ViewRole::peer));
  l.views[1].blocks[2].state = BlockState::torn;  // same seq, checksum wrong
  const LedgerReport r = check(l);
  EXPECT_EQ(r.count(LedgerFindingKind::torn), 1u);
  EXPECT_EQ(r.count(LedgerFindingKind::lost), 0u);
  EXPECT_EQ(ledger_check_result(l, r, {}).verdict, Verdict::fail);
}

TEST(LedgerCheck, APathServingAnOlderVersionIsStaleNotLost) {
  Gen g;
  auto& l = g.with_device();
  l.views.push_back(g.faithful("path group n2", ViewRole::path));
  l.views[1].blocks[4] = {4, 1004, BlockState::ok, 0};
  const LedgerReport r = check(l);
  EXPECT_EQ(r.count(LedgerFindingKind::stale), 1u);
  EXPECT_EQ(r.count(LedgerFindingKind::lost), 0u);
  ASSERT_EQ(r.examples.size(), 1u);
  EXPECT_EQ(r.examples[0].view, "path group n2");
  EXPECT_EQ(ledger_check_result(l, r, {}).verdict, Verdict::fail);
}

TEST(LedgerCheck, APeerBehindIsStaleAndDivergent) {
  Gen g;
  auto& l = g.with_device();
  l.views.push_back(g.faithful("peer n1", ViewRole::peer));
  l.views.push_back(g.faithful("peer n2", ViewRole::peer));
  l.views[2].blocks[7] = {7, 1007, BlockState::ok, 0};
  const LedgerReport r = check(l);
  EXPECT_EQ(r.count(LedgerFindingKind::stale), 1u);
  EXPECT_EQ(r.count(LedgerFindingKind::divergent), 1u);
  const CheckResult c = ledger_check_result(l, r, {});
  EXPECT_NE(c.summary.find("peer n1: ok 15; peer n2: ok 7"), std::string::npos) << c.summary;
}

TEST(LedgerCheck, PeersHoldingDifferentAllowedVersionsDiverge) {
  Gen g;
  const std::uint64_t pending = g.write(5, kNever, 0);  // block 5's third write, never completed
  auto& l = g.with_device();
  l.views.push_back(g.faithful("peer n1", ViewRole::peer));
  l.views.push_back(g.faithful("peer n2", ViewRole::peer));
  l.views[1].blocks[5] = {pending, 2000, BlockState::ok, 0};  // n1 got it, n2 did not
  const LedgerReport r = check(l);
  EXPECT_EQ(r.count(LedgerFindingKind::divergent), 1u);
  EXPECT_EQ(r.count(LedgerFindingKind::stale), 0u);  // each peer alone is allowed
  EXPECT_EQ(r.examples.at(0).block, 5u);
}

TEST(LedgerCheck, AnInFlightWriteMayBePresent) {
  Gen g;
  const std::uint64_t pending = g.write(2, kNever, 0);
  auto& l = g.with_device();
  l.views[0].blocks[2] = {pending, 2000, BlockState::ok, 0};
  const LedgerReport r = check(l);
  EXPECT_EQ(total_findings(r), 0u);
  EXPECT_EQ(r.in_flight, 1u);
  EXPECT_EQ(r.in_flight_present, 1u);
  EXPECT_EQ(r.in_flight_absent, 0u);
  EXPECT_EQ(ledger_check_result(l, r, {}).verdict, Verdict::pass);
}

TEST(LedgerCheck, AnInFlightWriteMayBeAbsent) {
  Gen g;
  g.write(2, kNever, 0);
  auto& l = g.with_device();  // block 2 holds write 10, its last acknowledged
  const LedgerReport r = check(l);
  EXPECT_EQ(total_findings(r), 0u);
  EXPECT_EQ(r.in_flight_absent, 1u);
  EXPECT_EQ(ledger_check_result(l, r, {}).verdict, Verdict::pass);
}

TEST(LedgerCheck, AnInFlightWriteDoesNotExcuseAnOlderVersion) {
  Gen g;
  g.write(2, kNever, 0);
  auto& l = g.with_device();
  l.views[0].blocks[2] = {2, 1002, BlockState::ok, 0};  // older than acknowledged write 10
  EXPECT_EQ(check(l).count(LedgerFindingKind::lost), 1u);
}

TEST(LedgerCheck, AFailedWriteIsCountedAgainstTheAllowanceAndMayBePresent) {
  Gen g;
  const std::uint64_t failed = g.write(1, 30 * kMs, -EIO);
  auto& l = g.with_device();
  l.views[0].blocks[1] = {failed, 3000, BlockState::ok, 0};
  const LedgerReport r = check(l);
  EXPECT_EQ(r.failed, 1u);
  EXPECT_EQ(r.failed_present, 1u);
  EXPECT_EQ(total_findings(r), 0u);
  const CheckResult strict = ledger_check_result(l, r, {});
  EXPECT_EQ(strict.verdict, Verdict::fail);
  EXPECT_NE(strict.summary.find("1 writes failed with an error, at most 0 allowed (first: write 16 "
                                "to block 1, submitted at 0.160 s, result -5)"),
            std::string::npos)
      << strict.summary;
  LedgerCheckOptions lenient;
  lenient.failed_writes_max = 1;
  EXPECT_EQ(ledger_check_result(l, check(l, lenient), lenient).verdict, Verdict::pass);
}

TEST(LedgerCheck, AShortWriteCountsAsFailed) {
  Gen g;
  g.write(0, 2 * kMs, 512);
  g.with_device();
  EXPECT_EQ(check(g.l).failed, 1u);
}

TEST(LedgerCheck, AVersionTheLogNeverSentToTheBlockIsUnexplained) {
  Gen g;
  auto& l = g.with_device();
  l.views[0].blocks[0] = {9, 1009, BlockState::ok, 0};    // write 9 went to block 1
  l.views[0].blocks[1] = {500, 1500, BlockState::ok, 0};  // no write 500
  const LedgerReport r = check(l);
  EXPECT_EQ(r.count(LedgerFindingKind::unexplained), 2u);
  EXPECT_EQ(r.examples.at(0).detail, "write 9 was to block 1");
}

TEST(LedgerCheck, AMisplacedBlockIsReported) {
  Gen g;
  auto& l = g.with_device();
  l.views[0].blocks[3] = {12, 1012, BlockState::misplaced, 0};
  EXPECT_EQ(check(l).count(LedgerFindingKind::misplaced), 1u);
}

TEST(LedgerCheck, UnreadableFailsOnTheDeviceButIsOnlyCountedOnAPath) {
  Gen g;
  auto& l = g.with_device();
  l.views.push_back(g.faithful("path group n2 (standby)", ViewRole::path));
  for (auto& b : l.views[1].blocks) b = {0, 0, BlockState::unreadable, EIO};
  LedgerReport r = check(l);
  EXPECT_EQ(r.unreadable_elsewhere, 8u);
  EXPECT_EQ(total_findings(r), 0u);
  l.views[0].blocks[0] = {0, 0, BlockState::unreadable, EIO};
  r = check(l);
  EXPECT_EQ(r.count(LedgerFindingKind::unreadable), 1u);
  EXPECT_EQ(ledger_check_result(l, r, {}).verdict, Verdict::fail);
}

TEST(LedgerCheck, TheStallStartsAtTheFirstWriteNotCompletedInTime) {
  Gen g;
  const std::uint64_t slow = g.write(0, 3'000 * kMs, 4096);  // completes 3 s later
  g.write(1, 2'500 * kMs, 4096);                             // submitted after it, also slow
  auto& l = g.with_device();
  const LedgerReport r = check(l);
  ASSERT_TRUE(r.stall);
  EXPECT_EQ(r.stall->seq, slow);
  EXPECT_EQ(r.stall->submit_ns, l.writes[slow].submit_ns);
  const CheckResult c = ledger_check_result(l, r, {});
  EXPECT_NE(c.summary.find("stall from 0.160 s (write 16 took 3.000 s)"), std::string::npos)
      << c.summary;
  // A longer threshold: no write was that slow.
  LedgerCheckOptions o;
  o.stall_threshold_ns = 5'000 * kMs;
  EXPECT_FALSE(check(l, o).stall);
}

TEST(LedgerCheck, AWriteNeverCompletedIsAStallOnlyIfTheLogRanPastTheThreshold) {
  Gen g;
  const std::uint64_t pending = g.write(0, kNever, 0);
  g.l.end_ns = g.l.writes[pending].submit_ns + 500 * kMs;
  g.with_device();
  EXPECT_FALSE(check(g.l).stall);
  g.l.end_ns = g.l.writes[pending].submit_ns + 1'500 * kMs;
  ASSERT_TRUE(check(g.l).stall);
  EXPECT_EQ(check(g.l).stall->complete_ns, kNever);
}

TEST(LedgerCheck, WithoutADeviceViewLossIsNotJudged) {
  Gen g;
  g.l.views.push_back(g.faithful("peer n1", ViewRole::peer));
  const LedgerReport r = check(g.l);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(ledger_check_result(g.l, r, {}).verdict, Verdict::unknown);
  Gen none;
  EXPECT_EQ(ledger_check_result(none.l, check(none.l), {}).verdict, Verdict::unknown);
}

TEST(LedgerCheck, AViewOfAnotherRegionSizeIsAProblemNotAVerdict) {
  Gen g;
  auto& l = g.with_device();
  l.views.push_back(g.faithful("peer n1", ViewRole::peer));
  l.views[1].blocks.resize(4);
  const LedgerReport r = check(l);
  EXPECT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(ledger_check_result(l, r, {}).verdict, Verdict::unknown);
}

TEST(LedgerCheck, ExamplesAreBoundedButCountsAreNot) {
  Gen g;
  auto& l = g.with_device();
  for (auto& b : l.views[0].blocks) b = {0, 0, BlockState::blank, 0};
  LedgerCheckOptions o;
  o.examples = 3;
  const LedgerReport r = check(l, o);
  EXPECT_EQ(r.count(LedgerFindingKind::lost), 8u);
  EXPECT_EQ(r.examples.size(), 3u);
}

}  // namespace
}  // namespace harness
