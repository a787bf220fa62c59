// Integrity checker on generated histories: a short workload with a healed fault and the verify
// results the harness records afterwards, varied one piece of evidence at a time.
#include <gtest/gtest.h>

#include "harness/checks/integrity.hpp"
#include "tests/unit/checks/history_gen.hpp"

namespace harness {
namespace {

using testgen::Gen;
using testgen::json;

// Workload 0–20 s, link cut at 5 s healed at 10 s, `errors` EIO completions inside the cut.
Gen base(int errors = 0) {
  Gen g;
  g.phase(0, "workload", "begin");
  g.io(0, 5);
  g.inject(5, "link_cut", "n1", "cut");
  for (int k = 0; k < errors; ++k) g.one_io(testgen::at(6 + 0.1 * k), 3000, 5);
  g.heal(10, "link_cut", "n1", "cut");
  g.io(8, 20);
  g.phase(20, "workload", "end");
  return g;
}

CheckResult run(const Gen& g, std::int64_t max_errors = 0, const char* mode = "intact") {
  return IntegrityChecker(mode, max_errors).check(g.h);
}

TEST(Integrity, EveryPieceOfEvidenceCleanPasses) {
  Gen g = base();
  g.clean_verify(21);
  auto r = run(g);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_EQ(r.metrics["io_errors"], 0);
  EXPECT_EQ(r.metrics["fio_verify_errors"], 0);
  EXPECT_EQ(r.metrics["readback_ok"], true);
  EXPECT_EQ(r.metrics["drbd_verify_ok"], true);
  EXPECT_EQ(r.metrics["out_of_sync_kib"], 0);
  EXPECT_EQ(r.metrics["drbd_verify_nodes"], json::array({"n1"}));
  EXPECT_EQ(r.evidence.size(), 5u);  // summary, fio verify, read-back, DRBD verify, the heal
}

TEST(Integrity, FioVerifyErrorsFail) {
  Gen g = base();
  g.clean_verify(21);
  g.verify(22, "initiator", "fio_verify", {{"errors", 3}, {"detail", "crc32c mismatch"}});
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.metrics["fio_verify_errors"], 3);
  EXPECT_NE(r.summary.find("fio verify reported 3 errors"), std::string::npos) << r.summary;
}

TEST(Integrity, FailedReadbackFails) {
  Gen g = base();
  g.clean_verify(21);
  g.verify(30, "initiator", "readback", {{"ok", false}, {"bytes", 4096}, {"errors", 1}});
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.metrics["readback_ok"], false);
  EXPECT_EQ(r.metrics["readback_errors"], 1);
}

// "ok": true with blocks out of sync is still two different peers.
TEST(Integrity, OutOfSyncBlocksFailEvenIfMarkedOk) {
  Gen g = base();
  g.clean_verify(21);
  g.verify(60, "n2", "drbd_verify", {{"out_of_sync_kib", 8}, {"ok", true}});
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.metrics["out_of_sync_kib"], 8);
  EXPECT_NE(r.summary.find("8 KiB out of sync"), std::string::npos) << r.summary;
}

// STONITH disabled under a split brain: both sides took writes, DRBD refuses to reconnect after
// the heal, so there is no online verify, only the refusal, and that is the finding.
TEST(Integrity, DrbdSplitBrainAfterTheHealFailsNamingTheNodes) {
  Gen g = base();
  g.clean_verify(21);
  for (const char* n : {"n1", "n2"})
    g.verify(60, n, "drbd_verify",
             {{"ok", false}, {"split_brain", true}, {"state", "StandAlone Primary/Unknown UpToDate/DUnknown"}});
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.metrics["drbd_split_brain"], true);
  EXPECT_NE(r.summary.find("DRBD split brain"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("StandAlone on n1, n2"), std::string::npos) << r.summary;
  EXPECT_EQ(r.summary.find("KiB out of sync"), std::string::npos) << r.summary;
}

