// The real harness-ledger, run for a few seconds against a file on the host with O_DIRECT (as
// the guest runs it against the multipath device), then read back and judged by the checker.
#include <gtest/gtest.h>

#include <string>

#include "drivers/ledger/ledger_log.hpp"
#include "drivers/ledger/read_back_listing.hpp"
#include "drivers/remote/process.hpp"
#include "harness/checks/ledger_check.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/deadline.hpp"
#include "unit/temp_dir.hpp"

namespace harness::ledger {
namespace {

struct LedgerProgram : ::testing::Test {
  TempDir dir;
  std::unique_ptr<Clock> clock = make_system_clock();
  std::string dev = (dir.path() / "dev").string();
  std::string log = (dir.path() / "write.log").string();
  std::string rb = (dir.path() / "readback.bin").string();
  void SetUp() override { write_file(dir.path() / "dev", std::string(1 << 20, '\0')); }
  CommandResult run(std::vector<std::string> args) {
    args.insert(args.begin(), LEDGER_BINARY);
    return run_process(args, Deadline::after(*clock, 60));
  }
};

TEST_F(LedgerProgram, ItsOwnRunChecksIntact) {
  const CommandResult w = run({"--device", dev, "--log", log, "--run-id", "77", "--seed", "5",
                               "--size", "1048576", "--rate", "300", "--in-flight", "16",
                               "--duration", "3"});
  ASSERT_EQ(w.exit_status, 0) << w.err;
  const CommandResult r = run({"--read-back", dev, "--log", log, "--out", rb});
  ASSERT_EQ(r.exit_status, 0) << r.err;

  Ledger l = parse_ledger_log(read_text(log), log).ledger;
  ReadBackView view = parse_read_back(read_text(rb), rb).view;
  view.role = ViewRole::device;
  l.views.push_back(view);
  const LedgerReport rep = check_ledger(l, {});
  const CheckResult c = ledger_check_result(l, rep, {});
  EXPECT_EQ(c.verdict, Verdict::pass) << c.summary;
  EXPECT_NE(l.end_ns, kNever);
  EXPECT_EQ(rep.in_flight, 0u);  // the drain waited for every write
  EXPECT_EQ(rep.failed, 0u);
  // 900 slots: a loaded host may miss a few (in-flight bound, late), never most.
  EXPECT_EQ(rep.acknowledged + l.missed.total(), 900u);
  EXPECT_GT(rep.acknowledged, 450u);
  // 256 blocks, written about three times each: some block holds a later pass's version.
  std::size_t later_pass = 0;
  for (const auto& b : l.views[0].blocks) later_pass += b.state == BlockState::ok && b.seq >= 256;
  EXPECT_GT(later_pass, 0u);
}

TEST_F(LedgerProgram, RefusesARegionPastTheEndOfTheDevice) {
  const CommandResult w = run({"--device", dev, "--log", log, "--size", "2097152"});
  EXPECT_EQ(w.exit_status, 2);
  EXPECT_NE(w.err.find("past the end of the device (1048576 bytes)"), std::string::npos) << w.err;
}

TEST_F(LedgerProgram, UsageErrorsAndHelpAreTrue) {
  EXPECT_EQ(run({"--help"}).exit_status, 0);
  const CommandResult none = run({});
  EXPECT_NE(none.exit_status, 0);
  EXPECT_NE(none.err.find("one of --device (write) or --read-back (read) is required"),
            std::string::npos) << none.err;
  const CommandResult unaligned = run({"--device", dev, "--log", log, "--size", "1000"});
  EXPECT_NE(unaligned.exit_status, 0);
  EXPECT_NE(run({"--device", dev, "--read-back", dev}).exit_status, 0);
  const CommandResult no_run_id = run({"--read-back", dev, "--size", "4096"});
  EXPECT_NE(no_run_id.exit_status, 0);
  EXPECT_NE(no_run_id.err.find("read-back needs --log, or --size and --run-id"), std::string::npos)
      << no_run_id.err;
}

// The guest has no libstdc++ of this compiler's choosing: the binary needs glibc alone.
TEST_F(LedgerProgram, NeedsNoLibraryButGlibc) {
  if (!program_exists("readelf")) GTEST_SKIP() << "readelf (binutils) not installed";
  const CommandResult r = run_process({"readelf", "-d", LEDGER_BINARY}, Deadline::after(*clock, 30));
  ASSERT_EQ(r.exit_status, 0) << r.err;
  std::vector<std::string> needed;
  for (std::size_t at = r.out.find("(NEEDED)"); at != std::string::npos;
       at = r.out.find("(NEEDED)", at + 1)) {
    const auto open = r.out.find('[', at), close = r.out.find(']', at);
    needed.push_back(r.out.substr(open + 1, close - open - 1));
  }
  // The dynamic loader is glibc's too (thread-local storage lookups of the static libstdc++).
  EXPECT_EQ(needed, (std::vector<std::string>{"libc.so.6", "ld-linux-x86-64.so.2"}));
}

}  // namespace
}  // namespace harness::ledger
