// The parsers of harness-ledger's log and read-back listing, on files the real program wrote
// (tests/data/ledger/README.md says how), and the checker on them.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "drivers/ledger/ledger_log.hpp"
#include "drivers/ledger/read_back_listing.hpp"
#include "harness/checks/ledger_check.hpp"
#include "harness/core/errors.hpp"
#include "unit/temp_dir.hpp"

namespace harness::ledger {
namespace {

std::string data(const std::string& name) {
  return read_text(std::string(TEST_DATA_DIR) + "/ledger/" + name);
}

TEST(LedgerLogRecording, ReadsTheHeaderAndEveryWrite) {
  const LedgerLog log = parse_ledger_log(data("write.log"), "write.log");
  EXPECT_EQ(log.header.run_id, 42u);
  EXPECT_EQ(log.header.seed, 7u);
  EXPECT_EQ(log.header.block_size, 4096u);
  EXPECT_EQ(log.ledger.region_blocks, 64u);
  EXPECT_EQ(log.ledger.rate_per_s, 200u);
  EXPECT_EQ(log.records, 401u);  // 200 submits, 200 completions, the end
  EXPECT_EQ(log.trailing_bytes, 0u);
  ASSERT_EQ(log.ledger.writes.size(), 200u);
  EXPECT_NE(log.ledger.end_ns, kNever);
  EXPECT_EQ(log.in_flight_at_end, 0u);
  EXPECT_EQ(log.ledger.missed.total(), 0u);
  std::int64_t prev_submit = 0;
  std::vector<int> per_block(64, 0);
  for (const auto& w : log.ledger.writes) {
    EXPECT_EQ(w.result, 4096);
    EXPECT_GE(w.complete_ns, w.submit_ns);
    EXPECT_GE(w.submit_ns, prev_submit);
    prev_submit = w.submit_ns;
    ++per_block.at(w.block);
  }
  // Passes over the region, each a permutation: 200 = 3 × 64 + 8.
  for (int n : per_block) EXPECT_TRUE(n == 3 || n == 4) << n;
  // The schedule: 200 slots at 200/s from the first slot's time.
  EXPECT_NEAR(static_cast<double>(log.ledger.writes.back().submit_ns - log.ledger.start_ns) / 1e9,
              199.0 / 200, 0.05);
  // The anchor maps monotonic to the wall clock of the recording (December 2026).
  const std::int64_t rt = log_mono_to_realtime(log.header, log.ledger.start_ns);
  EXPECT_GT(rt, 1'795'000'000'000'000'000);
  EXPECT_LT(rt, 1'800'000'000'000'000'000);
}

TEST(LedgerLogRecording, ASignalEndsTheLogWithItsEndRecord) {
  const LedgerLog log = parse_ledger_log(data("sigterm.log"), "sigterm.log");
  EXPECT_NE(log.ledger.end_ns, kNever);
  EXPECT_GT(log.ledger.writes.size(), 50u);
  EXPECT_LT(log.ledger.writes.size(), 300u);  // 10 s scheduled at 100/s: stopped early
  EXPECT_LT(log.ledger.end_ns - log.ledger.start_ns, 5'000'000'000);
}

TEST(LedgerLogRecording, ALogCutShortKeepsItsWritesAndSaysSo) {
  std::string bytes = data("write.log");
  bytes.resize(bytes.size() - 32 * 150 - 7);  // the end and 149 records gone, a partial one
  const LedgerLog log = parse_ledger_log(bytes, "cut.log");
  EXPECT_EQ(log.ledger.end_ns, kNever);
  EXPECT_EQ(log.trailing_bytes, 25u);
  EXPECT_EQ(log.records, 250u);
  std::size_t in_flight = 0;
  for (const auto& w : log.ledger.writes) in_flight += w.complete_ns == kNever;
  EXPECT_GT(in_flight, 0u);
}

TEST(LedgerLogRecording, RejectsWhatWouldMakeTheLedgerLie) {
  const std::string good = data("write.log");
  EXPECT_THROW(parse_ledger_log(good.substr(0, 100), "short.log"), LabError);
  std::string bad_magic = good;
  bad_magic[0] = 'X';
  EXPECT_THROW(parse_ledger_log(bad_magic, "m.log"), LabError);
  std::string bad_version = good;
  bad_version[8] = 9;
  EXPECT_THROW(parse_ledger_log(bad_version, "v.log"), LabError);
  // A completion whose write was never submitted: the first record's seq made 999.
  std::string bad_seq = good;
  const std::uint64_t seq = 999;
  std::memcpy(bad_seq.data() + 200 + 8, &seq, 8);
  try {
    parse_ledger_log(bad_seq, "seq.log");
    FAIL() << "accepted a submit out of order";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("seq.log: not a usable harness-ledger log: record 0 (byte 200)"),
              std::string::npos) << e.what();
  }
  // A record after the end record.
  std::string after_end = good + good.substr(200, 32);
  EXPECT_THROW(parse_ledger_log(after_end, "end.log"), LabError);
}

TEST(ReadBackRecording, ListsEveryBlockWithItsVersion) {
  const LedgerLog log = parse_ledger_log(data("write.log"), "write.log");
  const ReadBackListing rb = parse_read_back(data("readback.bin"), "readback.bin");
  EXPECT_EQ(rb.header.run_id, 42u);
  ASSERT_EQ(rb.view.blocks.size(), 64u);
  // Each block holds the last write the log sent to it.
  std::vector<std::uint64_t> last(64, 0);
  for (std::size_t s = 0; s < log.ledger.writes.size(); ++s) last[log.ledger.writes[s].block] = s;
  for (std::size_t b = 0; b < 64; ++b) {
    EXPECT_EQ(rb.view.blocks[b].state, BlockState::ok) << b;
    EXPECT_EQ(rb.view.blocks[b].seq, last[b]) << b;
  }
}

TEST(ReadBackRecording, TheCheckerFindsTheRecordedRunIntactAndTheDamageInTheCopy) {
  Ledger l = parse_ledger_log(data("write.log"), "write.log").ledger;
  l.views.push_back(parse_read_back(data("readback.bin"), "readback.bin").view);
  const LedgerReport intact = check_ledger(l, {});
  EXPECT_EQ(intact.acknowledged, 200u);
  for (auto n : intact.findings) EXPECT_EQ(n, 0u);
  EXPECT_TRUE(intact.problems.empty());

  l.views[0] = parse_read_back(data("readback-damaged.bin"), "readback-damaged.bin").view;
  EXPECT_EQ(l.views[0].blocks[5].state, BlockState::torn);
  EXPECT_EQ(l.views[0].blocks[9].state, BlockState::blank);
  EXPECT_EQ(l.views[0].blocks[12].state, BlockState::misplaced);
  const LedgerReport r = check_ledger(l, {});
  EXPECT_EQ(r.count(LedgerFindingKind::torn), 1u);
  EXPECT_EQ(r.count(LedgerFindingKind::lost), 1u);
  EXPECT_EQ(r.count(LedgerFindingKind::misplaced), 1u);
  EXPECT_EQ(r.count(LedgerFindingKind::stale), 0u);
  const CheckResult c = ledger_check_result(l, r, {});
  EXPECT_EQ(c.verdict, Verdict::fail);
  EXPECT_NE(c.summary.find("1 acknowledged writes lost, e.g. block 9"), std::string::npos) << c.summary;
}

TEST(ReadBackRecording, RejectsAListingCutShort) {
  const std::string good = data("readback.bin");
  try {
    parse_read_back(good.substr(0, good.size() - 24), "rb.bin");
    FAIL();
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("cut short"), std::string::npos) << e.what();
  }
  std::string bad_state = good;
  bad_state[144 + 16] = 9;  // record 0's state byte
  EXPECT_THROW(parse_read_back(bad_state, "rb.bin"), LabError);
}

}  // namespace
}  // namespace harness::ledger