TEST(Integrity, MissingReadbackIsUnknownNotPass) {
  Gen g = base();
  g.verify(21, "initiator", "fio_verify", {{"errors", 0}});
  g.verify(40, "n1", "drbd_verify", {{"out_of_sync_kib", 0}, {"ok", true}});
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::unknown);
  EXPECT_TRUE(r.metrics["readback_ok"].is_null());
  EXPECT_NE(r.summary.find("no read-back verify result"), std::string::npos) << r.summary;
}

TEST(Integrity, MissingDrbdVerifyIsUnknown) {
  Gen g = base();
  g.verify(25, "initiator", "readback", {{"ok", true}, {"bytes", 4096}, {"errors", 0}});
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::unknown);
  EXPECT_NE(r.summary.find("DRBD online verify"), std::string::npos) << r.summary;
}

// Evidence taken while the fault was still in effect does not describe the healed system.
TEST(Integrity, VerifyBeforeTheHealDoesNotCount) {
  Gen g = base();
  g.verify(8, "initiator", "readback", {{"ok", true}, {"bytes", 4096}, {"errors", 0}});
  g.verify(9, "n1", "drbd_verify", {{"out_of_sync_kib", 0}, {"ok", true}});
  auto r = run(g);
  EXPECT_EQ(r.verdict, Verdict::unknown);
  EXPECT_NE(r.summary.find("read-back verify ran only before the last heal"), std::string::npos)
      << r.summary;
}

TEST(Integrity, IoErrorsAtThresholdPass) {
  Gen g = base(3);
  g.clean_verify(21);
  auto r = run(g, 3);
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_EQ(r.metrics["io_errors"], 3);
  EXPECT_EQ(r.metrics["io_error_events"], 3);
}

TEST(Integrity, IoErrorsOneAboveThresholdFail) {
  Gen g = base(4);
  g.clean_verify(21);
  auto r = run(g, 3);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.metrics["io_errors"], 4);
  EXPECT_NE(r.summary.find("4 I/O errors"), std::string::npos) << r.summary;
}

// fio's summary and the per-I/O events count the same errors: the larger count is taken, never
// the sum, and a summary that saw more than the events is not ignored.
TEST(Integrity, IoErrorCountsAreNotAddedNorMissed) {
  Gen same = base(3);
  same.clean_verify(21, 3);
  EXPECT_EQ(run(same, 3).verdict, Verdict::pass);

  Gen more = base(3);
  more.clean_verify(21, 5);
  auto r = run(more, 3);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.metrics["io_errors"], 5);
  EXPECT_EQ(r.metrics["io_summary_errors"], 5);
  EXPECT_EQ(r.metrics["io_error_events"], 3);
}

TEST(Integrity, ModeAnyJudgesOnlyTheErrorBudget) {
  Gen g = base(2);
  g.verify(25, "initiator", "readback", {{"ok", false}, {"bytes", 4096}, {"errors", 9}});
  auto r = run(g, 2, "any");
  ASSERT_EQ(r.verdict, Verdict::pass) << r.summary;
  EXPECT_EQ(r.metrics["readback_ok"], false);  // still reported
  EXPECT_EQ(run(g, 1, "any").verdict, Verdict::fail);
}

TEST(Integrity, NoWorkloadEvidenceIsUnknown) {
  Gen g;
  g.inject(5, "link_cut", "n1", "cut");
  g.heal(10, "link_cut", "n1", "cut");
  g.verify(25, "initiator", "readback", {{"ok", true}, {"bytes", 4096}, {"errors", 0}});
  g.verify(40, "n1", "drbd_verify", {{"out_of_sync_kib", 0}, {"ok", true}});
  auto r = run(g, 0, "any");
  EXPECT_EQ(r.verdict, Verdict::unknown);
  EXPECT_NE(r.summary.find("no workload I/O"), std::string::npos) << r.summary;
}

// A proven failure outranks missing evidence.
TEST(Integrity, FailureBeatsMissingEvidence) {
  Gen g = base(2);
  auto r = run(g, 0);
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_LE(r.evidence.size(), 20u);
}

}  // namespace
}  // namespace harness
